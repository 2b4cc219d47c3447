package dev.ststoken.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Draws the QR code IAM returned (a PNG) on the terminal with Unicode half blocks, two module rows
 * per line. Light modules are drawn as blocks and dark ones as spaces: terminals are usually light
 * text on dark, and a scanner needs dark modules on light with a light quiet zone around them.
 */
final class QrTerminal {
    private static final int QUIET_ZONE = 2;

    private QrTerminal() {}

    /** The modules of the QR code in the PNG: true for dark; null when the image holds no QR code we can read. */
    static boolean[][] modules(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            return null;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        // The top-left finder pattern starts at the first dark pixel and is 7 modules wide.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (dark(image, x, y)) {
                    int run = 0;
                    while (x + run < width && dark(image, x + run, y)) {
                        run++;
                    }
                    if (run < 7 || run % 7 != 0) {
                        return null;
                    }
                    int module = run / 7;
                    int size = (width - 2 * x) / module;
                    if (size < 21 || (size - 17) % 4 != 0) {
                        return null;
                    }
                    boolean[][] modules = new boolean[size][size];
                    for (int row = 0; row < size; row++) {
                        for (int col = 0; col < size; col++) {
                            int px = x + col * module + module / 2;
                            int py = y + row * module + module / 2;
                            modules[row][col] = px < width && py < height && dark(image, px, py);
                        }
                    }
                    return modules;
                }
            }
        }
        return null;
    }

    private static boolean dark(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        int alpha = (rgb >>> 24) & 0xff;
        int luminance = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
        return alpha > 127 && luminance < 128;
    }

    /** The code as lines of half blocks, with a quiet zone. */
    static String render(boolean[][] modules) {
        int size = modules.length + 2 * QUIET_ZONE;
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < size; row += 2) {
            for (int col = 0; col < size; col++) {
                boolean upperLight = !dark(modules, row, col);
                boolean lowerLight = row + 1 >= size || !dark(modules, row + 1, col);
                text.append(upperLight ? (lowerLight ? '\u2588' : '\u2580') : (lowerLight ? '\u2584' : ' '));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static boolean dark(boolean[][] modules, int row, int col) {
        int r = row - QUIET_ZONE;
        int c = col - QUIET_ZONE;
        return r >= 0 && c >= 0 && r < modules.length && c < modules.length && modules[r][c];
    }
}
