package dev.ststoken.emulator.signin;

import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Refresh tokens and authorization codes as sealed claims: JSON under AES-256-GCM with a key derived
 * from the state dir's token key, so they survive restarts, cannot be read by the client, and any
 * changed byte makes them unreadable. Each kind has its own prefix and its own derived key, so a code
 * is never taken for a refresh token.
 */
final class SealedClaims {
    private static final int IV_BYTES = 12;
    private static final int MAX_CHARS = 2048; // the model's limit for both

    private final byte[] key;
    private final String prefix;
    private final SecureRandom random;

    SealedClaims(byte[] tokenKey, String prefix, SecureRandom random) {
        this.key = Crypto.hmacSha256(tokenKey, "signin-sealed-claims:" + prefix);
        this.prefix = prefix;
        this.random = random;
    }

    String seal(Map<String, Object> claims) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(Json.write(claims).getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The claims, or null when the text was not sealed here with this prefix (tampered, foreign, truncated). */
    Map<String, Object> open(String text) {
        if (text == null || !text.startsWith(prefix) || text.length() > MAX_CHARS) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(text.substring(prefix.length()));
            if (raw.length <= IV_BYTES + 16) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, raw, 0, IV_BYTES));
            cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            return Json.parseObject(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
