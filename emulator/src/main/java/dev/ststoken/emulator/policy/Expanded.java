package dev.ststoken.emulator.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        List<Expanded> parts = new ArrayList<>();
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
        return new Expanded(text.substring(from, to), Arrays.copyOfRange(literal, from, to));
    }
}
