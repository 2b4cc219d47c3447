package dev.ststoken.sts;

import java.nio.file.Path;

/**
 * How to trust the endpoint's certificate: the JDK's trust store, a PEM bundle, or (the original module's
 * {@code validate_certs: no}) nothing at all.
 *
 * @param caBundleDigest a digest of the bundle's bytes (see {@link #digest}) when whoever chose the bundle
 *     already read it, so it is not read again to tell bundles apart; null otherwise
 */
public record TlsSettings(boolean verify, Path caBundle, String caBundleDigest) {
    public static final TlsSettings DEFAULT = new TlsSettings(true, null);

    public TlsSettings(boolean verify, Path caBundle) {
        this(verify, caBundle, null);
    }

    /**
     * 64-bit FNV-1a of the bytes, as 16 hex digits: enough to tell a bundle replaced in place from the
     * old one, with no crypto classes loaded (this runs on the cache-hit path).
     */
    public static String digest(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        String hex = Long.toHexString(hash);
        StringBuilder padded = new StringBuilder(16);
        for (int i = hex.length(); i < 16; i++) {
            padded.append('0');
        }
        return padded.append(hex).toString();
    }
}
