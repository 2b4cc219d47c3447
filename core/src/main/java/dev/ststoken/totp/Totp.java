package dev.ststoken.totp;

import dev.ststoken.internal.Crypto;
import java.time.Instant;

/**
 * RFC 6238 TOTP with AWS's virtual-MFA parameters: HMAC-SHA1, 30-second steps from T0 = 0, six
 * digits. Works in time steps so that verifiers can remember which steps were used.
 */
public final class Totp {
    public static final int STEP_SECONDS = 30;

    private Totp() {}

    /** T = floor(unix seconds / X), the step an instant falls in. */
    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    /** The first instant of a step. */
    public static Instant stepStart(long step) {
        return Instant.ofEpochSecond(step * STEP_SECONDS);
    }

    public static String code(byte[] seed, Instant instant) {
        return code(seed, step(instant), 6);
    }

    public static String code(byte[] seed, long step) {
        return code(seed, step, 6);
    }

    /** HOTP (RFC 4226) of the step counter, truncated dynamically to {@code digits}. */
    public static String code(byte[] seed, long step, int digits) {
        byte[] counter = new byte[8];
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) (step >>> (8 * (7 - i)));
        }
        byte[] hash = Crypto.hmac("HmacSHA1", seed, counter);
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        int modulus = 1;
        for (int i = 0; i < digits; i++) {
            modulus *= 10;
        }
        StringBuilder code = new StringBuilder(Integer.toString(binary % modulus));
        while (code.length() < digits) {
            code.insert(0, '0');
        }
        return code.toString();
    }

    /**
     * The step within {@code now ± window} whose code matches, or -1. Every step is tried (no early
     * exit, so timing does not tell which matched); if a code happens to match two steps the later
     * one wins, so a verifier that records used steps errs towards refusing reuse.
     */
    public static long matchingStep(byte[] seed, String code, Instant now, int window) {
        long current = step(now);
        long found = -1;
        for (long s = current - window; s <= current + window; s++) {
            if (Crypto.constantTimeEquals(code(seed, s), code)) {
                found = s;
            }
        }
        return found;
    }
}
