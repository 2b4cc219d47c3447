package dev.ststoken.emulator.policy;

/** {@code *} (any run, also empty) and {@code ?} (one character); everything else literal. */
final class Wildcards {
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
