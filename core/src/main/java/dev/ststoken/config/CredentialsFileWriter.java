package dev.ststoken.config;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.ControlCharacters;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --write-profile}: replaces one {@code [NAME]} section of the shared credentials file and
 * keeps every other byte (comments, spacing, other profiles, line endings), the file's mode (0600
 * for a new file), and atomicity. A section is only overwritten when it carries our marker comment,
 * so a profile holding someone's long-term keys is never clobbered by accident.
 */
public final class CredentialsFileWriter {
    public static final String MARKER = "# managed by sts-session-token";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private CredentialsFileWriter() {}

    /**
     * @param keys     key = value lines of the new section, in order
     * @param note     appended to the marker comment (e.g. the expiry)
     * @param force    overwrite a section without our marker
     * @param lockFile a lock file outside the credentials directory, serialising concurrent writers
     */
    public static void writeSection(
            Path file, String section, Map<String, String> keys, String note, boolean force, Path lockFile)
            throws IOException, ConfigException {
        if (section.isBlank() || section.contains("]") || section.contains("[") || ControlCharacters.in(section)) {
            throw new ConfigException("invalid profile name for {WRITE_PROFILE}: it must be one line without brackets");
        }
        checkValues(keys, note);
        Path target = throughLink(file);
        AtomicFiles.createPrivateDirectory(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(
                        lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.lock()) {
            String original;
            Set<PosixFilePermission> mode;
            try {
                original = Files.readString(target, StandardCharsets.UTF_8);
                mode = Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                original = "";
                mode = PRIVATE;
                Path parent = target.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(
                            parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
            String updated = replaceSection(original, section, keys, note, force, target);
            AtomicFiles.write(target, updated, mode);
        }
    }

    /**
     * Every value must stay on its own line and read back as written: no line break or other
     * control character (which would add keys or a {@code [section]}), no bracket, no edge spaces.
     * Checked before the lock is taken, so a refused value leaves the file untouched. The message
     * names the key, never the value (a secret).
     */
    static void checkValues(Map<String, String> keys, String note) throws ConfigException {
        for (Map.Entry<String, String> key : keys.entrySet()) {
            if (!isSafeValue(key.getKey()) || !isSafeValue(key.getValue())) {
                throw new ConfigException("refusing to write " + key.getKey()
                        + " to the credentials file: its value holds " + "a line break, a bracket or edge spaces");
            }
        }
        if (note != null && ControlCharacters.in(note)) {
            throw new ConfigException("refusing to write a comment with a line break to the credentials file");
        }
    }

    private static boolean isSafeValue(String value) {
        return value != null
                && !value.isEmpty()
                && !ControlCharacters.in(value)
                && value.indexOf('[') < 0
                && value.indexOf(']') < 0
                && value.charAt(0) != ' '
                && value.charAt(value.length() - 1) != ' ';
    }

    /**
     * Fails now, before any call is made (and any MFA code spent), if writing [section] later would
     * be refused because someone else's profile lives there.
     */
    public static void checkWritable(Path file, String section) throws IOException, ConfigException {
        String text = dev.ststoken.internal.TextFiles.readIfExists(throughLink(file));
        replaceSection(text == null ? "" : text, section, Map.of(), null, false, file);
    }

    /** A symlinked credentials file (dotfile managers) is written where it points, keeping the link. */
    private static Path throughLink(Path file) throws IOException {
        return Files.isSymbolicLink(file) ? file.toRealPath() : file;
    }

    /** The text with [section] replaced or appended. Pure, for testing. */
    static String replaceSection(
            String original, String section, Map<String, String> keys, String note, boolean force, Path nameForErrors)
            throws ConfigException {
        String newline = original.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = splitKeepingEnds(original);
        int start = -1;
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String header = headerName(lines.get(i));
            if (header == null) {
                continue;
            }
            if (start >= 0) {
                end = i;
                break;
            }
            if (header.equals(section)) {
                start = i;
            }
        }
        StringBuilder block = new StringBuilder();
        block.append('[').append(section).append(']').append(newline);
        block.append(MARKER).append(note == null ? "" : "; " + note).append(newline);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            block.append(key.getKey()).append(" = ").append(key.getValue()).append(newline);
        }
        StringBuilder out = new StringBuilder(original.length() + block.length() + 2);
        if (start < 0) {
            out.append(original);
            if (!original.isEmpty() && !original.endsWith("\n")) {
                out.append(newline);
            }
            if (!original.isBlank()) {
                out.append(newline);
            }
            return out.append(block).toString();
        }
        boolean ours = false;
        for (int i = start + 1; i < end; i++) {
            if (lines.get(i).strip().startsWith(MARKER)) {
                ours = true;
            }
        }
        if (!ours && !force) {
            throw new ConfigException("profile [" + section + "] in " + nameForErrors + " was not written by "
                    + "sts-session-token; refusing to overwrite it (use {FORCE} to replace it)");
        }
        // Blank and comment lines just before the next section belong to that section.
        int keepFrom = end;
        while (keepFrom - 1 > start
                && isBlankOrComment(lines.get(keepFrom - 1))
                && !lines.get(keepFrom - 1).strip().startsWith(MARKER)) {
            keepFrom--;
        }
        for (int i = 0; i < start; i++) {
            out.append(lines.get(i));
        }
        out.append(block);
        if (keepFrom < lines.size() && end < lines.size() && keepFrom == end) {
            out.append(newline); // keep a blank line between our section and the next
        }
        for (int i = keepFrom; i < lines.size(); i++) {
            out.append(lines.get(i));
        }
        return out.toString();
    }

    private static boolean isBlankOrComment(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#") || s.startsWith(";");
    }

    private static String headerName(String line) {
        String s = line.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            return s.substring(1, s.length() - 1).strip();
        }
        return null;
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
