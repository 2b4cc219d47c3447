package dev.ststoken.config;

import java.io.IOException;
import dev.ststoken.internal.TextFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS shared config/credentials file format as botocore reads it: {@code [section]} headers,
 * {@code key = value} (or {@code key: value}), whole-line {@code #}/{@code ;} comments, lower-cased
 * keys, trimmed values, and one level of indented sub-keys under an empty {@code key =}, stored as
 * {@code key.subkey}. No inline comments: botocore keeps them as part of the value.
 */
public final class IniFile {
    private final Map<String, Map<String, String>> sections;

    private IniFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    public static final IniFile EMPTY = new IniFile(Map.of());

    /** Reads a file; a missing file is empty, an unreadable one is an error naming the file. */
    public static IniFile read(Path path) throws ConfigException {
        if (path == null) {
            return EMPTY;
        }
        try {
            String text = TextFiles.readIfExists(path);
            return text == null ? EMPTY : parse(text);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getClass().getSimpleName());
        }
    }

    public static IniFile parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String parentKey = null;
        for (String rawLine : lines(text)) {
            String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                current = sections.get(name);
                if (current == null) {
                    current = new LinkedHashMap<>();
                    sections.put(name, current);
                }
                parentKey = null;
                continue;
            }
            if (current == null) {
                continue; // keys before any section: botocore refuses the file; we ignore them
            }
            boolean indented = Character.isWhitespace(rawLine.charAt(0));
            int sep = separator(line);
            if (sep < 0) {
                continue;
            }
            String key = line.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(sep + 1).strip();
            if (indented && parentKey != null) {
                current.put(parentKey + "." + key, value);
            } else {
                current.put(key, value);
                parentKey = value.isEmpty() ? key : null;
            }
        }
        return new IniFile(sections);
    }

    /** Lines split on \n, \r\n or \r, without a regex. */
    private static java.util.List<String> lines(String text) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    private static int separator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The section's keys, or null if there is no such section. */
    public Map<String, String> section(String name) {
        return sections.get(name);
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    public Iterable<String> sectionNames() {
        return sections.keySet();
    }
}
