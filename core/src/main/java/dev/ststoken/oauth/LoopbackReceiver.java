package dev.ststoken.oauth;

import dev.ststoken.internal.Crypto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A one-shot loopback redirect receiver (RFC 8252 section 7.3): listens on 127.0.0.1 at a port the
 * system picks, and takes exactly one redirect, a {@code GET} of its path whose {@code state} is the
 * one it made, with either a {@code code} of the characters an authorization code has or an OAuth
 * {@code error}. It answers that request with a small plain page, stops listening and hands back the
 * redirect; anything else (another path or method, another Host, a missing, repeated or wrong state,
 * a code that is no code, a head over 8 KiB or slower than two seconds) gets a refusal and nothing
 * else: the listener keeps waiting for the real redirect until its time runs out.
 *
 * <p>Only local processes can connect to 127.0.0.1, but another local user can: the {@code state}
 * (32 random bytes, compared in constant time) is what tells the browser's redirect from theirs,
 * and the code they might send is still useless without this process's {@link Pkce} verifier. The
 * Host header must name 127.0.0.1 and the port, so a web page rebinding its own name to 127.0.0.1
 * cannot use the browser to reach the listener. Connections are served each on its own thread (at
 * most {@value #MAX_CONNECTIONS} at once), so a browser's idle speculative connection does not hold up
 * the redirect.
 */
public final class LoopbackReceiver implements AutoCloseable {
    /** The path the AWS CLI registers for its redirect. */
    public static final String DEFAULT_PATH = "/oauth/callback";

    static final int MAX_HEAD_BYTES = 8192;
    static final int MAX_CONNECTIONS = 8;
    static final int MAX_CODE_LENGTH = 4096;
    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);

    /**
     * What the redirect brought: a code, or the authorization server's refusal.
     *
     * @param code             the authorization code (letters, digits and {@code -._~+/=}), or null
     * @param error            the OAuth error code (letters, digits, {@code _.-}), or null with a code
     * @param errorDescription the error's description as printable ASCII (at most 200 characters), or null
     */
    public record Redirect(String code, String error, String errorDescription) {
        @Override
        public String toString() {
            return code != null ? "Redirect[code]" : "Redirect[error=" + error + "]";
        }
    }

    private final ServerSocket server;
    private final String path;
    private final String state;
    private final CompletableFuture<Redirect> result = new CompletableFuture<>();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private volatile boolean started;

    private LoopbackReceiver(ServerSocket server, String path) {
        this.server = server;
        this.path = path;
        this.state = Pkce.randomUrlSafe(32);
    }

    /** Listens on 127.0.0.1 at a free port; nothing is accepted before {@link #await}. */
    public static LoopbackReceiver open(String path) throws IOException {
        if (!path.startsWith("/") || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#')) {
            throw new IllegalArgumentException("not a plain path: " + path);
        }
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new LoopbackReceiver(server, path);
    }

    /** The redirect URI to send with the authorization request: {@code http://127.0.0.1:PORT/path}. */
    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** The state to send with the authorization request; only a redirect carrying it is taken. */
    public String state() {
        return state;
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Waits for the redirect.
     *
     * @throws TimeoutException when no acceptable redirect came within the timeout (the listener is closed)
     */
    public Redirect await(Duration timeout) throws TimeoutException, InterruptedException, IOException {
        if (!started) {
            started = true;
            Thread acceptor = new Thread(this::acceptLoop, "loopback-redirect");
            acceptor.setDaemon(true);
            acceptor.start();
        }
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException
                    ? (IOException) e.getCause()
                    : new IOException("the loopback listener failed", e.getCause());
        } finally {
            close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                return; // closed: the redirect came, the time ran out, or the caller gave up
            } catch (IOException e) {
                result.completeExceptionally(e);
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(socket);
                continue;
            }
            Thread handler = new Thread(
                    () -> {
                        try {
                            serve(socket);
                        } finally {
                            slots.release();
                            closeQuietly(socket);
                        }
                    },
                    "loopback-redirect-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) HEAD_TIMEOUT.toMillis());
            String head = readHead(socket.getInputStream(), System.nanoTime() + HEAD_TIMEOUT.toNanos());
            OutputStream out = socket.getOutputStream();
            if (head == null) {
                answer(out, 400, "Bad request", "This address only takes the sign-in's redirect.");
                return;
            }
            Refusal refusal = new Refusal();
            Redirect redirect = check(head, refusal);
            if (redirect == null) {
                answer(out, refusal.status, refusal.title, refusal.text);
                return;
            }
            synchronized (result) {
                if (result.isDone()) {
                    answer(out, 409, "Already answered", "This sign-in has already had its answer.");
                    return;
                }
                if (redirect.code() != null) {
                    answer(
                            out,
                            200,
                            "Signed in",
                            "The sign-in has reached sts-session-token. You can close "
                                    + "this tab and go back to the terminal.");
                } else {
                    answer(
                            out,
                            200,
                            "Sign-in refused",
                            "The sign-in was refused (" + redirect.error()
                                    + "). You can close this tab; the terminal says what to do next.");
                }
                result.complete(redirect);
            }
        } catch (IOException e) {
            // a connection that broke or stalled is dropped; the listener keeps waiting
        }
    }

    private static final class Refusal {
        int status = 400;
        String title = "Bad request";
        String text = "This address only takes the sign-in's redirect.";

        Redirect refuse(int status, String title, String text) {
            this.status = status;
            this.title = title;
            this.text = text;
            return null;
        }
    }

    /** The redirect the head carries, or null with the refusal filled in. */
    Redirect check(String head, Refusal refusal) {
        String[] lines = head.split("\r\n", -1);
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
            return refusal.refuse(400, "Bad request", "This address only takes the sign-in's redirect.");
        }
        String host = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase("host")) {
                if (host != null) {
                    return refusal.refuse(400, "Bad request", "More than one Host header.");
                }
                host = lines[i].substring(colon + 1).strip();
            }
        }
        if (!("127.0.0.1:" + server.getLocalPort()).equals(host)) {
            return refusal.refuse(421, "Wrong host", "This address only answers as 127.0.0.1.");
        }
        String target = request[1];
        int question = target.indexOf('?');
        String targetPath = question < 0 ? target : target.substring(0, question);
        if (!request[0].equals("GET") || !targetPath.equals(path)) {
            return refusal.refuse(404, "Not found", "This address only takes the sign-in's redirect.");
        }
        Map<String, String> params = query(question < 0 ? "" : target.substring(question + 1));
        if (params == null) {
            return refusal.refuse(400, "Bad request", "The redirect's parameters cannot be read.");
        }
        String got = params.get("state");
        if (got == null || !Crypto.constantTimeEquals(got, state)) {
            return refusal.refuse(
                    400, "Wrong sign-in", "This redirect belongs to another sign-in (its state does not match).");
        }
        String code = params.get("code");
        String error = params.get("error");
        if (code != null && error == null && isCode(code)) {
            return new Redirect(code, null, null);
        }
        if (code == null && error != null && isErrorCode(error)) {
            return new Redirect(null, error, description(params.get("error_description")));
        }
        return refusal.refuse(400, "Bad request", "The redirect carries neither a well-formed code nor an error.");
    }

    /** name=value pairs, percent-decoded; null for a repeated name or a malformed escape. */
    static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&", -1)) {
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (params.put(name, value) != null) {
                    return null;
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return params;
    }

    /** An authorization code as servers make them: base64url or base64 text, JWT dots, nothing else. */
    static boolean isCode(String code) {
        if (code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~+/=".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isErrorCode(String error) {
        return !error.isEmpty()
                && error.length() <= 64
                && error.chars()
                        .allMatch(c -> (c >= 'a' && c <= 'z')
                                || (c >= 'A' && c <= 'Z')
                                || (c >= '0' && c <= '9')
                                || c == '_'
                                || c == '.'
                                || c == '-');
    }

    private static String description(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** The request head up to its blank line, or null when it is longer than 8 KiB, not ASCII, or too slow. */
    private static String readHead(InputStream in, long deadline) throws IOException {
        byte[] buffer = new byte[MAX_HEAD_BYTES];
        int length = 0;
        while (length < buffer.length) {
            if (System.nanoTime() > deadline) {
                return null; // trickling a byte at a time does not extend the two seconds
            }
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b >= 0x80 || (b < 0x20 && b != '\r' && b != '\n' && b != '\t')) {
                return null;
            }
            buffer[length++] = (byte) b;
            if (length >= 4
                    && buffer[length - 4] == '\r'
                    && buffer[length - 3] == '\n'
                    && buffer[length - 2] == '\r'
                    && buffer[length - 1] == '\n') {
                return new String(buffer, 0, length - 4, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** A small page with nothing from the request in it, no script, nothing cached. */
    private static void answer(OutputStream out, int status, String title, String text) throws IOException {
        String body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n"
                + "<body><h1>" + title + "</h1><p>" + text.replace("&", "&amp;").replace("<", "&lt;")
                + "</p></body></html>\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Refused") + "\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Content-Security-Policy: default-src 'none'\r\n"
                + "Cache-Control: no-store\r\n"
                + "Referrer-Policy: no-referrer\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do about a socket that will not close
        }
    }

    /** Stops listening (also when no redirect came). */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // the port is freed with the process anyway
        }
    }
}
