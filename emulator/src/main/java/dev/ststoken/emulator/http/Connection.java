package dev.ststoken.emulator.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;

/**
 * One client connection on its own thread: requests one after another (keep-alive, pipelining),
 * each parsed, handed to the handler, and answered with one write.
 */
final class Connection implements Runnable {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** Unread body bytes we would rather read and drop than lose the connection over. */
    private static final int MAX_DRAIN = 64 * 1024;

    /** The TCP connection: what the reaper closes, so a TLS close never waits on a stuck write. */
    private final Socket raw;
    /** What requests are read from and answers written to: raw, or TLS over it. */
    private Socket socket;

    private final ServerOptions options;
    private final Handler handler;
    private final Consumer<Connection> onClose;
    /**
     * System.nanoTime() after which what the connection waits for (a handshake, a write, the rest of
     * a request) counts as stuck; 0 when it waits for nothing. Socket timeouts bound each read, but
     * not a TLS record read a byte at a time, nor any write: the reaper bounds those.
     */
    private volatile long stuckAfter;

    Connection(Socket raw, ServerOptions options, Handler handler, Consumer<Connection> onClose) {
        this.raw = raw;
        this.socket = raw;
        this.options = options;
        this.handler = handler;
        this.onClose = onClose;
    }

    /** Closes the connection when a handshake or a write has taken longer than a request may. */
    void closeIfStuck(long now) {
        long limit = stuckAfter;
        if (limit != 0 && now - limit > 0) {
            closeQuietly();
        }
    }

    /** Closes the TCP connection itself: a TLS close would first wait for a stuck write to finish. */
    void closeQuietly() {
        try {
            raw.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private void watch(long deadline) {
        stuckAfter = deadline;
    }

    /** Every write, the interim 100 Continue included, is watched by the reaper. */
    private final class WatchedOutput extends OutputStream {
        private final OutputStream out;

        WatchedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            watch(System.nanoTime() + options.requestMillis() * 1_000_000L);
            try {
                out.write(bytes, offset, length);
                out.flush();
            } finally {
                watch(0);
            }
        }
    }

    @Override
    public void run() {
        boolean linger = false;
        try {
            raw.setTcpNoDelay(true);
            if (options.tls() != null) {
                SSLSocket tls = (SSLSocket) options.tls().getSocketFactory().createSocket(raw, null, true);
                socket = tls;
                // Each handshake read within the first-byte time: a silent client goes at once.
                tls.setSoTimeout(options.firstByteMillis());
                watch(System.nanoTime() + options.requestMillis() * 1_000_000L);
                tls.startHandshake();
                watch(0);
            }
            HttpInput input = new HttpInput(socket, this::watch);
            OutputStream out = new WatchedOutput(socket.getOutputStream());
            int first = input.peek(options.tls() == null ? options.firstByteMillis() : options.requestMillis());
            if (options.tls() == null && first == TLS_HANDSHAKE_RECORD) {
                // https:// given for a plain port: closing now fails the client's handshake at once,
                // where waiting for a request line would hold it until the request time ran out.
                return;
            }
            linger = serve(input, out);
        } catch (BadRequestException e) {
            linger = false;
        } catch (IOException e) {
            // timed out, reset, or closed by the other side: the connection ends here
        } finally {
            if (linger) {
                lingeringClose();
            } else {
                closeQuietly();
            }
            onClose.accept(this);
        }
    }

    /** Serves requests until one side ends the connection; true when we end it after answering. */
    private boolean serve(HttpInput input, OutputStream out) throws IOException {
        while (true) {
            if (input.peek(options.requestMillis()) < 0) {
                return false;
            }
            input.startDeadline(options.requestMillis());
            RequestHead head;
            try {
                head = RequestHead.read(input, options);
            } catch (BadRequestException e) {
                if (e.status() == 0) {
                    throw e;
                }
                write(out, Response.of(e.status(), "text/plain", e.getMessage() + "\n"), false, true);
                return true;
            }
            boolean isHead = head.method().equals("HEAD");
            boolean expectsContinue = head.version11() && "100-continue".equalsIgnoreCase(head.header("Expect"));
            BodyStream body = head.chunked()
                    ? BodyStream.chunked(
                            input, options.maxHeaders(), options.maxBodyBytes(), expectsContinue ? out : null)
                    : BodyStream.fixed(
                            input, head.contentLength(), options.maxBodyBytes(), expectsContinue ? out : null);
            Request request = new Request(
                    head.method(),
                    head.rawPath(),
                    head.rawQuery(),
                    head.headers(),
                    (InetSocketAddress) socket.getRemoteSocketAddress(),
                    body);
            Response response;
            try {
                response = handler.handle(request);
            } catch (BadRequestException e) {
                if (e.status() == 0) {
                    throw e;
                }
                write(out, Response.of(e.status(), "text/plain", e.getMessage() + "\n"), isHead, true);
                return true;
            } catch (RuntimeException e) {
                options.bugs().accept(e);
                write(out, Response.of(500), isHead, true);
                return true;
            } catch (IOException e) {
                if (body.failed()) {
                    throw e; // the client's body broke off or timed out: nothing to answer
                }
                options.bugs().accept(e); // the handler's own input or output failed
                write(out, Response.of(500), isHead, true);
                return true;
            }
            boolean keepAlive = head.keepAlive() && finish(body, input, expectsContinue);
            write(out, response, isHead, !keepAlive);
            if (!keepAlive) {
                return true;
            }
        }
    }

    /**
     * Reads and drops what the handler left of the body when it has already arrived and is little;
     * false when the connection must end instead (the answer never waits for a body nobody reads).
     */
    private static boolean finish(BodyStream body, HttpInput input, boolean expectsContinue) throws IOException {
        if (body.ended()) {
            return true;
        }
        if (body.failed() || (expectsContinue && !body.started())) {
            return false; // a broken body, or a client that may be waiting to be told to send it
        }
        byte[] sink = new byte[4096];
        long drained = 0;
        try {
            while (input.available() > 0) {
                int n = body.read(sink, 0, sink.length);
                if (n < 0) {
                    return true;
                }
                drained += n;
                if (drained > MAX_DRAIN) {
                    return false;
                }
            }
        } catch (IOException e) {
            return false; // a malformed or oversized rest: the answer still goes out, then the connection ends
        }
        return body.ended();
    }

    private void write(OutputStream out, Response response, boolean head, boolean close) throws IOException {
        StringBuilder text = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(response.status())
                .append(' ')
                .append(StatusLine.reason(response.status()))
                .append("\r\n");
        for (Map.Entry<String, String> header : response.headers()) {
            text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (response.status() != 204 && response.status() != 304) {
            text.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        if (close) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        byte[] headBytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = head ? new byte[0] : response.body();
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        out.write(all);
    }

    /**
     * Ends our side first and reads what the client still sends for a moment before closing: closing
     * with unread bytes makes the kernel reset the connection, which can destroy the answer we just
     * sent before the client reads it (a 413 for an over-long body, say).
     */
    private void lingeringClose() {
        try {
            if (socket != raw) {
                // TLS: close_notify first, so the client sees a clean end; the reaper ends a stuck one.
                watch(System.nanoTime() + options.requestMillis() * 1_000_000L);
                socket.close();
            } else {
                raw.shutdownOutput();
                raw.setSoTimeout(1000);
                byte[] sink = new byte[8192];
                long deadline = System.nanoTime() + 1_000_000_000L;
                long read = 0;
                int n;
                while (read < 4L * MAX_DRAIN
                        && System.nanoTime() < deadline
                        && (n = raw.getInputStream().read(sink)) > 0) {
                    read += n;
                }
            }
        } catch (SocketException e) {
            // reset or closed by the client: nothing left to protect
        } catch (IOException e) {
            // timed out: close anyway
        } finally {
            closeQuietly();
        }
    }
}
