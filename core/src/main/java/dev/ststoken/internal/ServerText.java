package dev.ststoken.internal;

/**
 * Text a server chose (error codes and messages, request ids, identities) made safe to print on a
 * terminal: escape sequences are dropped whole, line breaks and tabs become spaces, and every other
 * control or direction-changing character is dropped, so a hostile endpoint can neither forge
 * lines nor drive the terminal. A hand loop, not a regex: this runs on every error.
 */
public final class ServerText {
    private static final char ESC = 0x1b;
    private static final char CSI = 0x9b;
    private static final char OSC = 0x9d;
    private static final char BEL = 0x07;

    private ServerText() {}

    /** The text without control characters or escape sequences; null stays null. */
    public static String printable(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ESC) {
                i = afterEscape(text, i + 1);
            } else if (c == CSI) {
                i = afterControlSequence(text, i + 1);
            } else if (c == OSC) {
                i = afterStringSequence(text, i + 1);
            } else {
                if (c == '\n' || c == '\r' || c == '\t') {
                    out.append(' ');
                } else if (!isUnprintable(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnprintable(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Control characters, and the bidirectional marks, overrides and isolates that reorder what follows. */
    static boolean isUnprintable(char c) {
        return ControlCharacters.is(c)
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e
                || c == 0x200f
                || c == 0x061c;
    }

    /** ESC was at i-1: skip a CSI ({@code ESC [}), an OSC/DCS/PM/APC string, or a two-character sequence. */
    private static int afterEscape(String text, int i) {
        if (i >= text.length()) {
            return i;
        }
        char next = text.charAt(i);
        if (next == '[') {
            return afterControlSequence(text, i + 1);
        }
        if (next == ']' || next == 'P' || next == '^' || next == '_' || next == 'X') {
            return afterStringSequence(text, i + 1);
        }
        // ESC plus intermediates (0x20-0x2f) and one final character, e.g. ESC ( B or ESC c.
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) {
            i++;
        }
        return Math.min(i + 1, text.length());
    }

    /** Parameters and intermediates, then one final byte in 0x40-0x7e. */
    private static int afterControlSequence(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c >= 0x40 && c <= 0x7e || c < 0x20 || c > 0x7e) {
                return i; // the final byte, or a character that cannot belong to the sequence
            }
        }
        return i;
    }

    /** Up to BEL or the string terminator ({@code ESC \}, or the C1 ST), all of it dropped. */
    private static int afterStringSequence(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == BEL || c == 0x9c) {
                return i;
            }
            if (c == ESC) {
                return i < text.length() && text.charAt(i) == '\\' ? i + 1 : i;
            }
        }
        return i;
    }
}
