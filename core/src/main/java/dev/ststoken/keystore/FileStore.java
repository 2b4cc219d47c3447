package dev.ststoken.keystore;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.PassphraseSource;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.TextFiles;
import dev.ststoken.internal.TrustedDirectories;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every profile's entry in one AES-256-GCM encrypted file ({@code keys.enc} in the data directory,
 * 0600 in a private 0700 directory, replaced atomically under a lock). The key comes from a
 * passphrase through PBKDF2-HMAC-SHA256 with a random 16-byte salt; the iteration count is stored in
 * the file, so it can be raised later without breaking old files. The header (format, KDF,
 * iterations, salt) is authenticated as GCM's associated data, so it cannot be lowered by an
 * attacker either. A wrong passphrase fails GCM's tag check and is reported as such.
 */
final class FileStore implements KeyStore {
    static final String NAME = "file";
    static final String KDF = "PBKDF2WithHmacSHA256";
    /**
     * See docs/security.md ("Work factor"): measured on the development machine, OWASP's 2023 figure for
     * PBKDF2-HMAC-SHA256.
     */
    static final int ITERATIONS = 600_000;
    /** The least work factor a file may claim (below it, a guessed passphrase is too cheap to test). */
    static final long MIN_ITERATIONS = 100_000;
    /**
     * The most a file may claim: about 10 s of PBKDF2 here. More is no protection anyone chose, only a
     * file that would hang every run; and the check must come before the count is narrowed to an int.
     */
    static final long MAX_ITERATIONS = 20_000_000;

    private static final int FORMAT = 1;

    private final Path file;
    private final PassphraseSource passphrases;
    private final int newFileIterations;
    private byte[] salt;
    private int iterations;
    private SecretKeySpec key;

    FileStore(Path file, PassphraseSource passphrases) {
        this(file, passphrases, ITERATIONS);
    }

    /** @param newFileIterations the work factor of a file created by this store (tests use a small one) */
    FileStore(Path file, PassphraseSource passphrases, int newFileIterations) {
        this.file = file;
        this.passphrases = passphrases;
        this.newFileIterations = newFileIterations;
    }

    /** {@code $XDG_DATA_HOME/sts-session-token/keys.enc}, else {@code ~/.local/share/sts-session-token/keys.enc}. */
    static Path defaultFile(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty()
                ? Path.of(xdg)
                : home.resolve(".local").resolve("share");
        return base.resolve("sts-session-token").resolve("keys.enc");
    }

    @Override
    public String name() {
        return NAME;
    }

    Path file() {
        return file;
    }

    @Override
    public String read(String profile) throws ConfigException {
        Map<String, String> entries = load();
        return entries == null ? null : entries.get(profile);
    }

    @Override
    public void write(String profile, String entry) throws ConfigException {
        update(profile, entry);
    }

    @Override
    public boolean delete(String profile) throws ConfigException {
        return update(profile, null);
    }

    @Override
    public List<String> profiles() throws ConfigException {
        Map<String, String> entries = load();
        return entries == null ? List.of() : new ArrayList<>(new TreeMap<>(entries).keySet());
    }

    /** Read-modify-write under the file's lock; returns whether the profile had an entry. */
    private boolean update(String profile, String entry) throws ConfigException {
        try {
            TrustedDirectories.ensure(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(
                            lockFile,
                            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    FileLock lock = channel.lock()) {
                Map<String, String> entries = load();
                boolean isNew = entries == null;
                if (entries == null) {
                    entries = new LinkedHashMap<>();
                }
                boolean existed = entries.containsKey(profile);
                if (entry == null) {
                    if (!existed) {
                        return false;
                    }
                    entries.remove(profile);
                } else {
                    entries.put(profile, entry);
                }
                if (isNew) {
                    newKey();
                }
                AtomicFiles.write(file, seal(entries));
                return existed;
            }
        } catch (IOException e) {
            throw new ConfigException("key store " + NAME + ": cannot write " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The entries, or null when the file does not exist yet. */
    private Map<String, String> load() throws ConfigException {
        String text;
        try {
            if (!java.nio.file.Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            TrustedDirectories.check(file.getParent());
            if (!TrustedDirectories.isPrivateFile(file)) {
                throw new ConfigException(
                        "key store " + NAME + ": " + file + " is not a private file of yours (it must be "
                                + "a regular file, mode 0600); refusing to use it");
            }
            text = TextFiles.readIfExists(file);
        } catch (IOException e) {
            throw new ConfigException("key store " + NAME + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        if (text == null) {
            return null;
        }
        try {
            Map<String, Object> header = Json.parseObject(text);
            if (!Long.valueOf(FORMAT).equals(header.get("format")) || !KDF.equals(header.get("kdf"))) {
                throw new ConfigException("key store " + NAME + ": " + file + " has an unknown format");
            }
            byte[] fileSalt = Base64.getDecoder().decode((String) header.get("salt"));
            long fileIterations = (Long) header.get("iterations");
            // Checked as the long the file holds: narrowed first, 2^32 + 1000 would pass as 1000.
            if (fileIterations < 1 || fileIterations > MAX_ITERATIONS) {
                throw new ConfigException("key store " + NAME + ": " + file + " claims a work factor of "
                        + fileIterations + " iterations, outside 1 to " + MAX_ITERATIONS + "; refusing it");
            }
            if (fileIterations < MIN_ITERATIONS && newFileIterations >= MIN_ITERATIONS) {
                throw new ConfigException("key store " + NAME + ": " + file + " claims a work factor of "
                        + fileIterations + " iterations, below the minimum of " + MIN_ITERATIONS + "; refusing it");
            }
            byte[] nonce = Base64.getDecoder().decode((String) header.get("nonce"));
            byte[] data = Base64.getDecoder().decode((String) header.get("data"));
            if (key == null || !Arrays.equals(salt, fileSalt) || iterations != fileIterations) {
                salt = fileSalt;
                iterations = (int) fileIterations;
                key = derive(passphrases.passphrase(file.toString(), false), salt, iterations);
            }
            byte[] plain =
                    cipher(Cipher.DECRYPT_MODE, nonce, aad(salt, iterations)).doFinal(data);
            Map<String, Object> map = Json.parseObject(new String(plain, StandardCharsets.UTF_8));
            Map<String, String> entries = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map.entrySet()) {
                entries.put(e.getKey(), (String) e.getValue());
            }
            return entries;
        } catch (AEADBadTagException e) {
            key = null;
            throw new ConfigException(
                    "key store " + NAME + ": wrong passphrase for " + file + " (or the file was altered)");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigException("key store " + NAME + ": " + file + " is damaged and cannot be read");
        }
    }

    private void newKey() throws ConfigException {
        salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        iterations = newFileIterations;
        key = derive(passphrases.passphrase(file.toString(), true), salt, iterations);
    }

    private String seal(Map<String, String> entries) throws ConfigException {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Map<String, Object> plain = new LinkedHashMap<>(entries);
        try {
            byte[] data = cipher(Cipher.ENCRYPT_MODE, nonce, aad(salt, iterations))
                    .doFinal(Json.write(plain).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("format", (long) FORMAT);
            out.put("kdf", KDF);
            out.put("iterations", (long) iterations);
            out.put("salt", Base64.getEncoder().encodeToString(salt));
            out.put("nonce", Base64.getEncoder().encodeToString(nonce));
            out.put("data", Base64.getEncoder().encodeToString(data));
            return Json.write(out) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }

    private static byte[] aad(byte[] salt, int iterations) {
        return (FORMAT + "|" + KDF + "|" + iterations + "|"
                        + Base64.getEncoder().encodeToString(salt))
                .getBytes(StandardCharsets.UTF_8);
    }

    static SecretKeySpec derive(char[] passphrase, byte[] salt, int iterations) throws ConfigException {
        if (passphrase.length == 0) {
            throw new ConfigException("key store " + NAME + ": an empty passphrase is not accepted");
        }
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            return new SecretKeySpec(
                    SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(KDF + " unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(passphrase, '\0');
        }
    }
}
