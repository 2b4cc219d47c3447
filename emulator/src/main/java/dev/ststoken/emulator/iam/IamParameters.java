package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.policy.Policy;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Constraints;
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
    static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]+");
    static final Pattern POLICY_DOCUMENT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    static final Pattern POLICY_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}|aws):policy(/[\\u0021-\\u007E]*)?/[\\w+=,.@-]+");
    static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
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

    /** A list member ({@code Name.member.1}, {@code Name.member.2}...), empty when absent. */
    java.util.List<String> list(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 1; params.containsKey(name + ".member." + i); i++) {
            out.add(params.get(name + ".member." + i));
        }
        return out;
    }

    /** Members of a list of structures: {@code Name.member.N.Field}, by N, as maps of fields. */
    java.util.List<Map<String, String>> structures(String name) {
        java.util.List<Map<String, String>> out = new java.util.ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i + ".";
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> entry : params.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    fields.put(entry.getKey().substring(prefix.length()), entry.getValue());
                }
            }
            if (fields.isEmpty()) {
                return out;
            }
            out.add(fields);
        }
    }

    /** A required policy document: IAM's model checks, then IAM's own (MalformedPolicyDocument). */
    String policyDocument(String name, boolean trust) throws AwsError {
        String document = required(name);
        Constraints c = new Constraints();
        c.string(member(name), document, 1, 131072, POLICY_DOCUMENT);
        c.check();
        Policy.parse(document, trust);
        return document;
    }

    String policyArn() throws AwsError {
        String arn = required("PolicyArn");
        Constraints c = new Constraints();
        c.string("policyArn", arn, 20, 2048, null);
        c.check();
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw AwsErrorCode.INVALID_INPUT.error("ARN " + arn + " is not valid.");
        }
        return arn;
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
