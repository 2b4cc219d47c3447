package dev.ststoken.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two primitives SigV4 and TOTP need, with checked JCE exceptions turned into errors (they
 * cannot happen on a conforming JDK). SHA-256 and its HMAC start in plain Java ({@link Sha256}):
 * a CLI run hashes a few hundred bytes, and the JDK's providers would cost it 10 ms (a digest) to 22 ms (an HMAC) to set up.
 * A process that has hashed {@value #PLAIN_USES} times is a server or a long job, and moves to the
 * JDK's implementations, whose CPU intrinsics pay for that set-up many times over.
 */
public final class Crypto {
    static final int PLAIN_USES = 1000;
    private static final AtomicInteger plainUses = new AtomicInteger();
    private static volatile boolean jdkDigests;

    private Crypto() {}

    /** True once this process has moved to the JDK's implementations. */
    static boolean usesJdkDigests() {
        return jdkDigests;
    }

    private static boolean jdkDigests() {
        if (jdkDigests) {
            return true;
        }
        if (plainUses.incrementAndGet() > PLAIN_USES) {
            jdkDigests = true;
            return true;
        }
        return false;
    }

    // One instance per thread: getInstance walks the provider list on every call, which shows
    // under load in the emulator (several digests and HMACs per request).
    // Anonymous classes, not lambdas: this class is on the CLI's start-up path.
    private static final ThreadLocal<MessageDigest> SHA256 = new ThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() {
            return newSha256();
        }
    };
    private static final ThreadLocal<Mac> HMAC_SHA256 = new ThreadLocal<>() {
        @Override
        protected Mac initialValue() {
            return newMac("HmacSHA256");
        }
    };

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static Mac newMac(String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return jdkDigests() ? jdkSha256(data) : Sha256.digest(data);
    }

    static byte[] jdkSha256(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(data);
    }

    public static String sha256Hex(byte[] data) {
        return Hex.encode(sha256(data));
    }

    public static String sha256Hex(String data) {
        return sha256Hex(data.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    public static byte[] hmacSha256(byte[] key, String data) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an empty HMAC key"); // the JDK's refuses one too
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return jdkDigests() ? jdkHmacSha256(key, bytes) : Sha256.hmac(key, bytes);
    }

    static byte[] jdkHmacSha256(byte[] key, byte[] data) {
        Mac mac = HMAC_SHA256.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
        return mac.doFinal(data);
    }

    /** Constant-time, so a verifier does not leak how many leading characters of a signature matched. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
