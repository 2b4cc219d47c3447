package dev.ststoken.signin;

import dev.ststoken.internal.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The P-256 key a login session's tokens are bound to, as the AWS CLI keeps it in the cache file's
 * {@code dpopKey}: a PEM "EC PRIVATE KEY" (SEC1, RFC 5915) with the curve's OID and the public point.
 * It signs DPoP proofs (RFC 9449, ES256, the signature in JOSE's r||s form, which the JDK's
 * SHA256withECDSAinP1363Format gives directly). {@code toString} never shows the key.
 */
public final class DpopKey {
    /** 1.2.840.10045.3.1.7, prime256v1 / secp256r1. */
    private static final byte[] P256_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};

    private static final String BEGIN = "-----BEGIN EC PRIVATE KEY-----";
    private static final String END = "-----END EC PRIVATE KEY-----";

    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;

    private DpopKey(ECPrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A new key, as a sign-in makes one. */
    public static DpopKey generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            return new DpopKey((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 unavailable", e);
        }
    }

    /**
     * The key of a cache file's {@code dpopKey}. Throws {@link IllegalArgumentException} (whose
     * message holds no key material) when it is not a P-256 SEC1 key with its public point, or when
     * the public point is not the private key's.
     */
    public static DpopKey fromPem(String pem) {
        StringBuilder base64 = new StringBuilder();
        for (String line : pem.split("\r?\n")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("-----")) {
                base64.append(trimmed);
            }
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the DPoP key is not base64 PEM");
        }
        Der in = new Der(der);
        Der key = in.enter(0x30);
        if (!Arrays.equals(key.read(0x02), new byte[] {1})) {
            throw new IllegalArgumentException("the DPoP key is not a SEC1 EC private key (version 1)");
        }
        byte[] scalar = key.read(0x04);
        byte[] oid = null;
        byte[] point = null;
        while (key.hasMore()) {
            int tag = key.peek();
            if (tag == 0xA0) {
                oid = key.enter(0xA0).read(0x06);
            } else if (tag == 0xA1) {
                point = key.enter(0xA1).read(0x03);
            } else {
                key.read(tag);
            }
        }
        if (oid == null || !Arrays.equals(oid, P256_OID)) {
            throw new IllegalArgumentException("the DPoP key is not on P-256");
        }
        if (point == null || point.length != 66 || point[0] != 0 || point[1] != 0x04) {
            throw new IllegalArgumentException("the DPoP key has no uncompressed public point");
        }
        if (scalar.length > 32) {
            throw new IllegalArgumentException("the DPoP key's private scalar is too long");
        }
        try {
            ECParameterSpec params = p256();
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey privateKey =
                    (ECPrivateKey) factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), params));
            ECPoint w = new ECPoint(
                    new BigInteger(1, Arrays.copyOfRange(point, 2, 34)),
                    new BigInteger(1, Arrays.copyOfRange(point, 34, 66)));
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(w, params));
            DpopKey loaded = new DpopKey(privateKey, publicKey);
            loaded.checkPair();
            return loaded;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the DPoP key is not a valid P-256 key");
        }
    }

    /** A proof signed by the private key must verify with the public point, or the file was altered. */
    private void checkPair() throws GeneralSecurityException {
        byte[] probe = "dpop-key-pair-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new IllegalArgumentException("the DPoP key's public point is not its private key's");
        }
    }

    /** The PEM the AWS CLI writes (SEC1 with the curve OID and the public point). */
    public String toPem() {
        byte[] d = unsigned(privateKey.getS());
        byte[] x = unsigned(publicKey.getW().getAffineX());
        byte[] y = unsigned(publicKey.getW().getAffineY());
        byte[] der = new byte[121];
        int i = 0;
        for (int b : new int[] {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20}) {
            der[i++] = (byte) b;
        }
        System.arraycopy(d, 0, der, i, 32);
        i += 32;
        for (int b : new int[] {0xA0, 0x0A, 0x06, 0x08}) {
            der[i++] = (byte) b;
        }
        System.arraycopy(P256_OID, 0, der, i, 8);
        i += 8;
        for (int b : new int[] {0xA1, 0x44, 0x03, 0x42, 0x00, 0x04}) {
            der[i++] = (byte) b;
        }
        System.arraycopy(x, 0, der, i, 32);
        i += 32;
        System.arraycopy(y, 0, der, i, 32);
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Arrays.fill(der, (byte) 0);
        Arrays.fill(d, (byte) 0);
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    /** The public key as a JWK's members (kty, crv, x, y). */
    public Map<String, Object> jwk() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", b64(unsigned(publicKey.getW().getAffineX())));
        jwk.put("y", b64(unsigned(publicKey.getW().getAffineY())));
        return jwk;
    }

    /** A DPoP proof for one request: {@code htm}, {@code htu}, {@code iat} (epoch seconds), a fresh {@code jti}. */
    public String proof(String method, String url, long iat) {
        return proof(method, url, iat, UUID.randomUUID().toString());
    }

    /** As {@link #proof(String, String, long)} with a given {@code jti}. */
    public String proof(String method, String url, long iat, String jti) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "ES256");
        header.put("jwk", jwk());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("htm", method);
        claims.put("htu", url);
        claims.put("iat", iat);
        claims.put("jti", jti);
        String input = b64(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + b64(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(privateKey);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DpopKey[P-256]";
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    /** A coordinate or scalar as exactly 32 big-endian bytes. */
    private static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Just enough DER to walk a SEC1 key: definite lengths, bounds checked. */
    private static final class Der {
        private final byte[] bytes;
        private int at;
        private final int end;

        Der(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Der(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        boolean hasMore() {
            return at < end;
        }

        int peek() {
            return bytes[at] & 0xff;
        }

        Der enter(int tag) {
            int length = header(tag);
            Der inner = new Der(bytes, at, at + length);
            at += length;
            return inner;
        }

        byte[] read(int tag) {
            int length = header(tag);
            byte[] out = Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return out;
        }

        private int header(int tag) {
            if (at + 2 > end || (bytes[at] & 0xff) != tag) {
                throw new IllegalArgumentException("the DPoP key is not a SEC1 EC private key");
            }
            at++;
            int length = bytes[at++] & 0xff;
            if (length == 0x81) {
                if (at >= end) {
                    throw new IllegalArgumentException("the DPoP key is not a SEC1 EC private key");
                }
                length = bytes[at++] & 0xff;
            } else if (length > 0x7f) {
                throw new IllegalArgumentException("the DPoP key is not a SEC1 EC private key");
            }
            if (at + length > end) {
                throw new IllegalArgumentException("the DPoP key is not a SEC1 EC private key");
            }
            return length;
        }
    }
}
