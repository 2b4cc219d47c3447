package dev.ststoken.emulator.policy;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Policy variables, as IAM's "Variables and tags" page describes them: {@code ${key}} (the key
 * case-insensitive), {@code ${key, 'default'}} (spaces around the key and the quoted default
 * ignored; {@code ''} in a default is one quote), and {@code ${*}}, {@code ${?}}, {@code ${$}}
 * for the characters themselves. One round: a default's text is not expanded again.
 */
final class Variables {
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
        BitSet literal = new BitSet();
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
}
