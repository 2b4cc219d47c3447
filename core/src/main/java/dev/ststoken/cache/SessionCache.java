package dev.ststoken.cache;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.FileLocks;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.TextFiles;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.internal.TrustedDirectories;
import dev.ststoken.internal.UntrustedDirectoryException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON file per session under the cache dir (0700; files 0600, written atomically). A lock
 * file per key makes concurrent invocations for the same key wait for the first one, so they share
 * one STS call and one MFA prompt. Unreadable, corrupt or foreign files are treated as absent: a
 * session is read only from a file we own with no access for others, in a directory no other local
 * user can change ({@link TrustedDirectories}); such a directory is refused before anything is
 * fetched or written, and lock files are opened without following links.
 * All times are Instants (UTC); nothing here knows a time zone.
 */
public final class SessionCache {
    private static final int FORMAT = 1;
    /** What {@link #list} shows instead of the secrets of a session it cannot (or need not) decrypt. */
    public static final String SEALED = "(sealed)";

    private final Path dir;
    private final SessionSealer sealer;

    /** A cache in {@code dir}, created (0700) on first write; usually {@link #defaultDir}. */
    public SessionCache(Path dir) {
        this(dir, null);
    }

    /**
     * @param sealer encrypts the secrets of the sessions written (key-store profiles), and opens them
     *               on read; null for the plaintext format
     */
    public SessionCache(Path dir, SessionSealer sealer) {
        this.dir = dir;
        this.sealer = sealer;
    }

    /** The same directory, sealing with {@code newSealer}. */
    public SessionCache withSealer(SessionSealer newSealer) {
        return new SessionCache(dir, newSealer);
    }

    /** {@code $XDG_CACHE_HOME/sts-session-token}, default {@code ~/.cache/sts-session-token}. */
    public static Path defaultDir(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("sts-session-token");
    }

    /** The directory holding the entries and their lock files. */
    public Path dir() {
        return dir;
    }

    private Path file(CacheKey key) {
        return dir.resolve(key.fileName() + ".json");
    }

    /** The cached session for this key, or null when there is none usable. Never throws for bad files. */
    public CachedSession read(CacheKey key) {
        try {
            if (!Files.isDirectory(dir)) {
                return null;
            }
            TrustedDirectories.check(dir);
            Path file = file(key);
            if (!TrustedDirectories.isPrivateFile(file)) {
                return null;
            }
            String text = TextFiles.readIfExists(file);
            return text == null ? null : parse(text, key, false);
        } catch (IOException | RuntimeException e) {
            return null; // an untrusted directory reads as empty; lock() says why before anything is fetched
        }
    }

    /**
     * Creates the directory (0700, parents too) when missing; refuses one another local user could
     * change. Other I/O problems stay IOExceptions: a broken cache costs the reuse, not the session.
     */
    public void checkTrusted() throws IOException, ConfigException {
        try {
            TrustedDirectories.ensure(dir);
        } catch (UntrustedDirectoryException e) {
            throw new ConfigException("session cache: " + e.getMessage());
        }
    }

    /** @param forList a sealed session this cache cannot open is kept, its secrets shown as {@link #SEALED} */
    private CachedSession parse(String text, CacheKey expected, boolean forList) {
        Map<String, Object> map = Json.parseObject(text);
        if (!Long.valueOf(FORMAT).equals(map.get("format"))) {
            return null;
        }
        Object duration = map.get("durationSeconds");
        CacheKey key = new CacheKey(
                (String) map.get("accessKeyId"),
                (String) map.get("mfaSerial"),
                duration == null ? null : ((Long) duration).intValue(),
                (String) map.get("endpoint"));
        if (expected != null && !expected.equals(key)) {
            return null; // a hash collision or a hand-edited file
        }
        Instant expiration = Timestamps.parseUtcZ((String) map.get("expiration"));
        Instant obtained = Timestamps.parseUtcZ((String) map.get("obtained"));
        if (expiration == null || obtained == null) {
            return null;
        }
        String secret = (String) map.get("secretAccessKey");
        String token = (String) map.get("sessionToken");
        if (map.get("sealed") instanceof String) {
            Map<String, Object> secrets = unseal((String) map.get("sealed"));
            if (secrets == null && !forList) {
                return null;
            }
            secret = secrets == null ? SEALED : (String) secrets.get("secretAccessKey");
            token = secrets == null ? SEALED : (String) secrets.get("sessionToken");
        }
        try {
            SessionCredentials session = new SessionCredentials(
                    new AwsCredentials((String) map.get("sessionAccessKeyId"), secret, token), expiration);
            Object profile = map.get("profile");
            return new CachedSession(key, session, obtained, profile instanceof String ? (String) profile : null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Stores the session for the key (0600, atomically replacing any older entry). */
    public void write(CacheKey key, SessionCredentials session, Instant obtained) throws IOException {
        write(key, session, obtained, null);
    }

    /** @param profile the profile the session was obtained for (shown by cache list), or null */
    public void write(CacheKey key, SessionCredentials session, Instant obtained, String profile) throws IOException {
        AtomicFiles.createPrivateDirectory(dir);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", (long) FORMAT);
        map.put("accessKeyId", key.accessKeyId());
        map.put("mfaSerial", key.mfaSerial());
        map.put("durationSeconds", key.durationSeconds() == null ? null : (long) key.durationSeconds());
        map.put("endpoint", key.endpoint());
        map.put("sessionAccessKeyId", session.accessKeyId());
        if (sealer == null) {
            map.put("secretAccessKey", session.secretAccessKey());
            map.put("sessionToken", session.sessionToken());
        } else {
            Map<String, Object> secrets = new LinkedHashMap<>();
            secrets.put("secretAccessKey", session.secretAccessKey());
            secrets.put("sessionToken", session.sessionToken());
            map.put("sealed", sealer.seal(Json.write(secrets)));
        }
        map.put("expiration", Timestamps.utcZ(session.expiration()));
        map.put("obtained", Timestamps.utcZ(obtained));
        map.put("profile", profile);
        AtomicFiles.write(file(key), Json.write(map) + "\n");
    }

    private Map<String, Object> unseal(String sealed) {
        String text = sealer == null ? null : sealer.open(sealed);
        if (text == null) {
            return null;
        }
        try {
            return Json.parseObject(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Blocks until this process holds the key's lock. Held across the STS call and the prompt, so a
     * second invocation for the same key finds the first one's session instead of asking again.
     */
    public AutoCloseable lock(CacheKey key) throws IOException, ConfigException {
        checkTrusted();
        return FileLocks.acquire(dir.resolve(key.fileName() + ".lock"));
    }

    /**
     * Every readable entry, for {@code cache list}; an untrusted directory is refused. A sealed
     * session this cache cannot open is listed with {@link #SEALED} for its secrets
     * ({@link CachedSession#sealed()}), never used.
     */
    public List<CachedSession> list() throws IOException, ConfigException {
        List<CachedSession> sessions = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return sessions;
        }
        checkExisting();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                try {
                    if (!TrustedDirectories.isPrivateFile(file)) {
                        continue;
                    }
                    CachedSession session = parse(Files.readString(file, StandardCharsets.UTF_8), null, true);
                    if (session != null) {
                        sessions.add(session);
                    }
                } catch (IOException | RuntimeException e) {
                    // not ours, or damaged: list shows only what it can read
                }
            }
        }
        sessions.sort((a, b) -> a.session().expiration().compareTo(b.session().expiration()));
        return sessions;
    }

    /** The directory exists: refuse it (as a usage problem, exit 2) when another local user could change it. */
    private void checkExisting() throws IOException, ConfigException {
        try {
            TrustedDirectories.check(dir);
        } catch (UntrustedDirectoryException e) {
            throw new ConfigException("session cache: " + e.getMessage());
        }
    }

    /**
     * Deletes the cached sessions of one profile (null: all of them) with their lock files; returns
     * how many sessions were removed. A lock file is removed only while we hold its lock, so a run
     * waiting on it right now is not cut off; one that opened it a moment before may still lock the
     * removed file, which costs at most one extra STS call, never a damaged file.
     */
    public int clear(String profile) throws IOException, ConfigException {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        checkExisting();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                if (profile != null && !profile.equals(profileOf(file))) {
                    continue;
                }
                if (Files.deleteIfExists(file)) {
                    removed++;
                }
                String name = file.getFileName().toString();
                removeLockFile(dir.resolve(name.substring(0, name.length() - ".json".length()) + ".lock"));
            }
        }
        if (profile == null) {
            try (DirectoryStream<Path> locks = Files.newDirectoryStream(dir, "*.lock")) {
                for (Path lock : locks) {
                    removeLockFile(lock);
                }
            }
        }
        return removed;
    }

    /** All sessions. */
    public int clear() throws IOException, ConfigException {
        return clear(null);
    }

    private String profileOf(Path file) {
        try {
            if (!TrustedDirectories.isPrivateFile(file)) {
                return null;
            }
            CachedSession session = parse(Files.readString(file, StandardCharsets.UTF_8), null, true);
            return session == null ? null : session.profile();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void removeLockFile(Path lockFile) throws IOException {
        if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(lockFile); // a planted link: remove the link itself
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock held = channel.tryLock();
            if (held != null) {
                try {
                    Files.deleteIfExists(lockFile);
                } finally {
                    held.release();
                }
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // this process holds it: leave it
        }
    }
}
