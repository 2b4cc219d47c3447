package dev.ststoken.emulator.policy;

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
 * variables ({@link Variables}) are replaced in Resource and in condition values of version
 * 2012-10-17 documents, and what they put in matches literally. Nothing here knows about HTTP or the account.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public enum Decision {
        ALLOWED,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    /**
     * What is asked: the action ("iam:ListAccessKeys"), the resource ARN and the context keys by
     * lower-case name. A key that is absent from {@code context} is absent from the request, as AWS
     * leaves keys out rather than sending empty values.
     */
    public record Request(String action, String resource, Map<String, List<String>> context) {}

    /** The decision and, for a deny or an allow, the statement that made it (null for a default deny). */
    public record Result(Decision decision, Policy.Statement statement) {}

    public static Result evaluate(List<Policy> policies, Request request) {
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

    public static boolean matchesAction(Policy.Statement statement, String action) {
        boolean any = false;
        for (String pattern : statement.actions()) {
            if (Wildcards.matches(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT))) {
                any = true;
                break;
            }
        }
        return any != statement.notAction();
    }

    /**
     * Resource: one of the patterns matches. A pattern whose variable has no value (and no default)
     * matches no resource; in NotResource it makes the whole statement not apply, rather than apply
     * to every resource.
     */
    public static boolean matchesResource(Policy policy, Policy.Statement statement, Request request) {
        boolean any = false;
        for (String pattern : statement.resources()) {
            Expanded expanded = Variables.expand(policy, pattern, request.context());
            if (expanded == null) {
                if (statement.notResource()) {
                    return false;
                }
                continue;
            }
            if (resourceMatches(expanded, request.resource())) {
                any = true;
                break;
            }
        }
        return any != statement.notResource();
    }

    static boolean resourceMatches(String pattern, String resource) {
        return resourceMatches(Expanded.policyText(pattern), resource);
    }

    /** An ARN pattern against an ARN: the five colon-separated parts one by one, then the rest. */
    static boolean resourceMatches(Expanded pattern, String resource) {
        // The simulator asks about "*" (any resource): every resource element covers it.
        if (pattern.isAnything() || resource.equals("*")) {
            return true;
        }
        List<Expanded> p = pattern.split(':', 6);
        String[] r = resource.split(":", 6);
        if (p.size() != 6 || r.length != 6) {
            return Wildcards.matches(pattern, resource);
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcards.matches(p.get(i), r[i])) {
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
        // A value whose variable has no value (and no default): the condition, so the statement,
        // does not match, whatever the operator (a negated one too).
        List<Expanded> wanted = new java.util.ArrayList<>(condition.values().size());
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
                return actual.split(":", 6).length == 6 && resourceMatches(pattern, actual);
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

    /**
     * A policy value after its variables are replaced. Which characters are wildcards is kept apart
     * from the text: only the policy's own {@code *} and {@code ?} are; a value put in for a
     * variable (a default too) and the escapes {@code ${*}}, {@code ${?}}, {@code ${$}} match only
     * themselves, as IAM's "Variables and tags" page has it.
     *
     * @param literal for each character of {@code text}, whether it came from a substitution
     */
    record Expanded(String text, boolean[] literal) {
        static Expanded policyText(String text) {
            return new Expanded(text, new boolean[text.length()]);
        }

        boolean wildcardAt(int i) {
            char c = text.charAt(i);
            return !literal[i] && (c == '*' || c == '?');
        }

        /** The policy's own "*": any resource. */
        boolean isAnything() {
            return text.equals("*") && !literal[0];
        }

        /** At most {@code limit} parts at the separator, as {@link String#split(String, int)} with a limit. */
        List<Expanded> split(char separator, int limit) {
            List<Expanded> parts = new java.util.ArrayList<>();
            int from = 0;
            for (int i = 0; i < text.length() && parts.size() < limit - 1; i++) {
                if (text.charAt(i) == separator) {
                    parts.add(part(from, i));
                    from = i + 1;
                }
            }
            parts.add(part(from, text.length()));
            return parts;
        }

        private Expanded part(int from, int to) {
            return new Expanded(text.substring(from, to), java.util.Arrays.copyOfRange(literal, from, to));
        }
    }

    /** {@code *} (any run, also empty) and {@code ?} (one character); everything else literal. */
    static final class Wildcards {
        private Wildcards() {}

        static boolean matches(String pattern, String text) {
            return matches(Expanded.policyText(pattern), text);
        }

        static boolean matches(Expanded pattern, String text) {
            String chars = pattern.text();
            int p = 0;
            int t = 0;
            int star = -1;
            int mark = 0;
            while (t < text.length()) {
                if (p < chars.length()
                        && ((chars.charAt(p) == '?' && pattern.wildcardAt(p))
                                || (chars.charAt(p) == text.charAt(t) && !pattern.wildcardAt(p)))) {
                    p++;
                    t++;
                } else if (p < chars.length() && chars.charAt(p) == '*' && pattern.wildcardAt(p)) {
                    star = p++;
                    mark = t;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++mark;
                } else {
                    return false;
                }
            }
            while (p < chars.length() && chars.charAt(p) == '*' && pattern.wildcardAt(p)) {
                p++;
            }
            return p == chars.length();
        }
    }

    /**
     * Policy variables, as IAM's "Variables and tags" page describes them: {@code ${key}} (the key
     * case-insensitive), {@code ${key, 'default'}} (spaces around the key and the quoted default
     * ignored; {@code ''} in a default is one quote), and {@code ${*}}, {@code ${?}}, {@code ${$}}
     * for the characters themselves. One round: a default's text is not expanded again.
     */
    static final class Variables {
        private Variables() {}

        /**
         * The text with its variables replaced; null when a variable's key is absent or has more
         * than one value and there is no default, which makes the element match nothing. Documents
         * of version 2008-10-17 have no variables: their text is returned as it is.
         */
        static Expanded expand(Policy policy, String text, Map<String, List<String>> context) {
            if (!Policy.CURRENT.equals(policy.version()) || !text.contains("${")) {
                return Expanded.policyText(text);
            }
            StringBuilder out = new StringBuilder(text.length());
            java.util.BitSet literal = new java.util.BitSet();
            int i = 0;
            while (i < text.length()) {
                int start = text.indexOf("${", i);
                Variable variable = start < 0 ? null : Variable.parse(text, start + 2);
                if (variable == null) {
                    // No (well-formed) variable here: the "${" is policy text.
                    int to = start < 0 ? text.length() : start + 2;
                    out.append(text, i, to);
                    i = to;
                    continue;
                }
                out.append(text, i, start);
                String value = variable.special();
                if (value == null) {
                    List<String> values = context.get(Policy.keyOf(variable.key()));
                    value = values == null || values.size() != 1 ? variable.fallback() : values.get(0);
                    if (value == null) {
                        return null;
                    }
                }
                literal.set(out.length(), out.length() + value.length());
                out.append(value);
                i = variable.end();
            }
            boolean[] mask = new boolean[out.length()];
            for (int k = literal.nextSetBit(0); k >= 0 && k < mask.length; k = literal.nextSetBit(k + 1)) {
                mask[k] = true;
            }
            return new Expanded(out.toString(), mask);
        }
    }

    /**
     * One {@code ${...}}: a special character ({@code special}), or a key with an optional default.
     *
     * @param end the index just past its closing brace
     */
    private record Variable(String special, String key, String fallback, int end) {
        /** The variable whose text starts at {@code from} (just past "${"); null when it is not one. */
        static Variable parse(String text, int from) {
            int close = text.indexOf('}', from);
            if (close < 0) {
                return null;
            }
            String plain = text.substring(from, close).trim();
            if (plain.equals("*") || plain.equals("?") || plain.equals("$")) {
                return new Variable(plain, null, null, close + 1);
            }
            int comma = -1;
            for (int k = from; k < close; k++) {
                if (text.charAt(k) == ',') {
                    comma = k;
                    break;
                }
            }
            if (comma < 0) {
                return plain.isEmpty() ? null : new Variable(null, plain, null, close + 1);
            }
            String key = text.substring(from, comma).trim();
            int k = comma + 1;
            while (k < text.length() && text.charAt(k) == ' ') {
                k++;
            }
            if (key.isEmpty() || k >= text.length() || text.charAt(k) != '\'') {
                return null;
            }
            StringBuilder fallback = new StringBuilder();
            k++;
            while (true) {
                if (k >= text.length()) {
                    return null;
                }
                char c = text.charAt(k);
                if (c == '\'') {
                    if (k + 1 < text.length() && text.charAt(k + 1) == '\'') {
                        fallback.append('\'');
                        k += 2;
                        continue;
                    }
                    k++;
                    break;
                }
                fallback.append(c);
                k++;
            }
            while (k < text.length() && text.charAt(k) == ' ') {
                k++;
            }
            if (k >= text.length() || text.charAt(k) != '}') {
                return null;
            }
            return new Variable(null, key, fallback.toString(), k + 1);
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
