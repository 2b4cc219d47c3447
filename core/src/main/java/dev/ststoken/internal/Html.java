package dev.ststoken.internal;

import java.util.function.IntPredicate;

/**
 * HTML text and attribute values for the pages we serve or open in a browser (the emulator's
 * sign-in and console pages, the CLI's browser hand-off page), and the reverse for the sign-in
 * robots that read such pages back. One definition, so that no page escapes less than another.
 */
public final class Html {
    private Html() {}

    /**
     * The text with {@code & < > " '} as entities, safe in element text and in a quoted attribute
     * value; null is the empty string.
     */
    public static String escape(String text) {
        return escape(text, c -> false, ' ');
    }

    /**
     * As {@link #escape(String)}, and each character {@code replaced} matches (the control
     * characters a page must not show as such) becomes {@code replacement}.
     */
    public static String escape(String text, IntPredicate replaced, char replacement) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(replaced.test(c) ? replacement : c);
            }
        }
        return out.toString();
    }

    /** The reverse of {@link #escape(String)}: {@code &amp;} last, so that {@code &amp;lt;} stays {@code &lt;}. */
    public static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
