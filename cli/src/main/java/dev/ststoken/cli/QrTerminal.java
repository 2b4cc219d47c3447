package dev.ststoken.cli;

import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.internal.QrCode;
import java.nio.charset.StandardCharsets;

/**
 * Draws a QR code on the terminal with Unicode half blocks, two module rows per line. Light modules
 * are drawn as blocks and dark ones as spaces: terminals are usually light text on dark, and a
 * scanner needs dark modules on light with a light quiet zone around them. The code is made here from
 * the device's seed (the same otpauth URI AWS puts in its PNG), not decoded from IAM's image: that
 * would pull the JDK's whole desktop module into every runtime for one command.
 */
final class QrTerminal {
    private static final int QUIET_ZONE = 2;

    private QrTerminal() {}

    /**
     * The otpauth URI an authenticator app expects, labelled as AWS labels its own devices
     * ("Amazon Web Services:NAME@ACCOUNT").
     */
    static String otpauthUri(String serialArn, String base32Seed) {
        String[] arn = serialArn.split(":", 6);
        String account = arn.length == 6 ? arn[4] : "";
        String name = arn.length == 6 ? arn[5].substring(arn[5].lastIndexOf('/') + 1) : serialArn;
        return "otpauth://totp/" + PercentEncoding.encode("Amazon Web Services:" + name + "@" + account) + "?secret="
                + base32Seed + "&issuer=" + PercentEncoding.encode("Amazon Web Services");
    }

    /** The modules of the QR code for this text: true for dark. */
    static boolean[][] modules(String text) {
        QrCode code = QrCode.encode(text.getBytes(StandardCharsets.UTF_8));
        boolean[][] modules = new boolean[code.size][code.size];
        for (int row = 0; row < code.size; row++) {
            for (int col = 0; col < code.size; col++) {
                modules[row][col] = code.dark(col, row);
            }
        }
        return modules;
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
