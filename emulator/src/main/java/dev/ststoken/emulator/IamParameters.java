package dev.ststoken.emulator;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * An IAM request's parameters, with IAM's model constraints. A parameter the model requires and the
 * request lacks is reported one way: {@link #required}'s ValidationError, in AWS's wording.
 */
final class IamParameters {
    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    static final Pattern CODE = Pattern.compile("[\\d]+");
    static final Pattern DESCRIPTION = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

    private final Map<String, String> params;

    IamParameters(Map<String, String> params) {
        this.params = params;
    }

    /** The value, or null when absent. */
    String optional(String name) {
        return params.get(name);
    }

    String optional(String name, String fallback) {
        return params.getOrDefault(name, fallback);
    }

    String required(String name) throws AwsError {
        String value = params.get(name);
        if (value == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** A required name (user, role, device) that also matches IAM's name pattern and length. */
    String requiredName(String name, int maxLength) throws AwsError {
        String value = required(name);
        checkName(member(name), value, maxLength);
        return value;
    }

    /** {@code Path}, "/" when absent. */
    String path() throws AwsError {
        String path = params.getOrDefault("Path", "/");
        Constraints c = new Constraints();
        c.string("path", path, 1, 512, PATH);
        c.check();
        return path;
    }

    static void checkName(String member, String value, int maxLength) throws AwsError {
        Constraints c = new Constraints();
        c.string(member, value, 1, maxLength, NAME);
        c.check();
    }

    /** The member name AWS's messages use: the parameter with a lower-case first letter. */
    static String member(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
