package dev.ststoken.emulator.policy;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An IAM policy document parsed into values: what the evaluator reads, separate from how IAM
 * stores and returns the text. Parsing checks what IAM checks when a policy is saved (known
 * elements, Effect, Action or NotAction, condition operators) and reports MalformedPolicyDocument.
 *
 * @param version "2012-10-17" (policy variables work) or "2008-10-17" (they are plain text)
 */
public record Policy(String version, List<Statement> statements) {
    static final String CURRENT = "2012-10-17";
    static final String LEGACY = "2008-10-17";

    /** One statement. Lists are never null; a principal is null when the statement has none. */
    public record Statement(
            String sid,
            boolean allow,
            Principals principal,
            Principals notPrincipal,
            List<String> actions,
            boolean notAction,
            List<String> resources,
            boolean notResource,
            List<Condition> conditions) {}

    /**
     * Principals by type ("AWS", "Service", "Federated", "CanonicalUser"); {@code anyone} for
     * {@code "*"}.
     */
    record Principals(boolean anyone, Map<String, List<String>> byType) {}

    /** Whether a condition looks at every value of the key, any of them, or the single value. */
    enum SetQualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    /**
     * One operator applied to one key with its values, e.g. {@code "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}.
     *
     * @param base the operator without qualifier and IfExists, e.g. "Bool"
     */
    public record Condition(
            String operator, SetQualifier qualifier, String base, boolean ifExists, String key, List<String> values) {}

    static final Set<String> OPERATORS = Set.of(
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
            "Bool",
            "BinaryEquals",
            "IpAddress",
            "NotIpAddress",
            "ArnEquals",
            "ArnLike",
            "ArnNotEquals",
            "ArnNotLike",
            "Null");

    private static final Set<String> STATEMENT_ELEMENTS = Set.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");

    /** IAM's refusal of a document it cannot store. */
    static AwsError malformed(String message) {
        return AwsErrorCode.MALFORMED_POLICY_DOCUMENT.error(message);
    }

    /**
     * Parses a document as IAM stores it.
     *
     * @param principalRequired true for trust policies (every statement names a principal),
     *                          false for identity policies (none may)
     */
    public static Policy parse(String text, boolean principalRequired) throws AwsError {
        Object root;
        try {
            root = Json.parse(text);
        } catch (RuntimeException e) {
            throw malformed("Syntax errors in policy.");
        }
        if (!(root instanceof Map)) {
            throw malformed("Syntax errors in policy.");
        }
        Map<?, ?> document = (Map<?, ?>) root;
        for (Object key : document.keySet()) {
            if (!Set.of("Version", "Id", "Statement").contains(key)) {
                throw malformed("Syntax errors in policy.");
            }
        }
        Object version = document.get("Version");
        if (version != null && !CURRENT.equals(version) && !LEGACY.equals(version)) {
            throw malformed("The policy must contain a valid version string");
        }
        Object statements = document.get("Statement");
        if (statements == null) {
            throw malformed("Syntax errors in policy.");
        }
        List<Statement> parsed = new ArrayList<>();
        for (Object statement : statements instanceof List ? (List<?>) statements : List.of(statements)) {
            parsed.add(statement(statement, principalRequired));
        }
        return new Policy(version == null ? LEGACY : (String) version, List.copyOf(parsed));
    }

    private static Statement statement(Object value, boolean principalRequired) throws AwsError {
        if (!(value instanceof Map)) {
            throw malformed("Syntax errors in policy.");
        }
        Map<?, ?> map = (Map<?, ?>) value;
        for (Object key : map.keySet()) {
            if (!STATEMENT_ELEMENTS.contains(key)) {
                throw malformed("Syntax errors in policy.");
            }
        }
        Object effect = map.get("Effect");
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
            throw malformed(effect == null ? "Missing required field Effect" : "Invalid effect: " + effect);
        }
        boolean hasAction = map.containsKey("Action");
        if (hasAction == map.containsKey("NotAction")) {
            throw malformed(hasAction ? "Syntax errors in policy." : "Policy statement must contain actions.");
        }
        if (map.containsKey("Resource") && map.containsKey("NotResource")) {
            throw malformed("Syntax errors in policy.");
        }
        boolean hasPrincipal = map.containsKey("Principal") || map.containsKey("NotPrincipal");
        if (principalRequired && !hasPrincipal) {
            throw malformed("Missing required field Principal");
        }
        if (!principalRequired && hasPrincipal) {
            throw malformed("Policy document should not specify a principal.");
        }
        if (!principalRequired && !map.containsKey("Resource") && !map.containsKey("NotResource")) {
            throw malformed("Policy statement must contain resources.");
        }
        List<String> actions = strings(hasAction ? map.get("Action") : map.get("NotAction"));
        for (String action : actions) {
            if (!action.equals("*") && action.indexOf(':') <= 0) {
                throw malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
        }
        boolean notResource = map.containsKey("NotResource");
        List<String> resources = map.containsKey("Resource") || notResource
                ? strings(notResource ? map.get("NotResource") : map.get("Resource"))
                : List.of("*");
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw malformed("Resource " + resource + " must be in ARN format or \"*\".");
            }
        }
        return new Statement(
                map.get("Sid") instanceof String ? (String) map.get("Sid") : null,
                "Allow".equals(effect),
                principals(map.get("Principal")),
                principals(map.get("NotPrincipal")),
                actions,
                !hasAction,
                resources,
                notResource,
                conditions(map.get("Condition")));
    }

    private static Principals principals(Object value) throws AwsError {
        if (value == null) {
            return null;
        }
        if ("*".equals(value)) {
            return new Principals(true, Map.of());
        }
        if (!(value instanceof Map)) {
            throw malformed("Invalid principal in policy");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            String type = String.valueOf(entry.getKey());
            if (!Set.of("AWS", "Service", "Federated", "CanonicalUser").contains(type)) {
                throw malformed("Invalid principal in policy");
            }
            byType.put(type, strings(entry.getValue()));
        }
        return new Principals(false, Map.copyOf(byType));
    }

    private static List<Condition> conditions(Object value) throws AwsError {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map)) {
            throw malformed("Syntax errors in policy.");
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<?, ?> byOperator : ((Map<?, ?>) value).entrySet()) {
            String operator = String.valueOf(byOperator.getKey());
            SetQualifier qualifier = SetQualifier.NONE;
            String base = operator;
            if (base.startsWith("ForAnyValue:")) {
                qualifier = SetQualifier.FOR_ANY_VALUE;
                base = base.substring("ForAnyValue:".length());
            } else if (base.startsWith("ForAllValues:")) {
                qualifier = SetQualifier.FOR_ALL_VALUES;
                base = base.substring("ForAllValues:".length());
            }
            boolean ifExists = base.endsWith("IfExists") && !base.equals("Null");
            if (ifExists) {
                base = base.substring(0, base.length() - "IfExists".length());
            }
            if (!OPERATORS.contains(base) || (ifExists && base.equals("Null"))) {
                throw malformed("Invalid Condition type : " + operator + ".");
            }
            if (!(byOperator.getValue() instanceof Map)) {
                throw malformed("Syntax errors in policy.");
            }
            for (Map.Entry<?, ?> byKey : ((Map<?, ?>) byOperator.getValue()).entrySet()) {
                out.add(new Condition(
                        operator,
                        qualifier,
                        base,
                        ifExists,
                        String.valueOf(byKey.getKey()),
                        strings(byKey.getValue())));
            }
        }
        return List.copyOf(out);
    }

    /** A string or a list of them; numbers and booleans are read as their text, as IAM does. */
    private static List<String> strings(Object value) throws AwsError {
        List<String> out = new ArrayList<>();
        for (Object item : value instanceof List ? (List<?>) value : java.util.Collections.singletonList(value)) {
            if (item instanceof String || item instanceof Long || item instanceof Boolean) {
                out.add(String.valueOf(item));
            } else if (item instanceof Double) {
                out.add(String.valueOf(item));
            } else {
                throw malformed("Syntax errors in policy.");
            }
        }
        return List.copyOf(out);
    }

    /** Context keys are case-insensitive; the evaluator looks them up in lower case. */
    public static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
