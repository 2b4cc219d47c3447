package dev.ststoken.internal;

/**
 * The pieces of RFC 9110's syntax both of our HTTP ends read alike: the client in core and the
 * emulator's server. One copy, so the two can never disagree about where a header's name or value
 * ends (two parsers disagreeing is how requests and responses are smuggled).
 */
public final class HttpSyntax {
    private HttpSyntax() {}

    /** A token (a method, a header name): one or more of RFC 9110's tchar. */
    public static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || (c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** A header line's value: what follows its colon, with the optional whitespace (SP, HTAB) at both ends left out. */
    public static String fieldValue(String line, int colon) {
        int start = colon + 1;
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(start, end);
    }
}
