package dev.ststoken.sso;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.cache.SessionCache;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Hex;
import dev.ststoken.internal.TextFiles;
import dev.ststoken.internal.TrustedDirectories;
import dev.ststoken.internal.UntrustedDirectoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The AWS CLI's sign-in cache, {@code ~/.aws/sso/cache/NAME.json} with NAME the SHA-1 (hex) of the
 * sso-session's name or, for the legacy form, of the start URL: the files the AWS CLI and botocore
 * read and write, so one sign-in serves them and us. Read only from a directory no other user can
 * change and from a file that is ours and private; written 0600 through a temporary file and a
 * rename, under a lock (kept in our own session cache, not in the AWS CLI's directory) so that two
 * refreshes never race. A file that cannot be read as a token is an error and is left as it is.
 */
public final class TokenCache {
    private final Path dir;
    private final SessionCache locks;

    /**
     * @param dir   usually {@link #defaultDir}
     * @param locks where the cross-process lock files live (the session cache)
     */
    public TokenCache(Path dir, SessionCache locks) {
        this.dir = dir;
        this.locks = locks;
    }

    /** {@code ~/.aws/sso/cache}, where the AWS CLI keeps it (botocore takes no variable for it). */
    public static Path defaultDir(Map<String, String> env, Path home) {
        return home.resolve(".aws").resolve("sso").resolve("cache");
    }

    public Path dir() {
        return dir;
    }

    /** SHA-1 hex of the name, as botocore's SSOTokenLoader names the file. */
    public static String fileName(String name) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    public Path file(String name) {
        return dir.resolve(name + ".json");
    }

    /**
     * The cached token, or null when there is none.
     *
     * @param fix what to do about a bad file, for the message (the sign-in command)
     * @throws ConfigException for a directory or file another user could change, or a file that is no token
     */
    public SsoToken read(String name, String fix) throws ConfigException {
        Path file = file(name);
        try {
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            TrustedDirectories.check(dir);
            if (!TrustedDirectories.isPrivateFile(file)) {
                throw new ConfigException("IAM Identity Center token cache " + file + " is not a private file of "
                        + "yours (a link, another owner, or readable by group or others): remove it and " + fix);
            }
            String text = TextFiles.readIfExists(file);
            if (text == null) {
                return null;
            }
            try {
                return SsoToken.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("IAM Identity Center token cache " + file + " " + e.getMessage()
                        + "; it was left as it is: " + fix);
            }
        } catch (UntrustedDirectoryException e) {
            throw new ConfigException("IAM Identity Center token cache: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("IAM Identity Center token cache " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Replaces the token (0600, atomically), creating the directory 0700 when missing. */
    public void write(String name, SsoToken token) throws ConfigException {
        writeJson(name, token.toJson());
    }

    /**
     * The cached client registration, or null when there is none or it cannot be read (a bad one is
     * replaced by the next sign-in, as the AWS CLI replaces it).
     */
    public Registration readRegistration(String name) throws ConfigException {
        Path file = file(name);
        try {
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            TrustedDirectories.check(dir);
            if (!TrustedDirectories.isPrivateFile(file)) {
                return null;
            }
            String text = TextFiles.readIfExists(file);
            return text == null ? null : Registration.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        } catch (UntrustedDirectoryException e) {
            throw new ConfigException("IAM Identity Center token cache: " + e.getMessage());
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces the registration (0600, atomically). */
    public void writeRegistration(String name, Registration registration) throws ConfigException {
        writeJson(name, registration.toJson());
    }

    private void writeJson(String name, String json) throws ConfigException {
        try {
            TrustedDirectories.ensure(dir);
            AtomicFiles.write(file(name), json);
        } catch (UntrustedDirectoryException e) {
            throw new ConfigException("IAM Identity Center token cache: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("IAM Identity Center token cache " + file(name) + " cannot be written ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Removes a token file (sign-out); true when there was one. */
    public boolean remove(String name) throws ConfigException {
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new ConfigException("IAM Identity Center token cache " + file(name) + " cannot be removed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The names of the cache's files (tokens and registrations alike), for signing out of all. */
    public java.util.List<String> names() throws ConfigException {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                names.add(name.substring(0, name.length() - ".json".length()));
            }
        } catch (IOException e) {
            throw new ConfigException("IAM Identity Center token cache " + dir + " cannot be listed ("
                    + e.getClass().getSimpleName() + ")");
        }
        java.util.Collections.sort(names);
        return names;
    }

    /** Holds the token's lock until closed: one refresh at a time across processes. */
    public AutoCloseable lock(String name) throws ConfigException {
        try {
            return locks.lock(new CacheKey("ssotoken", null, null, name));
        } catch (IOException e) {
            throw new ConfigException("cannot lock the IAM Identity Center token " + name + " in " + locks.dir() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
