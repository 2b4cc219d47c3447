package dev.ststoken.emulator.oidc;

import dev.ststoken.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An OpenID Connect ID token as AssumeRoleWithWebIdentity reads it: a compact JWS (three base64url
 * parts), its header and claims parsed, its signature not yet checked. Only asymmetric algorithms
 * are accepted: {@code none} and the HMAC ones would let anyone who knows the issuer's public data
 * make tokens.
 */
public record WebIdentityToken(
        Map<String, Object> header, Map<String, Object> claims, byte[] signingInput, byte[] signature) {
    /** JOSE algorithm names and the JDK's: RSA PKCS#1 v1.5, RSA-PSS and ECDSA (P1363 r||s form). */
    static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA",
            "RS384", "SHA384withRSA",
            "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format",
            "ES384", "SHA384withECDSAinP1363Format",
            "ES512", "SHA512withECDSAinP1363Format");

    /** Thrown for a token that is not a JWT STS can read; the message is AWS's, never the token. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    public static WebIdentityToken parse(String token) throws Malformed {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw notJwt();
        }
        try {
            Map<String, Object> header = Json.parseObject(decodeText(parts[0]));
            Map<String, Object> claims = Json.parseObject(decodeText(parts[1]));
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            return new WebIdentityToken(
                    header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
        } catch (IllegalArgumentException | Json.ParseException e) { // bad base64url, or not a JSON object
            throw notJwt();
        }
    }

    private static Malformed notJwt() {
        return new Malformed(
                "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
    }

    private static String decodeText(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    /** Whether the emulator verifies tokens signed with this JOSE algorithm. */
    public static boolean supported(String algorithm) {
        return ALGORITHMS.containsKey(algorithm);
    }

    public String algorithm() {
        return header.get("alg") instanceof String alg ? alg : null;
    }

    public String keyId() {
        return header.get("kid") instanceof String kid ? kid : null;
    }

    /** A string claim, or null when absent or not a string. */
    public String string(String name) {
        return claims.get(name) instanceof String value ? value : null;
    }

    /** A NumericDate claim in seconds (a fraction is dropped), or null when absent or not a number. */
    public Long seconds(String name) {
        Object value = claims.get(name);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return (long) Math.floor(d);
        }
        return null;
    }

    /** {@code aud}: one string or a list of them (RFC 7519 4.1.3); empty when absent. */
    public List<String> audiences() {
        Object aud = claims.get("aud");
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list) {
            return list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
        return List.of();
    }

    /** Whether {@code key} signed this token with the header's algorithm (which must suit the key). */
    public boolean signedBy(PublicKey key) {
        String jdk = ALGORITHMS.get(algorithm());
        if (jdk == null) {
            return false;
        }
        boolean ec = algorithm().startsWith("ES");
        if (ec != key.getAlgorithm().equals("EC")) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jdk);
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
