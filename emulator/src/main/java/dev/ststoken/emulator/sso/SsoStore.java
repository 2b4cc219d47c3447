package dev.ststoken.emulator.sso;

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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sso.json} in the state dir, 0600, changed only under {@code sso.lock} (0600, and a
 * per-JVM monitor, since file locks belong to the whole JVM): lock, fresh read, apply, write
 * atomically, publish. Every process sharing the dir sees the same directory and flows. Reads
 * re-read the file: Identity Center calls are few, and a sign-in must see an approval another
 * process just wrote.
 */
final class SsoStore {
    static final String FILE = "sso.json";
    private static final String LOCK_FILE = "sso.lock";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final ConcurrentHashMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Object jvmLock;
    private final Clock clock;
    private volatile SsoState last;

    /** A change: the new state and the answer, or a refusal saved with the state (a wrong password counted). */
    record Changed<T>(SsoState state, T value, SsoError refusal) {
        static <T> Changed<T> to(SsoState state, T value) {
            return new Changed<>(state, value, null);
        }

        static <T> Changed<T> refused(SsoState state, SsoError refusal) {
            return new Changed<>(state, null, refusal);
        }
    }

    interface Change<T> {
        Changed<T> apply(SsoState current) throws SsoError;
    }

    private SsoStore(Path dir, Clock clock) throws IOException {
        this.file = dir.resolve(FILE);
        this.lockFile = dir.resolve(LOCK_FILE);
        this.jvmLock = JVM_LOCKS.computeIfAbsent(dir.toRealPath(), p -> new Object());
        this.clock = clock;
    }

    /** Opens the dir's directory; on first start it is made by {@code bootstrap} (the demo user). */
    static SsoStore open(Path dir, Clock clock, Bootstrap bootstrap) throws IOException {
        SsoStore store = new SsoStore(dir, clock);
        synchronized (store.jvmLock) {
            try (FileChannel channel = store.lockFile();
                    FileLock lock = channel.lock()) {
                SsoState existing = store.read();
                if (existing == null) {
                    byte[] key = new byte[32];
                    new SecureRandom().nextBytes(key);
                    existing = bootstrap.first(SsoState.empty(key));
                    store.write(existing);
                }
                store.last = existing;
            }
        }
        return store;
    }

    interface Bootstrap {
        SsoState first(SsoState empty) throws IOException;
    }

    /** The state as the file has it now; the last good one when it cannot be read. */
    SsoState current() {
        try {
            SsoState read = read();
            if (read != null) {
                last = read;
            }
        } catch (IOException e) {
            // keep serving the last good version; the next change reports the problem
        }
        return last;
    }

    <T> T mutate(Change<T> change) throws SsoError, IOException {
        synchronized (jvmLock) {
            try (FileChannel channel = lockFile();
                    FileLock lock = channel.lock()) {
                SsoState fresh = read();
                if (fresh == null) {
                    throw new NoSuchFileException(file.toString(), null, "the SSO state file disappeared");
                }
                Changed<T> changed = change.apply(fresh.pruned(clock.instant()));
                SsoState next = changed.state();
                if (next != fresh) {
                    write(next);
                }
                last = next;
                if (changed.refusal() != null) {
                    throw changed.refusal();
                }
                return changed.value();
            }
        }
    }

    private SsoState read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return SsoStateCodec.fromJson(text);
        } catch (RuntimeException e) {
            throw new IOException("SSO state file " + file + " is corrupt; move it away to start a new directory", e);
        }
    }

    private void write(SsoState state) throws IOException {
        AtomicFiles.write(file, SsoStateCodec.toJson(state));
    }

    /** The lock file, opened without following a link, and 0600 whatever the umask. */
    private FileChannel lockFile() throws IOException {
        FileChannel channel = FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            if (!Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS)
                    .equals(PRIVATE)) {
                Files.setPosixFilePermissions(lockFile, PRIVATE);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
