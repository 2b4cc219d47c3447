package dev.ststoken.config;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.ControlCharacters;
import dev.ststoken.internal.TextFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Small edits to the shared config and credentials files that keep every other byte: one
 * {@code key = value} line set, replaced or removed in one section, or one section removed. Comments,
 * spacing, key order, other profiles and line endings stay as the person wrote them. Files are
 * replaced atomically with their mode kept (0600 when new), through a symbolic link to where it
 * points, under a lock so two edits never lose one another.
 */
public final class ConfigFileEditor {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private ConfigFileEditor() {}

    /** The section a profile has in the config file: {@code [default]} or {@code [profile NAME]}. */
    public static String configSection(String profile, String existingText) {
        if (profile.equals("default")) {
            IniFile parsed = IniFile.parse(existingText == null ? "" : existingText);
            return !parsed.hasSection("default") && parsed.hasSection("profile default")
                    ? "profile default"
                    : "default";
        }
        return "profile " + profile;
    }

    /** Sets {@code key = value} in the profile's section of the config file (created when missing). */
    public static void setInConfig(Path file, String profile, String key, String value, Path lockFile)
            throws IOException, ConfigException {
        checkLine(key, value);
        edit(file, lockFile, new Edit() {
            @Override
            public String apply(String text) {
                return setKey(text, configSection(profile, text), key, value);
            }
        });
    }

    /** Removes the key from the profile's section of the config file, if it is there. */
    public static void removeFromConfig(Path file, String profile, String key, Path lockFile)
            throws IOException, ConfigException {
        edit(file, lockFile, new Edit() {
            @Override
            public String apply(String text) {
                return removeKey(text, configSection(profile, text), key);
            }
        });
    }

    /** Removes {@code [section]} from the file, byte for byte; the rest of the file is unchanged. */
    public static void removeSection(Path file, String section, Path lockFile) throws IOException, ConfigException {
        edit(file, lockFile, new Edit() {
            @Override
            public String apply(String text) {
                return removeSection(text, section);
            }
        });
    }

    private interface Edit {
        String apply(String text) throws ConfigException;
    }

    private static void edit(Path file, Path lockFile, Edit edit) throws IOException, ConfigException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        AtomicFiles.createPrivateDirectory(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(
                        lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.lock()) {
            String original = TextFiles.readIfExists(target);
            Set<PosixFilePermission> mode =
                    original == null ? PRIVATE : Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
            if (original == null) {
                Path parent = target.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(
                            parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
            String updated = edit.apply(original == null ? "" : original);
            if (!updated.equals(original == null ? "" : original)) {
                AtomicFiles.write(target, updated, mode);
            }
        }
    }

    private static void checkLine(String key, String value) throws ConfigException {
        if (ControlCharacters.in(key)
                || ControlCharacters.in(value)
                || value.isBlank()
                || key.contains("=")
                || key.contains("[")) {
            throw new ConfigException(
                    "refusing to write " + key + " to the config file: the value holds a line break or " + "is empty");
        }
    }

    /** The text with {@code key = value} set in [section]: the key's line replaced, else a line added after the section's last setting. */
    static String setKey(String text, String section, String key, String value) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = splitKeepingEnds(text);
        int[] bounds = sectionBounds(lines, section);
        String line = key + " = " + value;
        if (bounds == null) {
            StringBuilder out = new StringBuilder(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.append(newline);
            }
            if (!text.isBlank()) {
                out.append(newline);
            }
            return out.append('[')
                    .append(section)
                    .append(']')
                    .append(newline)
                    .append(line)
                    .append(newline)
                    .toString();
        }
        int lastSetting = bounds[0];
        for (int i = bounds[0] + 1; i < bounds[1]; i++) {
            String current = lines.get(i);
            if (key.equals(keyOf(current))) {
                lines.set(i, line + ending(current, newline));
                return String.join("", lines);
            }
            if (!isBlankOrComment(current)) {
                lastSetting = i;
            }
        }
        String after = lines.get(lastSetting);
        if (!after.endsWith("\n")) {
            lines.set(lastSetting, after + newline);
        }
        lines.add(lastSetting + 1, line + newline);
        return String.join("", lines);
    }

    static String removeKey(String text, String section, String key) {
        List<String> lines = splitKeepingEnds(text);
        int[] bounds = sectionBounds(lines, section);
        if (bounds == null) {
            return text;
        }
        for (int i = bounds[1] - 1; i > bounds[0]; i--) {
            if (key.equals(keyOf(lines.get(i)))) {
                lines.remove(i);
            }
        }
        return String.join("", lines);
    }

    /**
     * The text without [section]: its header and every line up to the next header, except blank and
     * comment lines right before that header, which belong to it. Nothing else changes.
     */
    static String removeSection(String text, String section) {
        List<String> lines = splitKeepingEnds(text);
        int[] bounds = sectionBounds(lines, section);
        if (bounds == null) {
            return text;
        }
        int end = bounds[1];
        if (end < lines.size()) {
            while (end - 1 > bounds[0] && isBlankOrComment(lines.get(end - 1))) {
                end--;
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.size(); i++) {
            if (i < bounds[0] || i >= end) {
                out.append(lines.get(i));
            }
        }
        return out.toString();
    }

    /** {header line, index after the section's last line}, or null when there is no such section. */
    private static int[] sectionBounds(List<String> lines, String section) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String header = headerName(lines.get(i));
            if (header == null) {
                continue;
            }
            if (start >= 0) {
                return new int[] {start, i};
            }
            if (header.equals(section)) {
                start = i;
            }
        }
        return start < 0 ? null : new int[] {start, lines.size()};
    }

    private static String keyOf(String line) {
        if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || isBlankOrComment(line)) {
            return null;
        }
        String s = line.strip();
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
        return sep < 0 ? null : s.substring(0, sep).strip().toLowerCase(Locale.ROOT);
    }

    private static String ending(String line, String newline) {
        return line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
    }

    private static boolean isBlankOrComment(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#") || s.startsWith(";");
    }

    private static String headerName(String line) {
        String s = line.strip();
        return s.startsWith("[") && s.endsWith("]")
                ? s.substring(1, s.length() - 1).strip()
                : null;
    }

    private static List<String> splitKeepingEnds(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
