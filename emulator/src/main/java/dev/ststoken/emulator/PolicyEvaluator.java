package dev.ststoken.emulator;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IAM's policy evaluation as a pure function of the policies and the request: an explicit deny in
 * any statement wins, else an allow, else the default deny. Actions match case-insensitively,
 * resources and string conditions case-sensitively, both with {@code *} and {@code ?}; policy
 * variables ({@code ${aws:username}}, with a default after a comma) are replaced in Resource and in
 * condition values of version 2012-10-17 documents. Nothing here knows about HTTP or the account.
 */
final class PolicyEvaluator {
    private PolicyEvaluator() {}

    enum Decision {
        ALLOWED,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    /**
     * What is asked: the action ("iam:ListAccessKeys"), the resource ARN and the context keys by
     * lower-case name. A key that is absent from {@code context} is absent from the request, as AWS
     * leaves keys out rather than sending empty values.
     */
    record Request(String action, String resource, Map<String, List<String>> context) {}

    /** The decision and, for a deny or an allow, the statement that made it (null for a default deny). */
    record Result(Decision decision, Policy.Statement statement) {}

    static Result evaluate(List<Policy> policies, Request request) {
        Policy.Statement allowing = null;
        for (Policy policy : policies) {
            for (Policy.Statement statement : policy.statements()) {
                if (applies(policy, statement, request)) {
                    if (!statement.allow()) {
                        return new Result(Decision.EXPLICIT_DENY, statement);
                    }
                    if (allowing == null) {
                        allowing = statement;
                    }
                }
            }
        }
        return allowing == null ? new Result(Decision.IMPLICIT_DENY, null) : new Result(Decision.ALLOWED, allowing);
    }

    /** Action, resource and every condition match (principals are the caller's business). */
    static boolean applies(Policy policy, Policy.Statement statement, Request request) {
        return matchesAction(statement, request.action())
                && matchesResource(policy, statement, request)
                && conditionsHold(policy, statement.conditions(), request.context());
    }

    static boolean matchesAction(Policy.Statement statement, String action) {
        boolean any = false;
        for (String pattern : statement.actions()) {
            if (Wildcards.matches(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT))) {
                any = true;
                break;
            }
        }
        return any != statement.notAction();
    }

    static boolean matchesResource(Policy policy, Policy.Statement statement, Request request) {
        boolean any = false;
        for (String pattern : statement.resources()) {
            String expanded = Variables.expand(policy, pattern, request.context());
            if (expanded != null && resourceMatches(expanded, request.resource())) {
                any = true;
                break;
            }
        }
        return any != statement.notResource();
    }

    /** An ARN pattern against an ARN: the five colon-separated parts one by one, then the rest. */
    static boolean resourceMatches(String pattern, String resource) {
        // The simulator asks about "*" (any resource): every resource element covers it.
        if (pattern.equals("*") || resource.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", 6);
        String[] r = resource.split(":", 6);
        if (p.length != 6 || r.length != 6) {
            return Wildcards.matches(pattern, resource);
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcards.matches(p[i], r[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean conditionsHold(Policy policy, List<Policy.Condition> conditions, Map<String, List<String>> context) {
        for (Policy.Condition condition : conditions) {
            if (!holds(policy, condition, context)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One condition, with AWS's rules for absent keys: false, except for the negated operators
     * (true), {@code ...IfExists} (true), {@code ForAllValues:} (true) and Null (which asks exactly that).
     */
    static boolean holds(Policy policy, Policy.Condition condition, Map<String, List<String>> context) {
        List<String> actual = context.get(Policy.keyOf(condition.key()));
        boolean absent = actual == null || actual.isEmpty();
        String base = condition.base();
        if (base.equals("Null")) {
            for (String wanted : condition.values()) {
                if (Boolean.parseBoolean(wanted) == absent) {
                    return true;
                }
            }
            return false;
        }
        boolean negated = negated(base);
        switch (condition.qualifier()) {
            case FOR_ALL_VALUES:
                if (absent) {
                    return true;
                }
                for (String value : actual) {
                    if (!matchesValues(policy, condition, value, negated, context)) {
                        return false;
                    }
                }
                return true;
            case FOR_ANY_VALUE:
                if (absent) {
                    return condition.ifExists();
                }
                for (String value : actual) {
                    if (matchesValues(policy, condition, value, negated, context)) {
                        return true;
                    }
                }
                return false;
            default:
                if (absent) {
                    return condition.ifExists() || negated;
                }
                for (String value : actual) {
                    if (matchesValues(policy, condition, value, negated, context)) {
                        return true;
                    }
                }
                return false;
        }
    }

    /** Positive operators: the value matches one of the condition's values; negated: none of them. */
    private static boolean matchesValues(
            Policy policy,
            Policy.Condition condition,
            String value,
            boolean negated,
            Map<String, List<String>> context) {
        String positive = negated ? positiveOf(condition.base()) : condition.base();
        for (String wanted : condition.values()) {
            String expanded = Variables.expand(policy, wanted, context);
            if (expanded != null && compare(positive, value, expanded)) {
                return !negated;
            }
        }
        return negated;
    }

    static boolean negated(String base) {
        return base.contains("Not") && !base.equals("Null");
    }

    private static String positiveOf(String base) {
        return base.equals("NotIpAddress") ? "IpAddress" : base.replace("Not", "");
    }

    /** One positive operator on one value from the request against one value from the policy. */
    static boolean compare(String operator, String actual, String wanted) {
        switch (operator) {
            case "StringEquals":
                return actual.equals(wanted);
            case "StringEqualsIgnoreCase":
                return actual.equalsIgnoreCase(wanted);
            case "StringLike":
                return Wildcards.matches(wanted, actual);
            case "Bool":
                return actual.equalsIgnoreCase(wanted);
            case "BinaryEquals":
                return base64(actual).equals(base64(wanted));
            case "ArnEquals":
            case "ArnLike":
                return actual.split(":", 6).length == 6 && resourceMatches(wanted, actual);
            case "IpAddress":
                return Cidr.contains(wanted, actual);
            default:
                if (operator.startsWith("Numeric")) {
                    return numeric(operator.substring("Numeric".length()), actual, wanted);
                }
                if (operator.startsWith("Date")) {
                    return date(operator.substring("Date".length()), actual, wanted);
                }
                return false;
        }
    }

    private static String base64(String value) {
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return "\u0000invalid:" + value;
        }
    }

    private static boolean numeric(String relation, String actual, String wanted) {
        try {
            return relation(relation, new BigDecimal(actual).compareTo(new BigDecimal(wanted)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean date(String relation, String actual, String wanted) {
        Instant a = instant(actual);
        Instant w = instant(wanted);
        return a != null && w != null && relation(relation, a.compareTo(w));
    }

    /** ISO 8601 with a zone, a date alone, or epoch seconds: the forms IAM accepts. */
    static Instant instant(String value) {
        try {
            if (value.matches("-?\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Instant.parse(value + "T00:00:00Z");
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean relation(String relation, int comparison) {
        switch (relation) {
            case "Equals":
                return comparison == 0;
            case "LessThan":
                return comparison < 0;
            case "LessThanEquals":
                return comparison <= 0;
            case "GreaterThan":
                return comparison > 0;
            case "GreaterThanEquals":
                return comparison >= 0;
            default:
                return false;
        }
    }

    /** {@code *} (any run, also empty) and {@code ?} (one character); everything else literal. */
    static final class Wildcards {
        private Wildcards() {}

        static boolean matches(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int mark = 0;
            while (t < text.length()) {
                if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                    p++;
                    t++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    mark = t;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++mark;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }

    /** Policy variables: {@code ${key}}, {@code ${key, 'default'}}, and {@code ${*}}, {@code ${?}}, {@code ${$}}. */
    static final class Variables {
        private Variables() {}

        /**
         * The text with its variables replaced; null when a variable has no value and no default,
         * which makes the element match nothing. {@code ${*}} and {@code ${?}} become the characters,
         * which the matcher then reads as wildcards (IAM names cannot contain them, so no request
         * value is affected).
         */
        static String expand(Policy policy, String text, Map<String, List<String>> context) {
            if (!Policy.CURRENT.equals(policy.version()) || !text.contains("${")) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            int i = 0;
            while (i < text.length()) {
                int start = text.indexOf("${", i);
                int end = start < 0 ? -1 : text.indexOf('}', start);
                if (start < 0 || end < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                out.append(text, i, start);
                String inside = text.substring(start + 2, end).trim();
                String value;
                if (inside.equals("*") || inside.equals("?") || inside.equals("$")) {
                    value = inside;
                } else {
                    String key = inside;
                    String fallback = null;
                    int comma = inside.indexOf(',');
                    if (comma >= 0) {
                        key = inside.substring(0, comma).trim();
                        String rest = inside.substring(comma + 1).trim();
                        if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                            fallback = rest.substring(1, rest.length() - 1);
                        }
                    }
                    List<String> values = context.get(Policy.keyOf(key));
                    value = values == null || values.size() != 1 ? fallback : values.get(0);
                    if (value == null) {
                        return null;
                    }
                }
                out.append(value);
                i = end + 1;
            }
            return out.toString();
        }
    }

    /** An IPv4 or IPv6 address against an address or a CIDR block. */
    static final class Cidr {
        private Cidr() {}

        static boolean contains(String block, String address) {
            try {
                int slash = block.indexOf('/');
                if (!literal(slash < 0 ? block : block.substring(0, slash))) {
                    return false;
                }
                byte[] network = InetAddress.getByName(slash < 0 ? block : block.substring(0, slash))
                        .getAddress();
                if (!literal(address)) {
                    return false;
                }
                byte[] candidate = InetAddress.getByName(address).getAddress();
                if (network.length != candidate.length) {
                    return false;
                }
                int bits = slash < 0 ? network.length * 8 : Integer.parseInt(block.substring(slash + 1));
                for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
                    int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                    if ((network[i] & mask) != (candidate[i] & mask)) {
                        return false;
                    }
                }
                return true;
            } catch (UnknownHostException | NumberFormatException e) {
                return false;
            }
        }

        /** Only literals: a host name must never cause a DNS lookup. */
        private static boolean literal(String address) {
            return address.matches("[0-9a-fA-F:.]+") && !address.isEmpty();
        }
    }
}
