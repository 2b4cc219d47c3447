package dev.ststoken.emulator.oidc;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A JSON Web Key Set (RFC 7517) read into public keys: RSA ({@code n}, {@code e}, at least 2048
 * bits) and EC on P-256, P-384 or P-521 ({@code crv}, {@code x}, {@code y}, the point on the curve).
 * Keys of other types, keys for encryption ({@code use: enc}) and private keys are left out, not
 * refused: a provider's set may hold keys for other purposes.
 */
public final class Jwks {
    /** At most this many keys are read from one set. */
    static final int MAX_KEYS = 100;

    private static final Map<String, String> CURVES =
            Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    /** One usable key: its {@code kid} (null when the set gives none) and the key. */
    public record Key(String kid, PublicKey key) {}

    private Jwks() {}

    /** The usable keys of a parsed set; an empty list when it has none. */
    public static List<Key> read(Map<String, Object> set) {
        List<Key> out = new ArrayList<>();
        if (!(set.get("keys") instanceof List<?> keys)) {
            return out;
        }
        for (Object entry : keys) {
            if (out.size() >= MAX_KEYS) {
                break;
            }
            if (!(entry instanceof Map<?, ?> jwk) || "enc".equals(jwk.get("use")) || jwk.containsKey("d")) {
                continue;
            }
            try {
                PublicKey key = key(jwk);
                if (key != null) {
                    out.add(new Key(jwk.get("kid") instanceof String kid ? kid : null, key));
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a key we cannot read is skipped; a token signed with it finds no key
            }
        }
        return out;
    }

    private static PublicKey key(Map<?, ?> jwk) throws GeneralSecurityException {
        Object kty = jwk.get("kty");
        if ("RSA".equals(kty)) {
            BigInteger n = number(jwk.get("n"));
            BigInteger e = number(jwk.get("e"));
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            return key.getModulus().bitLength() >= 2048 ? key : null;
        }
        if ("EC".equals(kty) && jwk.get("crv") instanceof String crv && CURVES.containsKey(crv)) {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(CURVES.get(crv)));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(number(jwk.get("x")), number(jwk.get("y")));
            // A point off the curve is refused before any signature is checked with it (invalid-curve attacks).
            return onCurve(point, spec)
                    ? KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec))
                    : null;
        }
        return null;
    }

    /** y^2 = x^3 + ax + b (mod p), with x and y in the field. */
    static boolean onCurve(ECPoint point, ECParameterSpec spec) {
        BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3)
                .add(spec.getCurve().getA().multiply(x))
                .add(spec.getCurve().getB())
                .mod(p);
        return left.equals(right);
    }

    private static BigInteger number(Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new IllegalArgumentException("missing key member");
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(text));
    }
}
