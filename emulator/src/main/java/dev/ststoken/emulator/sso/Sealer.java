package dev.ststoken.emulator.sso;

import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets, access tokens and refresh tokens are their claims sealed with AES-256-GCM under a
 * key derived from the directory's, as the emulator's session tokens are: nothing is stored per
 * token, and a token changed by one bit does not open. The purpose is the associated data, so an
 * access token cannot be presented as a refresh token or a client secret.
 */
final class Sealer {
    private static final int IV_BYTES = 12;
    private final SecretKeySpec key;
    private final byte[] macKey;
    private final SecureRandom random = new SecureRandom();

    Sealer(byte[] directoryKey) {
        this.key = new SecretKeySpec(Crypto.hmacSha256(directoryKey, "sso-seal"), "AES");
        this.macKey = Crypto.hmacSha256(directoryKey, "sso-mac");
    }

    String seal(String purpose, Map<String, Object> claims) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(Json.write(claims).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The claims, or null for anything not sealed by us for this purpose. */
    Map<String, Object> open(String purpose, String token) {
        if (token == null || token.length() > 8192) {
            return null;
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(token);
            if (all.length <= IV_BYTES + 16) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return Json.parseObject(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A keyed MAC, for the CSRF tokens bound to a browser's cookie. */
    String mac(String purpose, String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.hmacSha256(macKey, purpose + ":" + value));
    }

    /** The SHA-256 of a code, by which the state file knows it. */
    static String hash(String code) {
        return Crypto.sha256Hex(code);
    }

    String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    SecureRandom random() {
        return random;
    }
}
