package dev.ststoken.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private FileLocks() {}

    /**
     * Blocks until this thread holds {@code lockFile}'s lock; the file is created 0600 and never opened
     * through a link. Closing the result releases it.
     */
    public static AutoCloseable acquire(Path lockFile) throws IOException {
        ReentrantLock local =
                LOCAL_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().toString(), k -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            try {
                channel = FileChannel.open(
                        lockFile,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // A link planted here would make us create or lock a file elsewhere.
                channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            }
            FileChannel open = channel;
            FileLock lock = open.lock();
            return () -> {
                try {
                    lock.release();
                    open.close();
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }
}
