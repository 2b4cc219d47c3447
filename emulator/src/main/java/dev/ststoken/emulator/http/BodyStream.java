package dev.ststoken.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request body as its framing says: {@code Content-Length} bytes, or chunks until the last one.
 * It ends where the body ends, so a handler cannot read into the next request; the first read
 * answers {@code Expect: 100-continue}. A malformed chunk is a {@link BadRequestException}.
 */
final class BodyStream extends InputStream {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CHUNK_LINE = 1024;

    private final HttpInput input;
    private final boolean chunked;
    private final int maxTrailers;
    private final long maxBytes;
    private long read;
    private boolean failed;
    /** Bytes left in the body (fixed length) or in the current chunk. */
    private long left;

    private boolean ended;
    private OutputStream continueTo;
    private boolean started;
    /** A chunk was read, so the next size line follows that chunk's CRLF. */
    private boolean sawChunk;

    private BodyStream(
            HttpInput input, boolean chunked, long length, int maxTrailers, long maxBytes, OutputStream continueTo) {
        this.input = input;
        this.maxBytes = maxBytes;
        this.chunked = chunked;
        this.left = chunked ? 0 : length;
        this.ended = !chunked && length == 0;
        this.maxTrailers = maxTrailers;
        this.continueTo = continueTo;
    }

    static BodyStream fixed(HttpInput input, long length, long maxBytes, OutputStream continueTo) {
        return new BodyStream(input, false, length, 0, maxBytes, length == 0 ? null : continueTo);
    }

    static BodyStream chunked(HttpInput input, int maxTrailers, long maxBytes, OutputStream continueTo) {
        return new BodyStream(input, true, 0, maxTrailers, maxBytes, continueTo);
    }

    /** True once a read failed: what is left of the body cannot be told from the next request. */
    boolean failed() {
        return failed;
    }

    /** True when the whole body was read, so the next request starts right after it. */
    boolean ended() {
        return ended;
    }

    /** True when a read began: a client that asked to continue was told to. */
    boolean started() {
        return started;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (failed) {
            throw new BadRequestException(0, "the body could not be read");
        }
        try {
            return readBody(into, offset, length);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private int readBody(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        started = true;
        if (continueTo != null) {
            continueTo.write(CONTINUE);
            continueTo = null;
        }
        if (ended) {
            return -1;
        }
        if (left == 0 && chunked && !nextChunk()) {
            return -1;
        }
        if (read >= maxBytes) {
            throw new BadRequestException(413, "the request body is over " + maxBytes + " bytes");
        }
        int n = input.read(into, offset, (int) Math.min(Math.min(length, left), maxBytes - read));
        if (n < 0) {
            throw new BadRequestException(0, "the connection closed mid-body");
        }
        left -= n;
        read += n;
        if (left == 0 && !chunked) {
            ended = true;
        }
        return n;
    }

    /** Reads the end of the previous chunk and the next chunk's size; false after the last chunk. */
    private boolean nextChunk() throws IOException {
        if (sawChunk) {
            String end = input.readLine(2);
            if (!end.isEmpty()) {
                throw new BadRequestException(400, "a chunk did not end with CRLF");
            }
        }
        String line = input.readLine(MAX_CHUNK_LINE);
        int extension = line.indexOf(';');
        String size = extension < 0 ? line : line.substring(0, extension);
        // Only hex digits, and the spaces or tabs RFC 9112 allows before an extension.
        while (extension >= 0 && !size.isEmpty() && (size.endsWith(" ") || size.endsWith("\t"))) {
            size = size.substring(0, size.length() - 1);
        }
        if (size.isEmpty() || size.length() > 15) {
            throw new BadRequestException(400, "bad chunk size");
        }
        long value = 0;
        for (int i = 0; i < size.length(); i++) {
            int digit = Character.digit(size.charAt(i), 16);
            if (digit < 0) {
                throw new BadRequestException(400, "bad chunk size");
            }
            value = value * 16 + digit;
        }
        sawChunk = true;
        if (value == 0) {
            for (int trailers = 0; ; trailers++) {
                if (trailers > maxTrailers) {
                    throw new BadRequestException(0, "too many trailers");
                }
                if (input.readLine(MAX_CHUNK_LINE * 8).isEmpty()) {
                    break;
                }
            }
            ended = true;
            return false;
        }
        left = value;
        return true;
    }

    @Override
    public int available() {
        return 0;
    }
}
