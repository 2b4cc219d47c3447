package dev.ststoken.keystore;

import dev.ststoken.cache.SessionSealer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the profile's cache key from its {@link StoredKey}: the cached sessions of a
 * key-store profile are only readable by someone who can read the store. Sealed text is
 * {@code v1:} + base64(12-byte nonce, ciphertext, tag).
 */
public final class CacheSealer implements SessionSealer {
    private static final String PREFIX = "v1:";
    private final SecretKeySpec key;

    public CacheSealer(byte[] cacheKey) {
        this.key = new SecretKeySpec(cacheKey.clone(), "AES");
    }

    @Override
    public String seal(String plaintext) {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(12 + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    @Override
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (bytes.length < 12 + 16) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "CacheSealer[AES-256-GCM]";
    }
}
