package dev.ststoken.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Private files written so that a crash leaves the old or the new version, never a mix. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * The directory, and each parent we have to create, made 0700 whatever the umask; refused when
     * another local user could change it (see {@link TrustedDirectories}).
     */
    public static void createPrivateDirectory(Path dir) throws IOException {
        TrustedDirectories.ensure(dir);
    }

    /**
     * A process killed between creating its temporary file and renaming it leaves the file behind
     * (0600, but holding secrets). Writers older than a minute are gone, so their leftovers go too.
     */
    static void removeAbandonedTemporaries(Path dir, String name) {
        String prefix = "." + name + ".";
        long cutoff = System.currentTimeMillis() - 60_000;
        java.io.File[] leftovers =
                dir.toFile().listFiles((d, file) -> file.startsWith(prefix) && file.endsWith(".tmp"));
        if (leftovers == null) {
            return;
        }
        for (java.io.File leftover : leftovers) {
            if (leftover.lastModified() < cutoff) {
                leftover.delete();
            }
        }
    }

    /** Temp file (0600) in the same directory, fsync, atomic rename, fsync of the directory. */
    public static void write(Path target, String content) throws IOException {
        write(target, content, null);
    }

    /**
     * As {@link #write(Path, String)}, giving the new file {@code mode} (e.g. the mode of the file it
     * replaces); the content is never readable by others while it is being written.
     */
    public static void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        removeAbandonedTemporaries(dir, target.getFileName().toString());
        Path temp = Files.createTempFile(
                dir,
                "." + target.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (mode != null) {
                Files.setPosixFilePermissions(temp, mode);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
                dirChannel.force(true);
            } catch (IOException e) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
