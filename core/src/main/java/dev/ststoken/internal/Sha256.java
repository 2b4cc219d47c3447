package dev.ststoken.internal;

/**
 * SHA-256 as FIPS 180-4 defines it, in plain Java. The JDK's own costs a cold JVM about 10 ms of
 * provider set-up before its first digest, and its HMAC about 22 ms, more than the rest of a CLI
 * run's work; this one costs nothing to start. {@link Crypto} moves to the JDK's (with its CPU
 * intrinsics) once a process has hashed enough to be a server.
 */
final class Sha256 {
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    static final int BLOCK_BYTES = 64;

    private final int[] state = new int[8];
    private final int[] schedule = new int[64];
    private final byte[] block = new byte[BLOCK_BYTES];
    private int buffered;
    private long totalBytes;

    Sha256() {
        reset();
    }

    void reset() {
        System.arraycopy(INITIAL, 0, state, 0, 8);
        buffered = 0;
        totalBytes = 0;
    }

    void update(byte[] data) {
        update(data, 0, data.length);
    }

    void update(byte[] data, int offset, int length) {
        totalBytes += length;
        int end = offset + length;
        if (buffered > 0) {
            int take = Math.min(BLOCK_BYTES - buffered, length);
            System.arraycopy(data, offset, block, buffered, take);
            buffered += take;
            offset += take;
            if (buffered < BLOCK_BYTES) {
                return;
            }
            compress(block, 0);
            buffered = 0;
        }
        while (end - offset >= BLOCK_BYTES) {
            compress(data, offset);
            offset += BLOCK_BYTES;
        }
        buffered = end - offset;
        System.arraycopy(data, offset, block, 0, buffered);
    }

    /** The digest of everything updated since the last reset; the hash is then reset. */
    byte[] digest() {
        long bits = totalBytes * 8;
        block[buffered++] = (byte) 0x80;
        if (buffered > BLOCK_BYTES - 8) {
            java.util.Arrays.fill(block, buffered, BLOCK_BYTES, (byte) 0);
            compress(block, 0);
            buffered = 0;
        }
        java.util.Arrays.fill(block, buffered, BLOCK_BYTES - 8, (byte) 0);
        for (int i = 0; i < 8; i++) {
            block[BLOCK_BYTES - 1 - i] = (byte) (bits >>> (8 * i));
        }
        compress(block, 0);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (state[i] >>> 24);
            out[4 * i + 1] = (byte) (state[i] >>> 16);
            out[4 * i + 2] = (byte) (state[i] >>> 8);
            out[4 * i + 3] = (byte) state[i];
        }
        reset();
        return out;
    }

    static byte[] digest(byte[] data) {
        Sha256 hash = new Sha256();
        hash.update(data);
        return hash.digest();
    }

    /** HMAC (RFC 2104) with SHA-256. */
    static byte[] hmac(byte[] key, byte[] data) {
        Sha256 hash = new Sha256();
        if (key.length > BLOCK_BYTES) {
            hash.update(key);
            key = hash.digest();
        }
        byte[] pad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
        }
        hash.update(pad);
        hash.update(data);
        byte[] inner = hash.digest();
        for (int i = 0; i < BLOCK_BYTES; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
        }
        hash.update(pad);
        hash.update(inner);
        return hash.digest();
    }

    private void compress(byte[] data, int offset) {
        int[] w = schedule;
        for (int t = 0; t < 16; t++) {
            int i = offset + 4 * t;
            w[t] = (data[i] << 24) | ((data[i + 1] & 0xff) << 16) | ((data[i + 2] & 0xff) << 8) | (data[i + 3] & 0xff);
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int t = 0; t < 64; t++) {
            int sum1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int choice = (e & f) ^ (~e & g);
            int t1 = h + sum1 + choice + K[t] + w[t];
            int sum0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int majority = (a & b) ^ (a & c) ^ (b & c);
            int t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
