package dev.ststoken.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A small non-validating XML reader for AWS Query responses, plus escaping for writers. The JDK's
 * parsers cost start-up and bring DTD processing we never want; AWS responses use elements, text,
 * a namespace attribute and the five predefined entities. A DOCTYPE is refused; otherwise a document
 * is accepted exactly when the JDK's namespace-aware parser accepts it (names, characters,
 * references, comments, declared prefixes, duplicate attributes), with the same elements and text,
 * so that a malformed or truncated answer never reads as a partial one. Nesting stops at 64 levels.
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
        reader.xmlDeclaration();
        reader.skipMisc();
        if (reader.pos >= text.length() || text.charAt(reader.pos) != '<') {
            throw reader.error("no root element");
        }
        Element root = reader.readElement(0, null);
        reader.skipMisc();
        if (reader.pos != text.length()) {
            throw reader.error("content after the root element");
        }
        return root;
    }

    private ParseException error(String what) {
        return new ParseException(what + " at offset " + pos);
    }

    /** The namespace prefixes declared by an element and its ancestors, innermost first. */
    private static final class Scope {
        final String prefix;
        final String uri;
        final Scope parent;

        Scope(String prefix, String uri, Scope parent) {
            this.prefix = prefix;
            this.uri = uri;
            this.parent = parent;
        }

        static String uri(Scope scope, String prefix) {
            if (prefix.equals("xml")) {
                return XML_NAMESPACE;
            }
            for (Scope s = scope; s != null; s = s.parent) {
                if (s.prefix.equals(prefix)) {
                    return s.uri;
                }
            }
            return null;
        }
    }

    private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

    /** {@code <?xml version="1.0" [encoding="..."] [standalone="yes|no"]?>}, allowed only as the very first thing. */
    private void xmlDeclaration() {
        if (!text.startsWith("<?xml", 0) || text.length() < 6 || !isS(text.charAt(5))) {
            return;
        }
        pos = 5;
        pseudoAttribute("version", true);
        pseudoAttribute("encoding", false);
        pseudoAttribute("standalone", false);
        skipS();
        if (!text.startsWith("?>", pos)) {
            throw error("bad XML declaration");
        }
        pos += 2;
    }

    /** One {@code S name = "value"} of the XML declaration; its value is checked against what the name allows. */
    private void pseudoAttribute(String name, boolean required) {
        int start = pos;
        if (!skipS() || !text.startsWith(name, pos)) {
            if (required) {
                throw error("bad XML declaration");
            }
            pos = start;
            return;
        }
        pos += name.length();
        skipS();
        if (pos >= text.length() || text.charAt(pos) != '=') {
            throw error("bad XML declaration");
        }
        pos++;
        skipS();
        char quote = pos < text.length() ? text.charAt(pos) : 0;
        int end = quote == '"' || quote == '\'' ? text.indexOf(quote, pos + 1) : -1;
        if (end < 0) {
            throw error("bad XML declaration");
        }
        String value = text.substring(pos + 1, end);
        boolean ok;
        switch (name) {
            case "version":
                ok = value.equals("1.0");
                break;
            case "standalone":
                ok = value.equals("yes") || value.equals("no");
                break;
            default:
                ok = true; // the text is already characters: like the JDK reading a String, the name is not looked at
        }
        if (!ok) {
            throw error("bad XML declaration");
        }
        pos = end + 1;
    }

    /** Whitespace, processing instructions and comments, outside the root element. */
    private void skipMisc() {
        while (true) {
            skipS();
            if (text.startsWith("<?", pos)) {
                processingInstruction();
            } else if (text.startsWith("<!--", pos)) {
                comment();
            } else if (text.startsWith("<!", pos)) {
                throw error("DOCTYPE and declarations are not accepted");
            } else {
                return;
            }
        }
    }

    /** A comment holds no "--" and does not end with '-'. */
    private void comment() {
        int start = pos + 4;
        int dashes = text.indexOf("--", start);
        if (dashes < 0) {
            throw error("unterminated comment");
        }
        if (dashes + 2 >= text.length() || text.charAt(dashes + 2) != '>') {
            pos = dashes;
            throw error("'--' inside a comment");
        }
        checkChars(start, dashes);
        pos = dashes + 3;
    }

    /** {@code <?target data?>}; the target "xml" is reserved for the declaration at the very start. */
    private void processingInstruction() {
        pos += 2;
        String target = readName();
        if (target.equalsIgnoreCase("xml")) {
            throw error("XML declaration not at the start");
        }
        if (!text.startsWith("?>", pos) && !skipS()) {
            throw error("bad processing instruction");
        }
        int end = text.indexOf("?>", pos);
        if (end < 0) {
            throw error("unterminated processing instruction");
        }
        checkChars(pos, end);
        pos = end + 2;
    }

    private static boolean isS(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Skips XML whitespace (space, tab, CR, LF: nothing wider); says whether there was any. */
    private boolean skipS() {
        int start = pos;
        while (pos < text.length() && isS(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private Element readElement(int depth, Scope parentScope) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        pos++; // '<'
        String qname = readQName();
        List<String> attributes = new ArrayList<>(); // name, value, name, value...
        boolean empty = false;
        while (true) {
            boolean spaced = skipS();
            if (pos >= text.length()) {
                throw error("unterminated start tag");
            }
            char c = text.charAt(pos);
            if (c == '/') {
                if (!text.startsWith("/>", pos)) {
                    throw error("bad empty-element tag");
                }
                pos += 2;
                empty = true;
                break;
            }
            if (c == '>') {
                pos++;
                break;
            }
            if (!spaced) {
                throw error("attributes must be separated by whitespace");
            }
            String name = readQName();
            for (int i = 0; i < attributes.size(); i += 2) {
                if (attributes.get(i).equals(name)) {
                    throw error("duplicate attribute");
                }
            }
            skipS();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw error("attribute without value");
            }
            pos++;
            skipS();
            if (pos >= text.length() || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
                throw error("unquoted attribute value");
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated attribute value");
            }
            int lt = indexOf('<', pos, end);
            if (lt >= 0) {
                pos = lt;
                throw error("'<' in an attribute value");
            }
            attributes.add(name);
            attributes.add(characterData(pos, end));
            pos = end + 1;
        }
        Scope scope = declareNamespaces(attributes, parentScope);
        Element element = new Element(localName(qname, scope));
        checkAttributeNames(attributes, scope);
        if (empty) {
            return element;
        }
        while (true) {
            int lt = text.indexOf('<', pos);
            if (lt < 0) {
                pos = text.length();
                throw error("unclosed element");
            }
            if (lt > pos) {
                for (int i = indexOf(']', pos, lt); i >= 0; i = indexOf(']', i + 1, lt)) {
                    if (text.startsWith("]]>", i)) {
                        pos = i;
                        throw error("']]>' in text");
                    }
                }
                element.text.append(characterData(pos, lt));
                pos = lt;
            }
            if (text.startsWith("</", pos)) {
                pos += 2;
                String closing = readName();
                if (!closing.equals(qname)) {
                    throw error("mismatched closing tag");
                }
                skipS();
                if (pos >= text.length() || text.charAt(pos) != '>') {
                    throw error("bad closing tag");
                }
                pos++;
                return element;
            } else if (text.startsWith("<!--", pos)) {
                comment();
            } else if (text.startsWith("<![CDATA[", pos)) {
                int end = text.indexOf("]]>", pos);
                if (end < 0) {
                    throw error("unterminated CDATA");
                }
                checkChars(pos + 9, end);
                appendNormalisingNewlines(element.text, pos + 9, end);
                pos = end + 3;
            } else if (text.startsWith("<?", pos)) {
                processingInstruction();
            } else if (text.startsWith("<!", pos)) {
                throw error("declarations are not accepted");
            } else {
                element.children.add(readElement(depth + 1, scope));
            }
        }
    }

    /** The scope with this element's xmlns:p declarations; a prefix cannot be bound to nothing. */
    private Scope declareNamespaces(List<String> attributes, Scope scope) {
        for (int i = 0; i < attributes.size(); i += 2) {
            String name = attributes.get(i);
            if (name.startsWith("xmlns:")) {
                String prefix = name.substring(6);
                String uri = attributes.get(i + 1);
                if (prefix.equals("xmlns") || uri.isEmpty() || prefix.equals("xml") != uri.equals(XML_NAMESPACE)) {
                    throw error("bad namespace declaration");
                }
                scope = new Scope(prefix, uri, scope);
            }
        }
        return scope;
    }

    /** Prefixes must be declared, and two attributes cannot have the same namespace and local name. */
    private void checkAttributeNames(List<String> attributes, Scope scope) {
        for (int i = 0; i < attributes.size(); i += 2) {
            String name = attributes.get(i);
            int colon = name.indexOf(':');
            if (colon <= 0 || name.startsWith("xmlns:")) {
                continue;
            }
            String uri = namespaceOf(name.substring(0, colon), scope);
            for (int j = 0; j < i; j += 2) {
                String other = attributes.get(j);
                int otherColon = other.indexOf(':');
                if (otherColon > 0
                        && !other.startsWith("xmlns:")
                        && other.substring(otherColon + 1).equals(name.substring(colon + 1))
                        && namespaceOf(other.substring(0, otherColon), scope).equals(uri)) {
                    throw error("duplicate attribute");
                }
            }
        }
    }

    private String namespaceOf(String prefix, Scope scope) {
        String uri = Scope.uri(scope, prefix);
        if (uri == null) {
            throw error("undeclared namespace prefix");
        }
        return uri;
    }

    /**
     * A name with at most one colon, not at the end (a namespace-aware QName). A leading colon reads
     * as no prefix, as the JDK's parser reads it.
     */
    private String readQName() {
        int start = pos;
        String name = readName();
        int colon = name.indexOf(':', 1);
        if (colon > 0 && (name.charAt(0) == ':' || colon == name.length() - 1 || name.indexOf(':', colon + 1) >= 0)) {
            pos = start;
            throw error("bad name");
        }
        return name;
    }

    private String localName(String qname, Scope scope) {
        int colon = qname.indexOf(':');
        if (colon <= 0) {
            return colon < 0 ? qname : qname.substring(1);
        }
        namespaceOf(qname.substring(0, colon), scope);
        return qname.substring(colon + 1);
    }

    /** An XML Name: a name-start character, then name characters. */
    private String readName() {
        int start = pos;
        while (pos < text.length()) {
            int c = text.codePointAt(pos);
            if (pos == start ? !isNameStart(c) : !isNameChar(c)) {
                break;
            }
            pos += Character.charCount(c);
        }
        if (pos == start) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private static boolean isNameStart(int c) {
        return c == ':'
                || (c >= 'A' && c <= 'Z')
                || c == '_'
                || (c >= 'a' && c <= 'z')
                || (c >= 0xC0 && c <= 0xD6)
                || (c >= 0xD8 && c <= 0xF6)
                || (c >= 0xF8 && c <= 0x2FF)
                || (c >= 0x370 && c <= 0x37D)
                || (c >= 0x37F && c <= 0x1FFF)
                || (c >= 0x200C && c <= 0x200D)
                || (c >= 0x2070 && c <= 0x218F)
                || (c >= 0x2C00 && c <= 0x2FEF)
                || (c >= 0x3001 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFDCF)
                || (c >= 0xFDF0 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0xEFFFF);
    }

    private static boolean isNameChar(int c) {
        return isNameStart(c)
                || c == '-'
                || c == '.'
                || (c >= '0' && c <= '9')
                || c == 0xB7
                || (c >= 0x300 && c <= 0x36F)
                || (c >= 0x203F && c <= 0x2040);
    }

    /** XML's Char: tab, LF, CR, and the rest of Unicode but for other controls, lone surrogates, FFFE and FFFF. */
    private static boolean isChar(int c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private void checkChars(int from, int to) {
        for (int i = from; i < to; ) {
            int c = text.codePointAt(i);
            if (!isChar(c) || (Character.isSurrogate((char) c) && c < 0x10000)) {
                pos = i;
                throw error("a character XML does not allow");
            }
            i += Character.charCount(c);
        }
    }

    /** Text or an attribute value: characters checked, references resolved, line ends made '\n'. */
    private String characterData(int from, int to) {
        checkChars(from, to);
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int amp = indexOf('&', i, to);
            if (amp < 0) {
                appendNormalisingNewlines(out, i, to);
                break;
            }
            appendNormalisingNewlines(out, i, amp);
            int semi = indexOf(';', amp, to);
            String replacement = semi < 0 ? null : entity(text.substring(amp + 1, semi));
            if (replacement == null) {
                pos = amp;
                throw error("a '&' that is not a known reference");
            }
            out.append(replacement);
            i = semi + 1;
        }
        return out.toString();
    }

    /** The first {@code c} in [from, to), or -1: String.indexOf would search on to the end of a long answer. */
    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** As XML requires before parsing: CR LF and a lone CR become LF (a &#13; reference stays a CR). */
    private void appendNormalisingNewlines(StringBuilder out, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < to && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
    }

    /** The five predefined entities and character references; null for anything else. */
    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                return name.startsWith("#x")
                        ? characterReference(name, 2, 16)
                        : name.startsWith("#") ? characterReference(name, 1, 10) : null;
        }
    }

    private static String characterReference(String name, int start, int radix) {
        if (name.length() == start) {
            return null;
        }
        int code = 0;
        for (int i = start; i < name.length(); i++) {
            // ASCII digits only: Character.digit would also take other scripts' digits.
            int digit = name.charAt(i) > 'f' ? -1 : Character.digit(name.charAt(i), radix);
            if (digit < 0) {
                return null;
            }
            code = code * radix + digit;
            if (code > Character.MAX_CODE_POINT) {
                return null;
            }
        }
        return isChar(code) ? new String(Character.toChars(code)) : null;
    }

    /** Escapes text or attribute content. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r;
            switch (c) {
                case '&':
                    r = "&amp;";
                    break;
                case '<':
                    r = "&lt;";
                    break;
                case '>':
                    r = "&gt;";
                    break;
                case '"':
                    r = "&quot;";
                    break;
                case '\'':
                    r = "&apos;";
                    break;
                default:
                    r = null;
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
