package dev.ststoken.cache;

import dev.ststoken.internal.TextFiles;
import dev.ststoken.sts.TlsSettings;
import java.io.IOException;
import java.net.URI;

/**
 * What makes two requests interchangeable: the long-term key, the MFA serial and the requested
 * duration, plus the endpoint and how it was trusted, so a session from an emulator never answers
 * for AWS and a session fetched without TLS verification (from whoever answered) never answers for
 * a run that verifies.
 *
 * @param endpoint the endpoint's URI followed by its trust label (see {@link #forSession})
 */
public record CacheKey(String accessKeyId, String mfaSerial, Integer durationSeconds, String endpoint) {
    /**
     * The key for a GetSessionToken at {@code endpoint} trusted as {@code tls} says: the trust label
     * is part of the endpoint component, so files need no new field and the label shows in the file.
     */
    public static CacheKey forSession(
            String accessKeyId, String mfaSerial, Integer durationSeconds, URI endpoint, TlsSettings tls) {
        return new CacheKey(accessKeyId, mfaSerial, durationSeconds, endpoint + " " + trustLabel(tls));
    }

    /**
     * {@code tls=verify} (the JDK's trust store), {@code tls=off}, or {@code tls=ca:PATH#HASH} where
     * HASH covers the bundle's bytes, so a bundle replaced in place is another key. An unreadable
     * bundle gets its own label: the call that follows fails on it anyway.
     */
    static String trustLabel(TlsSettings tls) {
        if (!tls.verify()) {
            return "tls=off";
        }
        if (tls.caBundle() == null) {
            return "tls=verify";
        }
        String path = tls.caBundle().toAbsolutePath().normalize().toString();
        if (tls.caBundleDigest() != null) {
            return "tls=ca:" + path + "#" + tls.caBundleDigest();
        }
        try {
            return "tls=ca:" + path + "#" + TlsSettings.digest(TextFiles.readBytes(tls.caBundle()));
        } catch (IOException | RuntimeException e) {
            return "tls=ca:" + path + "#unreadable";
        }
    }

    private static String hex(long value) {
        String hex = Long.toHexString(value);
        StringBuilder padded = new StringBuilder(16);
        for (int i = hex.length(); i < 16; i++) {
            padded.append('0');
        }
        return padded.append(hex).toString();
    }

    /**
     * A file name that needs no crypto classes (the cache-hit path must stay light): the key id and
     * a 64-bit FNV-1a hash of the whole key. A collision only means a miss, because the file's own
     * key fields are compared on read.
     */
    public String fileName() {
        long hash = 0xcbf29ce484222325L;
        String text = accessKeyId + '\n' + mfaSerial + '\n' + durationSeconds + '\n' + endpoint;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        StringBuilder name = new StringBuilder(accessKeyId.length() + 17);
        for (int i = 0; i < accessKeyId.length(); i++) {
            char c = accessKeyId.charAt(i);
            boolean safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            name.append(safe ? c : '_');
        }
        return name.append('-').append(hex(hash)).toString();
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic, which costs
    // start-up on the cache-hit path where keys are compared.
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CacheKey)) {
            return false;
        }
        CacheKey k = (CacheKey) other;
        return same(accessKeyId, k.accessKeyId)
                && same(mfaSerial, k.mfaSerial)
                && same(durationSeconds, k.durationSeconds)
                && same(endpoint, k.endpoint);
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    @Override
    public int hashCode() {
        return (int) (fileName().hashCode() * 31L);
    }

    @Override
    public String toString() {
        return "CacheKey[" + accessKeyId + ", " + mfaSerial + ", " + durationSeconds + ", " + endpoint + "]";
    }
}
