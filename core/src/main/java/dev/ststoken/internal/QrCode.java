package dev.ststoken.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A QR code (ISO/IEC 18004, byte mode, error correction level M) for the otpauth URI that
 * CreateVirtualMFADevice returns as QRCodePNG, so an authenticator app can scan it.
 */
public final class QrCode {
    /** Level M rows of the standard's tables, indexed by version (0 unused). */
    private static final int[] ECC_PER_BLOCK = {
        -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28
    };

    private static final int[] BLOCKS = {
        -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29,
        31, 33, 35, 37, 38, 40, 43, 45, 47, 49
    };
    private static final int FORMAT_BITS_M = 0;

    final int version;
    public final int size;
    private final boolean[][] modules;
    private final boolean[][] function;

    private QrCode(int version) {
        this.version = version;
        this.size = version * 4 + 17;
        this.modules = new boolean[size][size];
        this.function = new boolean[size][size];
    }

    public boolean dark(int x, int y) {
        return modules[y][x];
    }

    public static QrCode encode(byte[] text) {
        int version = 1;
        while (true) {
            int countBits = version <= 9 ? 8 : 16;
            int needed = 4 + countBits + text.length * 8;
            if (needed <= dataCodewords(version) * 8) {
                break;
            }
            if (++version > 40) {
                throw new IllegalArgumentException("text too long for a QR code: " + text.length + " bytes");
            }
        }
        QrCode qr = new QrCode(version);
        qr.drawFunctionPatterns();
        qr.drawCodewords(qr.withErrorCorrection(dataCodewords(text, version)));
        int mask = qr.bestMask();
        qr.applyMask(mask);
        qr.drawFormatBits(mask);
        return qr;
    }

    // ---- data ----

    private static int rawDataModules(int ver) {
        int result = (16 * ver + 128) * ver + 64;
        if (ver >= 2) {
            int align = ver / 7 + 2;
            result -= (25 * align - 10) * align - 55;
            if (ver >= 7) {
                result -= 36;
            }
        }
        return result;
    }

    private static int dataCodewords(int ver) {
        return rawDataModules(ver) / 8 - ECC_PER_BLOCK[ver] * BLOCKS[ver];
    }

    /** Mode indicator, count, bytes, terminator, then the alternating pad bytes 0xEC 0x11. */
    private static byte[] dataCodewords(byte[] text, int version) {
        int capacity = dataCodewords(version);
        BitBuffer bits = new BitBuffer();
        bits.append(0b0100, 4);
        bits.append(text.length, version <= 9 ? 8 : 16);
        for (byte b : text) {
            bits.append(b & 0xff, 8);
        }
        bits.append(0, Math.min(4, capacity * 8 - bits.length()));
        bits.append(0, (8 - bits.length() % 8) % 8);
        for (int pad = 0xEC; bits.length() < capacity * 8; pad ^= 0xEC ^ 0x11) {
            bits.append(pad, 8);
        }
        return bits.toBytes();
    }

    private byte[] withErrorCorrection(byte[] data) {
        int numBlocks = BLOCKS[version];
        int eccLen = ECC_PER_BLOCK[version];
        int raw = rawDataModules(version) / 8;
        int shortBlocks = numBlocks - raw % numBlocks;
        int shortLen = raw / numBlocks;
        byte[] divisor = reedSolomonDivisor(eccLen);
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0, k = 0; i < numBlocks; i++) {
            int dataLen = shortLen - eccLen + (i < shortBlocks ? 0 : 1);
            byte[] block = new byte[shortLen + 1];
            System.arraycopy(data, k, block, 0, dataLen);
            k += dataLen;
            byte[] ecc = reedSolomonRemainder(data, k - dataLen, dataLen, divisor);
            // Short blocks get a placeholder so that all blocks interleave column by column.
            System.arraycopy(ecc, 0, block, shortLen + 1 - eccLen, eccLen);
            blocks.add(block);
        }
        byte[] result = new byte[raw];
        int n = 0;
        for (int i = 0; i < shortLen + 1; i++) {
            for (int j = 0; j < numBlocks; j++) {
                if (i != shortLen - eccLen || j >= shortBlocks) {
                    result[n++] = blocks.get(j)[i];
                }
            }
        }
        return result;
    }

    private static byte[] reedSolomonDivisor(int degree) {
        byte[] result = new byte[degree];
        result[degree - 1] = 1;
        int root = 1;
        for (int i = 0; i < degree; i++) {
            for (int j = 0; j < degree; j++) {
                result[j] = (byte) multiply(result[j] & 0xff, root);
                if (j + 1 < degree) {
                    result[j] ^= result[j + 1];
                }
            }
            root = multiply(root, 0x02);
        }
        return result;
    }

    private static byte[] reedSolomonRemainder(byte[] data, int offset, int length, byte[] divisor) {
        byte[] result = new byte[divisor.length];
        for (int n = offset; n < offset + length; n++) {
            int factor = (data[n] ^ result[0]) & 0xff;
            System.arraycopy(result, 1, result, 0, result.length - 1);
            result[result.length - 1] = 0;
            for (int i = 0; i < result.length; i++) {
                result[i] ^= (byte) multiply(divisor[i] & 0xff, factor);
            }
        }
        return result;
    }

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1. */
    private static int multiply(int x, int y) {
        int z = 0;
        for (int i = 7; i >= 0; i--) {
            z = (z << 1) ^ ((z >>> 7) * 0x11D);
            z ^= ((y >>> i) & 1) * x;
        }
        return z;
    }

    // ---- drawing ----

    private void set(int x, int y, boolean dark) {
        modules[y][x] = dark;
        function[y][x] = true;
    }

    private void drawFunctionPatterns() {
        for (int i = 0; i < size; i++) {
            set(6, i, i % 2 == 0);
            set(i, 6, i % 2 == 0);
        }
        drawFinder(3, 3);
        drawFinder(size - 4, 3);
        drawFinder(3, size - 4);
        int[] align = alignmentPositions();
        for (int i = 0; i < align.length; i++) {
            for (int j = 0; j < align.length; j++) {
                boolean corner =
                        (i == 0 && j == 0) || (i == 0 && j == align.length - 1) || (i == align.length - 1 && j == 0);
                if (!corner) {
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            set(align[i] + dx, align[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
                        }
                    }
                }
            }
        }
        drawFormatBits(0); // reserves the area; redrawn with the chosen mask
        if (version >= 7) {
            int rem = version;
            for (int i = 0; i < 12; i++) {
                rem = (rem << 1) ^ ((rem >>> 11) * 0x1F25);
            }
            long bits = (long) version << 12 | rem;
            for (int i = 0; i < 18; i++) {
                boolean bit = ((bits >>> i) & 1) != 0;
                int a = size - 11 + i % 3;
                int b = i / 3;
                set(a, b, bit);
                set(b, a, bit);
            }
        }
    }

    private void drawFinder(int cx, int cy) {
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                int x = cx + dx;
                int y = cy + dy;
                if (x >= 0 && x < size && y >= 0 && y < size) {
                    int dist = Math.max(Math.abs(dx), Math.abs(dy));
                    set(x, y, dist != 2 && dist != 4);
                }
            }
        }
    }

    private int[] alignmentPositions() {
        if (version == 1) {
            return new int[0];
        }
        int count = version / 7 + 2;
        int step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
        int[] result = new int[count];
        result[0] = 6;
        for (int i = count - 1, pos = size - 7; i >= 1; i--, pos -= step) {
            result[i] = pos;
        }
        return result;
    }

    private void drawFormatBits(int mask) {
        int data = FORMAT_BITS_M << 3 | mask;
        int rem = data;
        for (int i = 0; i < 10; i++) {
            rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
        }
        int bits = (data << 10 | rem) ^ 0x5412;
        for (int i = 0; i <= 5; i++) {
            set(8, i, bit(bits, i));
        }
        set(8, 7, bit(bits, 6));
        set(8, 8, bit(bits, 7));
        set(7, 8, bit(bits, 8));
        for (int i = 9; i < 15; i++) {
            set(14 - i, 8, bit(bits, i));
        }
        for (int i = 0; i < 8; i++) {
            set(size - 1 - i, 8, bit(bits, i));
        }
        for (int i = 8; i < 15; i++) {
            set(8, size - 15 + i, bit(bits, i));
        }
        set(8, size - 8, true);
    }

    private static boolean bit(int value, int i) {
        return ((value >>> i) & 1) != 0;
    }

    /** The zigzag of two-module columns from the bottom right, skipping the vertical timing column. */
    private void drawCodewords(byte[] data) {
        int i = 0;
        for (int right = size - 1; right >= 1; right -= 2) {
            if (right == 6) {
                right = 5;
            }
            for (int vert = 0; vert < size; vert++) {
                for (int j = 0; j < 2; j++) {
                    int x = right - j;
                    boolean upward = ((right + 1) & 2) == 0;
                    int y = upward ? size - 1 - vert : vert;
                    if (!function[y][x] && i < data.length * 8) {
                        modules[y][x] = ((data[i >>> 3] >>> (7 - (i & 7))) & 1) != 0;
                        i++;
                    }
                }
            }
        }
    }

    private void applyMask(int mask) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (!function[y][x] && maskBit(mask, x, y)) {
                    modules[y][x] = !modules[y][x];
                }
            }
        }
    }

    private static boolean maskBit(int mask, int x, int y) {
        switch (mask) {
            case 0:
                return (x + y) % 2 == 0;
            case 1:
                return y % 2 == 0;
            case 2:
                return x % 3 == 0;
            case 3:
                return (x + y) % 3 == 0;
            case 4:
                return (x / 3 + y / 2) % 2 == 0;
            case 5:
                return x * y % 2 + x * y % 3 == 0;
            case 6:
                return (x * y % 2 + x * y % 3) % 2 == 0;
            default:
                return ((x + y) % 2 + x * y % 3) % 2 == 0;
        }
    }

    /** The mask with the lowest penalty (runs, 2x2 blocks, finder-like patterns, dark balance). */
    private int bestMask() {
        int best = 0;
        long bestPenalty = Long.MAX_VALUE;
        for (int mask = 0; mask < 8; mask++) {
            applyMask(mask);
            drawFormatBits(mask);
            long penalty = penalty();
            if (penalty < bestPenalty) {
                best = mask;
                bestPenalty = penalty;
            }
            applyMask(mask);
        }
        return best;
    }

    private long penalty() {
        long result = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int a = 0; a < size; a++) {
                int run = 0;
                boolean color = false;
                int history = 0;
                for (int b = 0; b < size; b++) {
                    boolean dark = pass == 0 ? modules[a][b] : modules[b][a];
                    if (b > 0 && dark == color) {
                        run++;
                        if (run == 5) {
                            result += 3;
                        } else if (run > 5) {
                            result++;
                        }
                    } else {
                        color = dark;
                        run = 1;
                    }
                    history = ((history << 1) | (dark ? 1 : 0)) & 0x7ff;
                    if (b >= 10 && (history == 0b00001011101 || history == 0b10111010000)) {
                        result += 40;
                    }
                }
            }
        }
        int darkCount = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (modules[y][x]) {
                    darkCount++;
                }
                if (x < size - 1 && y < size - 1) {
                    boolean c = modules[y][x];
                    if (c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1]) {
                        result += 3;
                    }
                }
            }
        }
        int total = size * size;
        int k = (Math.abs(darkCount * 20 - total * 10) + total - 1) / total - 1;
        return result + Math.max(0, k) * 10L;
    }

    private static final class BitBuffer {
        private final List<Boolean> bits = new ArrayList<>();

        void append(int value, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bits.add(((value >>> i) & 1) != 0);
            }
        }

        int length() {
            return bits.size();
        }

        byte[] toBytes() {
            byte[] out = new byte[bits.size() / 8];
            for (int i = 0; i < bits.size(); i++) {
                if (bits.get(i)) {
                    out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
                }
            }
            return out;
        }
    }

    /** Writes a QR code as a greyscale PNG: 4 px per module and the 4-module quiet zone readers need. */
    public static final class Renderer {
        private static final int SCALE = 4;
        private static final int QUIET = 4;

        public byte[] png(String text) {
            QrCode qr = encode(text.getBytes(StandardCharsets.UTF_8));
            int width = (qr.size + 2 * QUIET) * SCALE;
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            for (int py = 0; py < width; py++) {
                raw.write(0); // filter: none
                int y = py / SCALE - QUIET;
                for (int px = 0; px < width; px++) {
                    int x = px / SCALE - QUIET;
                    boolean dark = x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.dark(x, y);
                    raw.write(dark ? 0 : 255);
                }
            }
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
            deflater.setInput(raw.toByteArray());
            deflater.finish();
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            writeInt(header, width);
            writeInt(header, width);
            header.writeBytes(new byte[] {8, 0, 0, 0, 0}); // 8-bit greyscale, deflate, no filter set, no interlace
            chunk(png, "IHDR", header.toByteArray());
            chunk(png, "IDAT", compressed.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        }

        private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
            writeInt(out, data.length);
            byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(typeBytes);
            out.writeBytes(data);
            CRC32 crc = new CRC32();
            crc.update(typeBytes);
            crc.update(data);
            writeInt(out, (int) crc.getValue());
        }

        private static void writeInt(ByteArrayOutputStream out, int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
        }
    }
}
