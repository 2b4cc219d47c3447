package dev.ststoken.emulator.request;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects model-constraint violations and reports them all in one ValidationError, in AWS's
 * wording: "2 validation errors detected: Value 'x' at 'tokenCode' failed to satisfy constraint: …; …".
 */
public final class Constraints {
    private final List<String> violations = new ArrayList<>();

    /**
     * An integer member. A value that is not a 32-bit integer never reaches validation: AWS's
     * deserializer refuses it at once with MalformedInput (a sign and leading zeros are fine).
     */
    public Integer integer(String member, String raw, long min, long max) throws AwsError {
        if (raw == null) {
            return null;
        }
        long value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw malformedNumber(raw);
        }
        if (value < min) {
            fail(raw, member, "Member must have value greater than or equal to " + min);
        } else if (value > max) {
            fail(raw, member, "Member must have value less than or equal to " + max);
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    static AwsError malformedNumber(String raw) {
        return AwsErrorCode.MALFORMED_INPUT.error(
                raw.isEmpty() ? "missing value for decimal type" : "invalid value for decimal type");
    }

    /** Lengths count characters (code points), as AWS's models do. */
    public void string(String member, String value, int minLength, int maxLength, Pattern pattern) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < minLength) {
            fail(value, member, "Member must have length greater than or equal to " + minLength);
        }
        if (length > maxLength) {
            fail(value, member, "Member must have length less than or equal to " + maxLength);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            fail(value, member, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    /** The same checks, the pattern reported first: the order AWS reports them in for an ARN member. */
    public void arn(String member, String value, int minLength, int maxLength, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            fail(value, member, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        string(member, value, minLength, maxLength, null);
    }

    public void required(String member, String value) {
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
    }

    public void fail(String value, String member, String rule) {
        violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + rule);
    }

    public void check() throws AwsError {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw AwsError.validation(
                n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
    }
}
