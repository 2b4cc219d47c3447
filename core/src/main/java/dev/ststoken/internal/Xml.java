package dev.ststoken.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A small non-validating XML reader for AWS Query responses, plus escaping for writers. The JDK's
 * parsers cost start-up and bring DTD processing we never want; AWS responses use elements, text,
 * a namespace attribute and the five predefined entities. A DOCTYPE is refused.
 */
public final class Xml {
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Xml(String text) {
        this.text = text;
    }

    /** Thrown for malformed XML; the message says where, never what (a response may hold secrets). */
    public static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** An element: local name (prefix dropped), its children and its concatenated text. */
    public static final class Element {
        private final String name;
        private final List<Element> children = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Element(String name) {
            this.name = name;
        }

        /** An element with no children and no text. */
        public static Element empty(String name) {
            return new Element(name);
        }

        public String name() {
            return name;
        }

        public List<Element> children() {
            return children;
        }

        public String text() {
            return text.toString().trim();
        }

        /** The first direct child with this name, or null. */
        public Element child(String childName) {
            for (Element child : children) {
                if (child.name.equals(childName)) {
                    return child;
                }
            }
            return null;
        }

        /** Follows a path of direct children; null when any step is missing. */
        public Element path(String... names) {
            Element current = this;
            for (String n : names) {
                current = current.child(n);
                if (current == null) {
                    return null;
                }
            }
            return current;
        }

        /** Text of the element at this path, or null. */
        public String textAt(String... names) {
            Element e = path(names);
            return e == null ? null : e.text();
        }

        @Override
        public String toString() {
            return "<" + name + "> with " + children.size() + " children";
        }
    }

    public static Element parse(String text) {
        Xml reader = new Xml(text);
        reader.skipProlog();
        if (reader.pos >= text.length() || text.charAt(reader.pos) != '<') {
            throw reader.error("no root element");
        }
        Element root = reader.readElement(0);
        reader.skipMisc();
        if (reader.pos != text.length()) {
            throw reader.error("content after the root element");
        }
        return root;
    }

    private ParseException error(String what) {
        return new ParseException(what + " at offset " + pos);
    }

    private void skipProlog() {
        skipMisc();
    }

    /** Whitespace, XML declarations/processing instructions and comments. */
    private void skipMisc() {
        while (true) {
            skipWhitespace();
            if (text.startsWith("<?", pos)) {
                skipPast("?>");
            } else if (text.startsWith("<!--", pos)) {
                skipPast("-->");
            } else if (text.startsWith("<!", pos)) {
                throw error("DOCTYPE and declarations are not accepted");
            } else {
                return;
            }
        }
    }

    private void skipPast(String terminator) {
        int end = text.indexOf(terminator, pos);
        if (end < 0) {
            throw error("unterminated markup");
        }
        pos = end + terminator.length();
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Element readElement(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        pos++; // '<'
        String qname = readName();
        Element element = new Element(localName(qname));
        // Attributes: skipped, but their quoted values may contain '>' so they are walked.
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unterminated start tag");
            }
            char c = text.charAt(pos);
            if (c == '/') {
                if (!text.startsWith("/>", pos)) {
                    throw error("bad empty-element tag");
                }
                pos += 2;
                return element;
            }
            if (c == '>') {
                pos++;
                break;
            }
            readName();
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw error("attribute without value");
            }
            pos++;
            skipWhitespace();
            if (pos >= text.length() || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
                throw error("unquoted attribute value");
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated attribute value");
            }
            pos = end + 1;
        }
        while (true) {
            if (pos >= text.length()) {
                throw error("unclosed element");
            }
            int lt = text.indexOf('<', pos);
            if (lt < 0) {
                throw error("unclosed element");
            }
            if (lt > pos) {
                element.text.append(unescape(text.substring(pos, lt)));
                pos = lt;
            }
            if (text.startsWith("</", pos)) {
                pos += 2;
                String closing = readName();
                if (!closing.equals(qname)) {
                    throw error("mismatched closing tag");
                }
                skipWhitespace();
                if (pos >= text.length() || text.charAt(pos) != '>') {
                    throw error("bad closing tag");
                }
                pos++;
                return element;
            } else if (text.startsWith("<!--", pos)) {
                skipPast("-->");
            } else if (text.startsWith("<![CDATA[", pos)) {
                int end = text.indexOf("]]>", pos);
                if (end < 0) {
                    throw error("unterminated CDATA");
                }
                element.text.append(text, pos + 9, end);
                pos = end + 3;
            } else if (text.startsWith("<?", pos)) {
                skipPast("?>");
            } else if (text.startsWith("<!", pos)) {
                throw error("declarations are not accepted");
            } else {
                element.children.add(readElement(depth + 1));
            }
        }
    }

    private String readName() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '>' || c == '/' || c == '=' || c == '<') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private static String localName(String qname) {
        int colon = qname.indexOf(':');
        return colon < 0 ? qname : qname.substring(colon + 1);
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int semi;
            if (c == '&' && (semi = s.indexOf(';', i)) > i && semi - i <= 10) {
                String entity = s.substring(i + 1, semi);
                String replacement = entity(entity);
                if (replacement != null) {
                    out.append(replacement);
                    i = semi;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String entity(String name) {
        switch (name) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            default:
                try {
                    int code = name.startsWith("#x") || name.startsWith("#X")
                            ? Integer.parseInt(name.substring(2), 16)
                            : name.startsWith("#") ? Integer.parseInt(name.substring(1)) : -1;
                    return code >= 0 && Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    /** Escapes text or attribute content. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r;
            switch (c) {
                case '&': r = "&amp;"; break;
                case '<': r = "&lt;"; break;
                case '>': r = "&gt;"; break;
                case '"': r = "&quot;"; break;
                case '\'': r = "&apos;"; break;
                default: r = null;
            }
            if (r != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(r);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
