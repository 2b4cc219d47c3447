package dev.ststoken.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Private files written so that a crash leaves the old or the new version, never a mix. */
public final class AtomicFiles {
    // Not PosixFilePermissions.fromString: it builds an EnumSet, which finds the enum's constants by
    // reflection (method handles spun at run time on JDK 18+).
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final Set<OpenOption> CREATE_WRITE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final AtomicLong NAMES = new AtomicLong();

    private AtomicFiles() {}

    /** Differs between the writers of one process (a counter) and, almost always, between processes (the clock). */
    private static String uniquePart(int attempt) {
        long n = System.nanoTime() ^ (NAMES.incrementAndGet() * 0x9E3779B97F4A7C15L) ^ attempt;
        return Long.toUnsignedString(n, 36);
    }

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
        // list() and a loop, not a FilenameFilter lambda: a lambda spins a class at run time.
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
        FileChannel channel = null;
        Path temp = null;
        // Not Files.createTempFile: its random names come from SecureRandom, whose first use loads
        // the JCA provider framework (about 80 classes, for every cache write). The name only has to
        // be new: CREATE_NEW fails on any existing file or link, and then the next name is tried.
        for (int attempt = 0; channel == null; attempt++) {
            temp = dir.resolve("." + target.getFileName() + "." + uniquePart(attempt) + ".tmp");
            try {
                channel = FileChannel.open(temp, CREATE_WRITE, OWNER_READ_WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
        try {
            try (FileChannel open = channel) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    open.write(buffer);
                }
                open.force(true);
            }
            // After the content is in: 0600 (or mode) whatever the umask, which masked the creation mode.
            Files.setPosixFilePermissions(temp, mode != null ? mode : OWNER_ONLY);
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
