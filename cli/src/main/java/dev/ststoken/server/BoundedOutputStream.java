package dev.ststoken.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes at most {@code limit} bytes on, then one line saying the rest is dropped, then nothing: the
 * background credential server's log is a file in the user's cache, and other local users decide how
 * much the server has to say.
 */
public final class BoundedOutputStream extends OutputStream {
    private final OutputStream out;
    private final long limit;
    private long written;
    private boolean full;

    public BoundedOutputStream(OutputStream out, long limit) {
        this.out = out;
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (full) {
            return;
        }
        long room = limit - written;
        if (length <= room) {
            out.write(bytes, offset, length);
            written += length;
            return;
        }
        full = true;
        out.write(("\nsts-session-token: the log reached " + limit + " bytes; what follows is not written\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
