package dev.ststoken.emulator.endpoint;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One line per request: {@code Action status access-key-id request-id}. The action and the key id
 * come from the request, so every byte outside printable ASCII, and the backslash, is written as
 * {@code \xHH}: a client cannot end a line early, forge one, or send escape sequences to a terminal.
 */
public final class AccessLog {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final PrintStream out;

    public AccessLog(PrintStream out) {
        this.out = out;
    }

    public void request(String action, int status, String keyId, String requestId) {
        if (out != null) {
            out.println(field(action) + " " + status + " " + field(keyId) + " " + requestId);
        }
    }

    /** A bug's class name only: its message could carry request data. */
    /**
     * A bug, with its stack trace so it can be found, on the access log (serve's stderr) or else on
     * stderr. Exception messages are left out: they may quote request values, secrets included.
     */
    public void internalError(String requestId, Throwable e) {
        PrintStream target = out != null ? out : System.err;
        StringBuilder trace =
                new StringBuilder("internal error ").append(field(requestId)).append(": ");
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            trace.append(t == e ? "" : "caused by: ")
                    .append(t.getClass().getName())
                    .append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                trace.append("\tat ").append(frame).append('\n');
            }
        }
        target.print(trace);
        target.flush();
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '\\') {
                text.append((char) c);
            } else {
                text.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return text.toString();
    }
}
