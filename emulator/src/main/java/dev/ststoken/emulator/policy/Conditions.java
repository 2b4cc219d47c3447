package dev.ststoken.emulator.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Condition element: each operator (String, Numeric, Date, Bool, Binary, Arn, IpAddress and
 * their negations, Null), the ForAllValues/ForAnyValue qualifiers and IfExists, over the request's
 * context keys. Values are policy text after {@link Variables} replaced their variables.
 */
final class Conditions {
    private Conditions() {}

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
        // A value whose variable has no value (and no default): the condition, so the statement,
        // does not match, whatever the operator (a negated one too).
        List<Expanded> wanted = new ArrayList<>(condition.values().size());
        for (String value : condition.values()) {
            Expanded expanded = Variables.expand(policy, value, context);
            if (expanded == null) {
                return false;
            }
            wanted.add(expanded);
        }
        boolean negated = negated(base);
        switch (condition.qualifier()) {
            case FOR_ALL_VALUES:
                if (absent) {
                    return true;
                }
                for (String value : actual) {
                    if (!matchesValues(condition, wanted, value, negated)) {
                        return false;
                    }
                }
                return true;
            case FOR_ANY_VALUE:
                if (absent) {
                    return condition.ifExists();
                }
                for (String value : actual) {
                    if (matchesValues(condition, wanted, value, negated)) {
                        return true;
                    }
                }
                return false;
            default:
                if (absent) {
                    return condition.ifExists() || negated;
                }
                for (String value : actual) {
                    if (matchesValues(condition, wanted, value, negated)) {
                        return true;
                    }
                }
                return false;
        }
    }

    /** Positive operators: the value matches one of the condition's values; negated: none of them. */
    private static boolean matchesValues(
            Policy.Condition condition, List<Expanded> wanted, String value, boolean negated) {
        String positive = negated ? positiveOf(condition.base()) : condition.base();
        for (Expanded expanded : wanted) {
            if (compare(positive, value, expanded)) {
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
        return compare(operator, actual, Expanded.policyText(wanted));
    }

    /** The like operators read the policy value's wildcards; the others its text. */
    static boolean compare(String operator, String actual, Expanded pattern) {
        String wanted = pattern.text();
        switch (operator) {
            case "StringEquals":
                return actual.equals(wanted);
            case "StringEqualsIgnoreCase":
                return actual.equalsIgnoreCase(wanted);
            case "StringLike":
                return Wildcards.matches(pattern, actual);
            case "Bool":
                return actual.equalsIgnoreCase(wanted);
            case "BinaryEquals":
                return base64(actual).equals(base64(wanted));
            case "ArnEquals":
            case "ArnLike":
                return actual.split(":", 6).length == 6 && PolicyEvaluator.resourceMatches(pattern, actual);
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
