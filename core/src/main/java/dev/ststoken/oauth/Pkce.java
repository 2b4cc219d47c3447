package dev.ststoken.oauth;

import dev.ststoken.internal.Crypto;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * RFC 7636's proof key for one authorization: the verifier stays in this process; the challenge
 * (its SHA-256, base64url without padding: method S256) goes into the authorization URL. Whoever
 * intercepts the code cannot redeem it without the verifier.
 *
 * @param verifier  43 characters of base64url (32 random bytes), the most entropy RFC 7636 asks for
 *                  in the fewest characters
 * @param challenge {@link #challengeOf(String)} of the verifier
 */
public record Pkce(String verifier, String challenge) {
    /** The only method we send: the plain method would put the verifier itself in the URL. */
    public static final String METHOD = "S256";

    private static final SecureRandom RANDOM = new SecureRandom();

    public static Pkce create() {
        String verifier = randomUrlSafe(32);
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 section 4.2. */
    public static String challengeOf(String verifier) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Crypto.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** {@code bytes} random bytes as base64url without padding: verifiers and states. */
    static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The verifier is a secret of this process: never in a log or a message. */
    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + "]";
    }
}
