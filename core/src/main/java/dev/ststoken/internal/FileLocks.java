package dev.ststoken.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, across processes and across the threads of this one: the session
 * cache and the login-session cache hold it while they fetch and write, so two runs never make the
 * same call (or spend the same refresh token) twice.
 */
public final class FileLocks {
    /** File locks belong to the process: threads of one JVM queue on a lock object first. */
    private static final Map<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();
    // Not PosixFilePermissions.fromString: its EnumSet finds the enum's constants by reflection.
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE =
            PosixFilePermissions.asFileAttribute(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private FileLocks() {}

    /**
     * Blocks until this thread holds {@code lockFile}'s lock; the file is created 0600 and never opened
     * through a link. Closing the result releases it.
     */
    public static AutoCloseable acquire(Path lockFile) throws IOException {
        // putIfAbsent and classes of our own rather than lambdas: a lambda spins a class at run time.
        String key = lockFile.toAbsolutePath().toString();
        ReentrantLock local = LOCAL_LOCKS.get(key);
        if (local == null) {
            ReentrantLock created = new ReentrantLock();
            ReentrantLock earlier = LOCAL_LOCKS.putIfAbsent(key, created);
            local = earlier != null ? earlier : created;
        }
        local.lock();
        FileChannel channel = null;
        try {
            try {
                channel = FileChannel.open(
                        lockFile,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        OWNER_READ_WRITE);
            } catch (FileAlreadyExistsException e) {
                // A link planted here would make us create or lock a file elsewhere.
                channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            }
            return new Held(channel, channel.lock(), local);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    /** A held lock: closing it releases the file lock, closes the file and lets this JVM's next thread in. */
    private static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final ReentrantLock local;

        Held(FileChannel channel, FileLock lock, ReentrantLock local) {
            this.channel = channel;
            this.lock = lock;
            this.local = local;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                local.unlock();
            }
        }
    }
}
