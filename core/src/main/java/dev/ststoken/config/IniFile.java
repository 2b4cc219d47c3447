package dev.ststoken.config;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.TextFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The AWS shared config/credentials file format exactly as botocore reads it (Python's strict
 * RawConfigParser, then botocore's profile map), so that a file means here what it means to the
 * AWS CLI and SDKs:
 * <ul>
 * <li>{@code [section]} headers (the name is everything between the first {@code [} and the last
 *     {@code ]}, spaces kept); {@code key = value} or {@code key: value}, split at the first of
 *     either; keys lower-cased, values trimmed; whole-line {@code #}/{@code ;} comments only (an
 *     inline {@code # x} is part of the value);
 * <li>a line indented deeper than its key continues that key's value; a key whose value starts on
 *     the next lines holds indented {@code sub = value} pairs, stored as {@code key.sub} (sub-keys
 *     keep their case, as botocore keeps them);
 * <li>{@code [DEFAULT]} gives its keys to every section;
 * <li>a duplicate section or key, a key before any section, or a line that is neither makes the
 *     whole file invalid, as it does for botocore: the AWS CLI would refuse it too.
 * </ul>
 */
public final class IniFile {
    private static final String DEFAULT_SECTION = "DEFAULT";

    private final Map<String, Map<String, String>> sections;

    private IniFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    public static final IniFile EMPTY = new IniFile(Map.of());

    /** Thrown for a file botocore would refuse; the message gives a line number, never the line (it may hold a secret). */
    public static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseException(int line, String what) {
            super("line " + line + ": " + what);
        }
    }

    /** Reads a file; a missing file is empty, an unreadable or invalid one is an error naming the file. */
    public static IniFile read(Path path) throws ConfigException {
        if (path == null) {
            return EMPTY;
        }
        String text;
        try {
            text = TextFiles.readIfExists(path);
            if (text != null && text.indexOf('\uFFFD') >= 0) {
                checkUtf8(path);
            }
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read " + path + ": " + e.getClass().getSimpleName());
        }
        try {
            return text == null ? EMPTY : parse(text);
        } catch (ParseException e) {
            throw new ConfigException("cannot parse " + path + ", " + e.getMessage());
        }
    }

    /**
     * Bytes that are not UTF-8 were read as U+FFFD; botocore refuses such a file (a Latin-1 "é" in a
     * comment is enough), so we do too rather than read a key with a replaced character.
     */
    private static void checkUtf8(Path path) throws IOException, ConfigException {
        byte[] bytes = Files.readAllBytes(path);
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new ConfigException("cannot parse " + path + ": it is not UTF-8 text");
        }
    }

    public static IniFile parse(String text) {
        return new Reader().read(text).build();
    }

    /** The section's keys (with those of {@code [DEFAULT]}), or null if there is no such section. */
    public Map<String, String> section(String name) {
        return sections.get(name);
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    public Iterable<String> sectionNames() {
        return sections.keySet();
    }

    /**
     * A profile of the config file: {@code [default]} or {@code [profile NAME]}, where NAME is the
     * second word of the header split as a shell would ({@code [profile "my name"]}); when several
     * sections name the same profile, the last one wins.
     */
    public Map<String, String> profile(String name) {
        return named("profile", name);
    }

    /**
     * The names of the config file's profiles ({@code [default]} and each {@code [profile NAME]},
     * NAME read as {@link #profile} reads it), in file order, each once: what a profile picker lists.
     */
    public List<String> profileNames() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (String header : sections.keySet()) {
            if (header.equals("default")) {
                names.add(header);
            } else if (header.startsWith("profile")) {
                List<String> words = shellWords(header);
                if (words != null && words.size() == 2 && words.get(0).equals("profile")) {
                    names.add(words.get(1));
                }
            }
        }
        return List.copyOf(names);
    }

    /** A {@code [services NAME]} section of the config file, found the way profiles are. */
    public Map<String, String> services(String name) {
        return named("services", name);
    }

    /** An {@code [sso-session NAME]} section of the config file (IAM Identity Center), found the way profiles are. */
    public Map<String, String> ssoSession(String name) {
        return named("sso-session", name);
    }

    private Map<String, String> named(String kind, String name) {
        Map<String, String> found = null;
        for (Map.Entry<String, Map<String, String>> entry : sections.entrySet()) {
            String header = entry.getKey();
            if (header.startsWith(kind)) {
                List<String> words = shellWords(header);
                if (words != null && words.size() == 2 && words.get(1).equals(name)) {
                    found = entry.getValue();
                }
            } else if (kind.equals("profile") && header.equals("default") && name.equals("default")) {
                found = entry.getValue();
            }
        }
        return found;
    }

    /** Words as Python's shlex.split makes them, or null where it would fail (an open quote or a trailing backslash). */
    static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (++i == s.length()) {
                        return null;
                    }
                    word.append(s.charAt(i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            return null;
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Python's str.isspace, which is wider than Character.isWhitespace (it includes no-break spaces). */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** One key's value lines, and where the key was (for errors in its sub-keys). */
    private static final class Value {
        final int line;
        final List<String> lines = new ArrayList<>();

        Value(int line, String first) {
            this.line = line;
            lines.add(first);
        }
    }

    /** One pass over the lines, keeping the parser's state between them. */
    private static final class Reader {
        private final Map<String, Map<String, Value>> sections = new LinkedHashMap<>();
        private final Map<String, Value> defaults = new LinkedHashMap<>();
        private final Set<String> seen = new HashSet<>();
        private Map<String, Value> current;
        private String currentName;
        private String key;
        private int indentLevel;

        Reader read(String text) {
            int lineNumber = 0;
            int start = 0;
            while (start <= text.length()) {
                int end = start;
                while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                    end++;
                }
                line(++lineNumber, text.substring(start, end));
                if (end < text.length()
                        && text.charAt(end) == '\r'
                        && end + 1 < text.length()
                        && text.charAt(end + 1) == '\n') {
                    end++;
                }
                start = end + 1;
            }
            return this;
        }

        private void line(int number, String raw) {
            String stripped = strip(raw);
            boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
            if (stripped.isEmpty() || comment) {
                // A blank line inside a value is kept (a comment line is not); trailing ones are trimmed at the end.
                if (!comment && key != null) {
                    current.get(key).lines.add("");
                }
                return;
            }
            int indent = 0;
            while (isSpace(raw.charAt(indent))) {
                indent++;
            }
            if (key != null && indent > indentLevel) {
                current.get(key).lines.add(stripped);
                return;
            }
            indentLevel = indent;
            int close = stripped.lastIndexOf(']');
            if (stripped.charAt(0) == '[' && close >= 2) {
                section(number, stripped.substring(1, close));
            } else if (current == null) {
                throw new ParseException(number, "a setting before any [section]");
            } else {
                option(number, stripped);
            }
        }

        private void section(int number, String name) {
            if (!seen.add(name) && !name.equals(DEFAULT_SECTION)) {
                throw new ParseException(number, "a section that was already defined");
            }
            currentName = name;
            if (name.equals(DEFAULT_SECTION)) {
                current = defaults;
            } else {
                current = new LinkedHashMap<>();
                sections.put(name, current);
            }
            key = null;
        }

        private void option(int number, String line) {
            int sep = 0;
            while (sep < line.length() && line.charAt(sep) != '=' && line.charAt(sep) != ':') {
                sep++;
            }
            if (sep == line.length()) {
                throw new ParseException(number, "neither a [section], a key = value nor a comment");
            }
            String name = stripTrailing(line.substring(0, sep)).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new ParseException(number, "a value without a key");
            }
            if (!seen.add(currentName + '\n' + name)) { // no line holds a newline: no clash with a section name
                throw new ParseException(number, "a key already set in this section");
            }
            current.put(name, new Value(number, strip(line.substring(sep + 1))));
            key = name;
        }

        IniFile build() {
            Map<String, Map<String, String>> built = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Value>> section : sections.entrySet()) {
                Map<String, Value> merged = new LinkedHashMap<>(defaults);
                merged.putAll(section.getValue());
                Map<String, String> values = new LinkedHashMap<>();
                for (Map.Entry<String, Value> entry : merged.entrySet()) {
                    put(values, entry.getKey(), entry.getValue());
                }
                built.put(section.getKey(), values);
            }
            return new IniFile(built);
        }

        /** A value starting on the line after its key is a block of {@code sub = value} pairs. */
        private static void put(Map<String, String> values, String key, Value value) {
            String joined = stripTrailing(String.join("\n", value.lines));
            if (!joined.startsWith("\n")) {
                values.put(key, joined);
                return;
            }
            values.put(key, "");
            for (String line : value.lines) {
                String sub = strip(line);
                if (sub.isEmpty()) {
                    continue;
                }
                int eq = sub.indexOf('=');
                if (eq < 0) {
                    throw new ParseException(value.line, "an indented line under this key has no '='");
                }
                values.put(key + "." + strip(sub.substring(0, eq)), strip(sub.substring(eq + 1)));
            }
        }
    }
}
