package dev.ststoken.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A connection's bytes, buffered, with a deadline: once a request has begun, every wait for more of
 * it is bounded by what is left of the request's time, so a client sending one byte a second cannot
 * hold its thread past that time. Lines are read as ISO-8859-1 within a byte budget.
 */
final class HttpInput {
    private final Socket socket;
    private final InputStream in;
    /** Told the deadline while a read waits, and 0 after: a TLS record read byte by byte outlasts SO_TIMEOUT. */
    private final LongConsumer watch;

    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    /** System.nanoTime() by which the current request must have arrived; 0 while idle. */
    private long deadline;

    HttpInput(Socket socket, LongConsumer watch) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.watch = watch;
    }

    /** Bytes that can be read without waiting: buffered here, or already received. */
    int available() throws IOException {
        return (limit - position) + in.available();
    }

    /** The next byte without consuming it, waiting at most {@code millis}; -1 at end of stream. */
    int peek(int millis) throws IOException {
        if (position == limit) {
            deadline = System.nanoTime() + millis * 1_000_000L;
            if (!fill()) {
                return -1;
            }
        }
        return buffer[position] & 0xff;
    }

    /** From now on, the request must arrive within {@code millis}. */
    void startDeadline(int millis) {
        deadline = System.nanoTime() + millis * 1_000_000L;
    }

    /**
     * One line without its CRLF (a bare LF is accepted too), at most {@code budget} bytes with the
     * line end; a longer line throws a {@link BadRequestException} without a status.
     */
    String readLine(int budget) throws IOException {
        byte[] partial = null;
        int partialLength = 0;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int used = partialLength + (i + 1 - position);
                    if (used > budget) {
                        throw new BadRequestException(0, "request head too large");
                    }
                    String line;
                    if (partial == null) {
                        line = new String(buffer, position, i - position, StandardCharsets.ISO_8859_1);
                    } else {
                        partial = append(partial, partialLength, buffer, position, i - position);
                        partialLength += i - position;
                        line = new String(partial, 0, partialLength, StandardCharsets.ISO_8859_1);
                    }
                    position = i + 1;
                    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                }
            }
            int pending = limit - position;
            if (partialLength + pending >= budget) {
                throw new BadRequestException(0, "request head too large");
            }
            if (pending > 0) {
                partial = append(partial == null ? new byte[256] : partial, partialLength, buffer, position, pending);
                partialLength += pending;
                position = limit;
            }
            if (!fill()) {
                throw new BadRequestException(0, "connection closed mid-request");
            }
        }
    }

    private static byte[] append(byte[] to, int length, byte[] from, int offset, int count) {
        byte[] target = to.length >= length + count ? to : Arrays.copyOf(to, Math.max(to.length * 2, length + count));
        System.arraycopy(from, offset, target, length, count);
        return target;
    }

    /** Up to {@code length} bytes, waiting within the deadline; -1 at end of stream. */
    int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    /** One byte within the deadline; -1 at end of stream. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Reads more into the buffer, within what is left of the deadline; false at end of stream. */
    private boolean fill() throws IOException {
        if (position == limit) {
            position = 0;
            limit = 0;
        } else if (limit == buffer.length) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the request took too long to arrive");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000L)));
        watch.accept(deadline);
        int n;
        try {
            n = in.read(buffer, limit, buffer.length - limit);
        } finally {
            watch.accept(0);
        }
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }
}
