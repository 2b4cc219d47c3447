package dev.ststoken.emulator.state;

import java.security.SecureRandom;

/** Identifiers in AWS's shapes: 4-letter prefix + 16 upper-case base32 characters, 40-character secrets. */
public final class Ids {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private final SecureRandom random;

    public Ids(SecureRandom random) {
        this.random = random;
    }

    /** Access key ids: AKIA (long-term key), ASIA (session key), 20 characters. */
    public String id(String prefix) {
        return prefix + pick(UPPER, 16);
    }

    /** IAM unique ids, 21 characters: AIDA (user), AROA (role), AGPA (group), ANPA (managed policy). */
    public String uniqueId(String prefix) {
        return prefix + pick(UPPER, 17);
    }

    public String secret() {
        return pick(SECRET, 40);
    }

    String accountId() {
        StringBuilder out = new StringBuilder(12);
        out.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < 12; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    public byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    /** Request ids need to be unique, not unpredictable: no SecureRandom (and its lock) per request. */
    public String requestId() {
        byte[] b = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        StringBuilder out = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out.append('-');
            }
            out.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return out.toString();
    }

    private String pick(String alphabet, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
