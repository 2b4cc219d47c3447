package dev.ststoken.emulator.state;

import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.internal.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one place the account lives: {@code state.json} in the state dir, and the last version read
 * or written, published as an immutable {@link Account}.
 *
 * <p>Reads are lock-free: {@link #current()} costs a stat and re-reads the file only when its
 * identity (inode, modification time, size) changed, or was too fresh to be trusted, so each request
 * sees what any process sharing the dir last wrote, and a flood of requests costs a stat each, not a
 * parse. Every change takes the dir's lock, reads the file afresh,
 * applies the change to that value, writes it atomically and publishes it.
 */
public final class StateStore {
    public static final String STATE_FILE = "state.json";
    private static final String LOCK_FILE = "state.lock";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /**
     * File locks belong to the whole JVM, and a second lock on the same file from the same JVM fails
     * instead of waiting; emulators sharing a dir in one JVM (tests, serve plus get --local) queue here.
     */
    private static final ConcurrentHashMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path file;
    private final Object jvmLock;
    private volatile Snapshot snapshot;

    /**
     * File times are coarse (a kernel tick), and a rename may reuse a freed inode: a file written
     * within this long of our read could be replaced by one with the same identity. Such a snapshot
     * is not trusted on identity alone, as git treats a "racily clean" index entry.
     */
    private static final long RACY_MILLIS = 100;

    /**
     * The account, the identity of the file it came from (null when unknown) and whether that
     * identity is settled: the file was last modified well before we read it.
     */
    private record Snapshot(Account account, FileId fileId, boolean settled) {
        boolean isCurrent(FileId now) {
            return settled && now.equals(fileId);
        }
    }

    /** Inode, modification time to the nanosecond and size of the state file. */
    private record FileId(Object inode, long modifiedNanos, long size) {
        static FileId of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileId(
                        attributes.fileKey(),
                        attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                        attributes.size());
            } catch (IOException e) {
                return null;
            }
        }

        boolean settledBefore(long millis) {
            return TimeUnit.NANOSECONDS.toMillis(modifiedNanos) < millis - RACY_MILLIS;
        }
    }

    /** A change to the account: the new value and what to answer; or a refusal that is also recorded. */
    public record Changed<T>(Account account, T value, AwsError refusal) {
        public static <T> Changed<T> to(Account account, T value) {
            return new Changed<>(account, value, null);
        }

        /** Saves the new account, then fails the request (a wrong MFA code is counted, then refused). */
        public static <T> Changed<T> refused(Account account, AwsError refusal) {
            return new Changed<>(account, null, refusal);
        }
    }

    public interface Change<T> {
        Changed<T> apply(Account current) throws AwsError;
    }

    private StateStore(Path dir) throws IOException {
        this.dir = dir;
        this.file = dir.resolve(STATE_FILE);
        this.jvmLock = JVM_LOCKS.computeIfAbsent(dir.toRealPath(), path -> new Object());
    }

    /** Opens the state dir, creating the account, its demo identity and their profiles on first start. */
    public static StateStore open(Path dir, Clock clock, Ids ids) throws EmulatorStateException {
        try {
            AtomicFiles.createPrivateDirectory(dir);
        } catch (IOException e) {
            throw new EmulatorStateException("cannot create state dir " + dir + ": " + e.getMessage(), e);
        }
        try {
            StateStore store = new StateStore(dir);
            synchronized (store.jvmLock) {
                try (FileLock lock = store.lock()) {
                    Snapshot existing = store.readFile();
                    if (existing != null) {
                        store.snapshot = existing;
                        return store;
                    }
                    Account account = AccountBootstrap.newAccount(ids, clock.instant());
                    store.snapshot = store.writeFile(account.withRevision(1));
                    AccountBootstrap.writeProfiles(dir, account);
                    return store;
                }
            }
        } catch (IOException e) {
            throw new EmulatorStateException("cannot use state dir " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The account as the state file has it now. When the file cannot be read (removed, or replaced by
     * something corrupt), the last good version keeps serving; the next change reports the problem.
     */
    public Account current() {
        Snapshot seen = snapshot;
        FileId id = FileId.of(file);
        if (id == null || seen.isCurrent(id)) {
            return seen.account();
        }
        synchronized (this) {
            seen = snapshot;
            if (seen.isCurrent(id)) {
                return seen.account();
            }
            try {
                Snapshot read = readFile();
                if (read != null) {
                    snapshot = read;
                    return read.account();
                }
            } catch (IOException e) {
                // keep serving the last good version
            }
            return seen.account();
        }
    }

    /** Lock, fresh read, apply, write (only when something changed), publish. */
    public <T> T mutate(Change<T> change) throws AwsError, IOException {
        synchronized (jvmLock) {
            try (FileLock lock = lock()) {
                Snapshot fresh = readFile();
                if (fresh == null) {
                    throw new NoSuchFileException(file.toString(), null, "the state file disappeared");
                }
                snapshot = fresh;
                Changed<T> changed = change.apply(fresh.account());
                if (changed.account() != fresh.account()) {
                    snapshot = writeFile(
                            changed.account().withRevision(fresh.account().revision() + 1));
                }
                if (changed.refusal() != null) {
                    throw changed.refusal();
                }
                return changed.value();
            }
        }
    }

    /** Reads the file, and the identity it had while we read it; null when there is no file yet. */
    private Snapshot readFile() throws IOException {
        for (int attempt = 0; ; attempt++) {
            long start = System.currentTimeMillis();
            FileId before = FileId.of(file);
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            }
            FileId after = FileId.of(file);
            boolean stable = after != null && after.equals(before);
            if (!stable && attempt < 3) {
                continue; // replaced while we read: read the new one
            }
            try {
                return new Snapshot(
                        AccountCodec.read(text), stable ? after : null, stable && after.settledBefore(start));
            } catch (AccountCodec.CorruptStateException e) {
                throw new IOException(
                        "state file " + file + " is corrupt (" + e.getMessage()
                                + "); move it away to start a new account, or restore it from a backup",
                        e);
            }
        }
    }

    private Snapshot writeFile(Account account) throws IOException {
        AtomicFiles.write(file, AccountCodec.write(account));
        return new Snapshot(account, FileId.of(file), false);
    }

    /**
     * The lock file is empty, but it lives in a private dir and is documented 0600: it is created
     * with that mode and set to it afterwards, since the umask may take bits from the creation mode
     * and state dirs made by older versions have it 0644. A link is not followed.
     */
    private FileLock lock() throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            if (!Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS)
                    .equals(PRIVATE)) {
                Files.setPosixFilePermissions(lockFile, PRIVATE);
            }
            return new ClosingLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Closes the channel with the lock, so callers need one try-with-resources. */
    private static final class ClosingLock extends FileLock {
        private final FileLock inner;

        ClosingLock(FileChannel channel, FileLock inner) {
            super(channel, inner.position(), inner.size(), inner.isShared());
            this.inner = inner;
        }

        @Override
        public boolean isValid() {
            return inner.isValid();
        }

        @Override
        public void release() throws IOException {
            inner.release();
            channel().close();
        }
    }
}
