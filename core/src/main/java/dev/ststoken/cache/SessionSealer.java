package dev.ststoken.cache;

/**
 * Encrypts the secret half of cached sessions whose long-term key lives in a key store, so the
 * cache is not the plaintext copy the store was meant to avoid. Key ids, expiry and profile stay
 * readable, so {@code cache list} works without the key.
 */
public interface SessionSealer {
    /** The text, encrypted and authenticated, as printable ASCII. */
    String seal(String plaintext);

    /** The text {@link #seal} was given, or null when this sealer cannot open it (another key, altered). */
    String open(String sealed);
}
