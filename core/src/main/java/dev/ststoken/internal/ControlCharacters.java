package dev.ststoken.internal;

/**
 * The characters no value we write to a file, a shell line or a terminal may hold: C0 and C1
 * controls, DEL, and the Unicode line and paragraph separators (which some readers end lines at).
 * One definition for the output formats, the credentials file writer and the server-text filter.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    public static boolean is(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    /** True when any character of the value is one of them. */
    public static boolean in(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (is(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
