package dev.ststoken.emulator.signin;

import dev.ststoken.internal.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a DPoP proof (RFC 9449) as the sign-in service's token endpoint needs it: a compact JWS
 * with {@code typ} dpop+jwt, {@code alg} ES256 and the public key as a P-256 {@code jwk} in its
 * header, signed by that key (JOSE r||s form); {@code htm} and {@code htu} naming this request;
 * {@code iat} within {@link #WINDOW_SECONDS} of the service's clock; a {@code jti} not seen before
 * within that window. Returns the key's RFC 7638 thumbprint, which tokens are bound to
 * ({@code cnf.jkt}).
 */
final class DpopVerifier {
    /** How far a proof's iat may be from the service's clock, either way. */
    static final long WINDOW_SECONDS = 300;
    /** A bound on the replay table: past it, the oldest entries go first (they are the first to lapse). */
    private static final int MAX_REMEMBERED = 100_000;

    private static final int MAX_PROOF_CHARS = 4096;

    private final Clock clock;
    /** jti (with the key's thumbprint) to when it may be forgotten, in insertion order. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    DpopVerifier(Clock clock) {
        this.clock = clock;
    }

    /** The verified proof's key thumbprint. */
    String verify(String proof, String method, String url) throws SigninError {
        if (proof == null || proof.isEmpty()) {
            throw SigninError.invalid("DPoP proof is missing");
        }
        if (proof.length() > MAX_PROOF_CHARS) {
            throw SigninError.invalid("DPoP proof is too long");
        }
        String[] parts = proof.split("\\.", -1);
        if (parts.length != 3) {
            throw SigninError.invalid("DPoP proof is not a compact JWS");
        }
        Map<String, Object> header = json(parts[0]);
        Map<String, Object> claims = json(parts[1]);
        if (!"dpop+jwt".equals(header.get("typ"))) {
            throw SigninError.invalid("DPoP proof typ must be dpop+jwt");
        }
        if (!"ES256".equals(header.get("alg"))) {
            throw SigninError.invalid("DPoP proof alg must be ES256");
        }
        if (!(header.get("jwk") instanceof Map<?, ?> jwk)) {
            throw SigninError.invalid("DPoP proof has no jwk");
        }
        String x = string(jwk, "x");
        String y = string(jwk, "y");
        if (!"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv")) || jwk.containsKey("d")) {
            throw SigninError.invalid("DPoP proof jwk must be a public P-256 EC key");
        }
        PublicKey key = publicKey(x, y);
        byte[] signature = decode(parts[2]);
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (signature.length != 64 || !verifier.verify(signature)) {
                throw SigninError.invalid("DPoP proof signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw SigninError.invalid("DPoP proof signature does not verify");
        }
        if (!method.equals(claims.get("htm"))) {
            throw SigninError.invalid("DPoP proof htm does not match the request method");
        }
        if (!(claims.get("htu") instanceof String htu) || !sameUrl(htu, url)) {
            throw SigninError.invalid("DPoP proof htu does not match the request URL");
        }
        if (!(claims.get("iat") instanceof Long iat)) {
            throw SigninError.invalid("DPoP proof has no iat");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - iat) > WINDOW_SECONDS) {
            throw SigninError.invalid("DPoP proof iat is outside the accepted window; check the clock");
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 256) {
            throw SigninError.invalid("DPoP proof has no jti");
        }
        String thumbprint = thumbprint(x, y);
        remember(thumbprint + " " + jti, now, iat);
        return thumbprint;
    }

    /** Refuses a jti seen within the window; remembers it until it could no longer pass the iat check. */
    private synchronized void remember(String id, long now, long iat) throws SigninError {
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next() >= now) {
                break;
            }
            it.remove();
        }
        Long until = seen.get(id);
        if (until != null && until >= now) {
            throw SigninError.invalid("DPoP proof jti was already used");
        }
        while (seen.size() >= MAX_REMEMBERED) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        seen.put(id, Math.max(now, iat) + 2 * WINDOW_SECONDS);
    }

    /** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
    static String thumbprint(String x, String y) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** RFC 9449 4.3: htu compared without query and fragment, scheme and host case-insensitively. */
    private static boolean sameUrl(String htu, String url) {
        try {
            java.net.URI a = new java.net.URI(htu).normalize();
            java.net.URI b = new java.net.URI(url).normalize();
            return a.getScheme() != null
                    && a.getScheme().equalsIgnoreCase(b.getScheme())
                    && a.getHost() != null
                    && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b)
                    && a.getRawPath().equals(b.getRawPath());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int port(java.net.URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static PublicKey publicKey(String x, String y) throws SigninError {
        byte[] xb = decode(x);
        byte[] yb = decode(y);
        if (xb.length != 32 || yb.length != 32) {
            throw SigninError.invalid("DPoP proof jwk must be a public P-256 EC key");
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, xb), new BigInteger(1, yb));
            // The JDK refuses a point not on the curve here (invalid-curve attacks).
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw SigninError.invalid("DPoP proof jwk is not a point on P-256");
        }
    }

    private static Map<String, Object> json(String part) throws SigninError {
        try {
            return Json.parseObject(new String(decode(part), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw SigninError.invalid("DPoP proof is not valid JSON");
        }
    }

    private static String string(Map<?, ?> map, String name) throws SigninError {
        if (!(map.get(name) instanceof String value)) {
            throw SigninError.invalid("DPoP proof jwk must be a public P-256 EC key");
        }
        return value;
    }

    private static byte[] decode(String part) throws SigninError {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw SigninError.invalid("DPoP proof is not base64url");
        }
    }
}
