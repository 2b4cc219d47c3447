package dev.ststoken.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
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
        // A loop, not a FilenameFilter lambda: a lambda's first use costs a short run its bootstrap.
        String[] names = dir.toFile().list();
        if (names == null) {
            return;
        }
        for (String file : names) {
            if (file.startsWith(prefix) && file.endsWith(".tmp")) {
                java.io.File leftover = new java.io.File(dir.toFile(), file);
                if (leftover.lastModified() < cutoff) {
                    leftover.delete();
                }
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
        Path temp = null;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                Path candidate = dir.resolve(temporaryName(target.getFileName().toString(), attempt));
                try {
                    // CREATE_NEW is O_CREAT|O_EXCL: never an existing file, never through a symlink.
                    channel = FileChannel.open(
                            candidate, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY);
                    temp = candidate;
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 100) {
                        throw e;
                    }
                }
            }
            try (FileChannel opened = channel) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    opened.write(buffer);
                }
                opened.force(true);
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
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private static long written;

    /**
     * {@code .NAME.PID-TIME-N.tmp}. Not Files.createTempFile's random name: its SecureRandom loads the
     * JDK's security providers, a tenth of a cold get's classes, and an unguessable name protects
     * nothing here (the file is created with O_EXCL, so a name someone else took is skipped, and it
     * never follows a link). Names taken on purpose, over and over, end in an error after 100 tries,
     * not a loop.
     */
    private static String temporaryName(String name, int attempt) {
        long n;
        synchronized (AtomicFiles.class) {
            n = written++;
        }
        return "." + name + "." + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) + "-" + n
                + (attempt == 0 ? "" : "-" + attempt) + ".tmp";
    }
}
