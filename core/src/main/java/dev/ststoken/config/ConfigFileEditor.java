package dev.ststoken.config;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.ControlCharacters;
import dev.ststoken.internal.FileLocks;
import dev.ststoken.internal.TextFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one writer of the shared config and credentials files: small edits that keep every other
 * byte. One {@code key = value} line set, replaced or removed in one section; one section removed;
 * or one section written whole ({@code --write-profile}), which replaces a section only when it
 * carries our {@link #MARKER}. Comments, spacing, key order, other profiles and line endings stay as
 * the person wrote them. Files are replaced atomically with their mode kept (0600 when new), through
 * a symbolic link to where it points, under a lock so two edits never lose one another.
 */
public final class ConfigFileEditor {
    /** The comment that makes a credentials section ours to replace. */
    public static final String MARKER = "# managed by sts-session-token";

    // Not PosixFilePermissions.fromString: its EnumSet finds the enum's constants by reflection, which
    // spins method handles at run time (JDK 18+); this class is loaded by every `get -o ini`.
    private static final Set<PosixFilePermission> PRIVATE =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private ConfigFileEditor() {}

    /**
     * The lock file every writer of {@code file} takes, in {@code cacheDir}'s {@code locks}
     * directory (outside the file's own directory, which may be shared or a dotfile checkout).
     *
     * @param kind "config" or "credentials"
     */
    public static Path lockFile(Path cacheDir, String kind, Path file) throws IOException {
        AtomicFiles.createPrivateDirectory(cacheDir);
        return cacheDir.resolve("locks")
                .resolve(kind + "-"
                        + Integer.toHexString(file.toAbsolutePath().toString().hashCode()) + ".lock");
    }

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
        edit(file, lockFile, text -> setKey(text, configSection(profile, text), key, value));
    }

    /** Removes the key from the profile's section of the config file, if it is there. */
    public static void removeFromConfig(Path file, String profile, String key, Path lockFile)
            throws IOException, ConfigException {
        edit(file, lockFile, text -> removeKey(text, configSection(profile, text), key));
    }

    /** Removes {@code [section]} from the file, byte for byte; the rest of the file is unchanged. */
    public static void removeSection(Path file, String section, Path lockFile) throws IOException, ConfigException {
        edit(file, lockFile, text -> removeSection(text, section));
    }

    /**
     * Writes {@code [section]} whole: our marker comment (with {@code note}) and {@code keys} in order,
     * replacing the section when it is ours (or {@code force}), else appended. Every value is checked
     * before the lock is taken, so a refused one leaves the file untouched.
     *
     * @param note appended to the marker comment (e.g. the expiry)
     * @param force overwrite a section without our marker
     */
    public static void writeSection(
            Path file, String section, Map<String, String> keys, String note, boolean force, Path lockFile)
            throws IOException, ConfigException {
        if (section.isBlank() || section.contains("]") || section.contains("[") || ControlCharacters.in(section)) {
            throw new ConfigException("invalid profile name for {WRITE_PROFILE}: it must be one line without brackets");
        }
        checkValues(keys, note);
        edit(file, lockFile, text -> replaceSection(text, section, keys, note, force, file));
    }

    /**
     * Fails now, before any call is made (and any MFA code spent), if writing [section] later would
     * be refused because someone else's profile lives there.
     */
    public static void checkWritable(Path file, String section) throws IOException, ConfigException {
        String text = read(throughLink(file));
        replaceSection(text == null ? "" : text, section, Map.of(), null, false, file);
    }

    /**
     * Whether {@code value} stays on its line and reads back exactly as written: not empty, no line
     * break or other control character, no bracket, no space at either end.
     */
    public static boolean readsBack(String value) {
        return value != null
                && !value.isEmpty()
                && !ControlCharacters.in(value)
                && value.indexOf('[') < 0
                && value.indexOf(']') < 0
                && value.charAt(0) != ' '
                && value.charAt(value.length() - 1) != ' ';
    }

    /** {@code [section]} then each line, each ended by {@code newline}: how every section we write looks. */
    public static String section(String section, List<String> lines, String newline) {
        StringBuilder out =
                new StringBuilder().append('[').append(section).append(']').append(newline);
        for (String line : lines) {
            out.append(line).append(newline);
        }
        return out.toString();
    }

    /** A {@code key = value} line as we write it. */
    public static String setting(String key, String value) {
        return key + " = " + value;
    }

    private interface Edit {
        String apply(String text) throws ConfigException;
    }

    /** Under the lock: read, edit, and replace the file (through a link) when the text changed. */
    private static void edit(Path file, Path lockFile, Edit edit) throws IOException, ConfigException {
        Path target = throughLink(file);
        AtomicFiles.createPrivateDirectory(lockFile.getParent());
        AutoCloseable lock = FileLocks.acquire(lockFile);
        try {
            String original = read(target);
            Set<PosixFilePermission> mode =
                    original == null ? PRIVATE : Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
            if (original == null) {
                Path parent = target.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
                }
            }
            String updated = edit.apply(original == null ? "" : original);
            if (!updated.equals(original == null ? "" : original)) {
                AtomicFiles.write(target, updated, mode);
            }
        } finally {
            try {
                lock.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    /**
     * The file's text, or null when it does not exist. A file that is not UTF-8 is refused: read
     * leniently, its other bytes would be written back as U+FFFD (and botocore refuses it anyway).
     */
    private static String read(Path file) throws IOException, ConfigException {
        String text = TextFiles.readIfExists(file);
        if (text != null && text.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)));
            } catch (CharacterCodingException e) {
                throw new ConfigException("refusing to edit " + file + ": it is not UTF-8 text");
            }
        }
        return text;
    }

    /** A symlinked file (dotfile managers) is written where it points, keeping the link. */
    private static Path throughLink(Path file) throws IOException {
        return Files.isSymbolicLink(file) ? file.toRealPath() : file;
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

    /** The message names the key, never the value (a secret). */
    static void checkValues(Map<String, String> keys, String note) throws ConfigException {
        for (Map.Entry<String, String> key : keys.entrySet()) {
            if (!readsBack(key.getKey()) || !readsBack(key.getValue())) {
                throw new ConfigException("refusing to write " + key.getKey()
                        + " to the credentials file: its value holds " + "a line break, a bracket or edge spaces");
            }
        }
        if (note != null && ControlCharacters.in(note)) {
            throw new ConfigException("refusing to write a comment with a line break to the credentials file");
        }
    }

    /** The text with {@code key = value} set in [section]: the key's line replaced, else a line added after the section's last setting. */
    static String setKey(String text, String section, String key, String value) {
        Lines lines = new Lines(text);
        int[] bounds = lines.bounds(section);
        String line = setting(key, value);
        if (bounds == null) {
            return lines.append(section(section, List.of(line), lines.newline));
        }
        int lastSetting = bounds[0];
        for (int i = bounds[0] + 1; i < bounds[1]; i++) {
            String current = lines.get(i);
            if (key.equals(keyOf(current))) {
                lines.set(i, line + (current.endsWith("\r\n") ? "\r\n" : current.endsWith("\n") ? "\n" : ""));
                return lines.text();
            }
            if (!isBlankOrComment(current)) {
                lastSetting = i;
            }
        }
        if (!lines.get(lastSetting).endsWith("\n")) {
            lines.set(lastSetting, lines.get(lastSetting) + lines.newline);
        }
        lines.insert(lastSetting + 1, line + lines.newline);
        return lines.text();
    }

    static String removeKey(String text, String section, String key) {
        Lines lines = new Lines(text);
        int[] bounds = lines.bounds(section);
        if (bounds == null) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        for (int i = bounds[0] + 1; i < bounds[1]; i++) {
            if (!key.equals(keyOf(lines.get(i)))) {
                kept.add(lines.get(i));
            }
        }
        return lines.text(0, bounds[0] + 1) + String.join("", kept) + lines.text(bounds[1], lines.size());
    }

    /**
     * The text without [section]: its header and every line up to the next header, except blank and
     * comment lines right before that header, which belong to it. Nothing else changes.
     */
    static String removeSection(String text, String section) {
        Lines lines = new Lines(text);
        int[] bounds = lines.bounds(section);
        if (bounds == null) {
            return text;
        }
        int end = bounds[1] < lines.size() ? lines.leadOfNext(bounds) : bounds[1];
        return lines.text(0, bounds[0]) + lines.text(end, lines.size());
    }

    /** The text with [section] replaced by our block, or the block appended. Pure, for testing. */
    static String replaceSection(
            String text, String section, Map<String, String> keys, String note, boolean force, Path nameForErrors)
            throws ConfigException {
        Lines lines = new Lines(text);
        List<String> body = new ArrayList<>();
        body.add(MARKER + (note == null ? "" : "; " + note));
        keys.forEach((key, value) -> body.add(setting(key, value)));
        String block = section(section, body, lines.newline);
        int[] bounds = lines.bounds(section);
        if (bounds == null) {
            return lines.append(block);
        }
        boolean ours = false;
        for (int i = bounds[0] + 1; i < bounds[1]; i++) {
            ours |= lines.get(i).strip().startsWith(MARKER);
        }
        if (!ours && !force) {
            throw new ConfigException("profile [" + section + "] in " + nameForErrors + " was not written by "
                    + "sts-session-token; refusing to overwrite it (use {FORCE} to replace it)");
        }
        int keepFrom = lines.leadOfNext(bounds);
        boolean spacer = keepFrom < lines.size() && bounds[1] < lines.size() && keepFrom == bounds[1];
        // Keep a blank line between our section and the next.
        return lines.text(0, bounds[0]) + block + (spacer ? lines.newline : "") + lines.text(keepFrom, lines.size());
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

    private static boolean isBlankOrComment(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#") || s.startsWith(";");
    }

    /** The file's lines, each with its own line end, and the line end new lines get (the file's). */
    private static final class Lines {
        private final String text;
        private final List<String> lines = new ArrayList<>();
        final String newline;

        Lines(String text) {
            this.text = text;
            this.newline = text.contains("\r\n") ? "\r\n" : "\n";
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
        }

        int size() {
            return lines.size();
        }

        String get(int i) {
            return lines.get(i);
        }

        void set(int i, String line) {
            lines.set(i, line);
        }

        void insert(int i, String line) {
            lines.add(i, line);
        }

        String text() {
            return text(0, lines.size());
        }

        String text(int from, int to) {
            return String.join("", lines.subList(from, to));
        }

        /** The original text, then {@code block} after a blank line (none in an empty file). */
        String append(String block) {
            StringBuilder out = new StringBuilder(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.append(newline);
            }
            if (!text.isBlank()) {
                out.append(newline);
            }
            return out.append(block).toString();
        }

        /** {header line, index after the section's last line}, or null when there is no such section. */
        int[] bounds(String section) {
            int start = -1;
            for (int i = 0; i < lines.size(); i++) {
                String s = lines.get(i).strip();
                if (!(s.startsWith("[") && s.endsWith("]"))) {
                    continue;
                }
                if (start >= 0) {
                    return new int[] {start, i};
                }
                if (s.substring(1, s.length() - 1).strip().equals(section)) {
                    start = i;
                }
            }
            return start < 0 ? null : new int[] {start, lines.size()};
        }

        /**
         * Where the section's trailing blank and comment lines start: they belong to the next
         * section's header (our marker never does).
         */
        int leadOfNext(int[] bounds) {
            int end = bounds[1];
            while (end - 1 > bounds[0]
                    && isBlankOrComment(lines.get(end - 1))
                    && !lines.get(end - 1).strip().startsWith(MARKER)) {
                end--;
            }
            return end;
        }
    }
}
