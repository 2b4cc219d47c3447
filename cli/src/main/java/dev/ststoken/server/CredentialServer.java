package dev.ststoken.server;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local endpoint in the shape of the ECS container credential provider, which every AWS SDK and
 * the AWS CLI read from {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: a job that outlives one session asks again and gets
 * the current one, refreshed (and MFA asked for again) by us, never seeing a long-term key.
 *
 * <p>Only 127.0.0.1 on a random port; a random token per run, compared in constant time; the Host
 * header must name the loopback address and port (a web page that rebinds a DNS name to 127.0.0.1
 * would send its own name); GET only. A server that is also a fixture: it counts what it refused.
 *
 * <p>Any local user can connect, token or not, so no connection may hold up another: each is read
 * on a thread of its own (a small pool), its request head must arrive whole within
 * {@link Limits#headDeadline} of the connection being accepted (else it is closed), and only the
 * fetch of the session is serialized, shared by the requests that arrive while it runs. At most
 * {@link Limits#maxConnections} connections are open; a new one past that evicts the oldest one
 * not yet past the Host and token checks (a real SDK sends its head at once and has the token, so an
 * evicted one is almost surely a stalled or refused one), and is itself closed only when every slot
 * holds an authenticated request waiting for the fetch. One request per connection
 * ({@code Connection: close}), as the SDKs expect of this endpoint.
 *
 * <p>The log is never written on a connection's thread: a log that blocks (a stderr nobody reads)
 * must not hold refused connections in their slots. See {@link ServerLog}: one writer thread, a
 * bounded queue, and refusals rate-limited to a few lines a minute plus a count.
 */
public final class CredentialServer implements AutoCloseable {
    /** Where the session comes from on each request (the session cache answers most of them). */
    public interface Source {
        SessionCredentials credentials() throws Exception;
    }

    /**
     * No session, for a reason the client itself may read (it holds no secret and says what to do):
     * the answer's body carries it, where other failures only point at the terminal.
     */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a connection may take.
     *
     * @param maxConnections connections open at once, each on a thread of its own
     * @param headDeadline how long after being accepted a connection has to send its whole request
     *     head (request line and headers); a client that sends nothing or sends slowly is closed then
     */
    public record Limits(int maxConnections, Duration headDeadline) {
        /** 16 connections and 5 s: an SDK sends its ~300 byte head at once over loopback. */
        public static final Limits DEFAULT = new Limits(16, Duration.ofSeconds(5));

        public Limits {
            if (maxConnections < 1 || headDeadline.isNegative() || headDeadline.isZero()) {
                throw new IllegalArgumentException("credential server limits must be positive");
            }
        }
    }

    static final String PATH = "/credentials";
    /** A request head is ~300 bytes from an SDK; more than this is not one. */
    static final int MAX_HEAD_BYTES = 8 * 1024;

    private final ServerSocket listener;
    private final ThreadPoolExecutor pool;
    private final Limits limits;
    private final String token;
    private final Source source;
    private final ServerLog log;
    /** Open connections, oldest first. Guarded by itself. */
    private final ArrayDeque<Connection> open = new ArrayDeque<>();

    private final Thread acceptor;

    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();

    /** The fetch running now, which every request arriving meanwhile waits for. Guarded by fetchLock. */
    private final Object fetchLock = new Object();

    private CompletableFuture<SessionCredentials> inFlight;

    private CredentialServer(ServerSocket listener, Limits limits, String token, Source source, ServerLog log) {
        this.listener = listener;
        this.limits = limits;
        this.token = token;
        this.source = source;
        this.log = log;
        // No cap on threads here: admit() caps the connections. An evicted connection's thread ends as
        // soon as its socket is closed, but may still be running when the next one is accepted; a
        // thread cap would then refuse a legitimate request (seen with ten idle connections and 3 slots).
        this.pool = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), new Daemon());
        this.acceptor = new Thread(this::acceptLoop, "credential-server-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts on 127.0.0.1 and a free port with the {@linkplain Limits#DEFAULT default limits}.
     *
     * @param log where refusals and source failures are said, never a secret and never on a connection's
     *     thread (one writer thread; refusals: the first few a minute, then a count)
     */
    public static CredentialServer start(Source source, PrintStream log) throws IOException {
        return start(source, log, Limits.DEFAULT);
    }

    /** Starts on 127.0.0.1 and a free port with the given limits. */
    public static CredentialServer start(Source source, PrintStream log, Limits limits) throws IOException {
        return start(source, log, limits, Duration.ofMinutes(1));
    }

    /** With another window for the refusal lines' rate limit than a minute (tests). */
    static CredentialServer start(Source source, PrintStream log, Limits limits, Duration refusalWindow)
            throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ServerSocket listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        CredentialServer server =
                new CredentialServer(listener, limits, token, source, new ServerLog(log, refusalWindow.toNanos()));
        server.acceptor.start();
        return server;
    }

    /** For {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + PATH);
    }

    /** For {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
    public String token() {
        return token;
    }

    /** The variables a child process needs to use this server. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri().toString());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
        return env;
    }

    public long served() {
        return served.get();
    }

    public long refused() {
        return refused.get();
    }

    /** Connections closed unanswered: head not sent in time, evicted at the cap, or over the cap. */
    public long dropped() {
        return dropped.get();
    }

    /** Authenticated requests waiting for a fetch now (for tests that need them parked there). */
    int waitingForFetch() {
        return waiting.get();
    }

    /** Refusals counted in a summary line rather than said one by one (tests). */
    long refusalsNotLogged() {
        return log.suppressed();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        synchronized (open) {
            for (Connection connection : open) {
                connection.closeQuietly();
            }
            open.clear();
        }
        pool.shutdownNow();
        log.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                // Closed (the loop ends), or a failure such as running out of descriptors: pause, not spin.
                pause();
                continue;
            }
            Connection connection = new Connection(
                    socket, System.nanoTime() + limits.headDeadline().toNanos());
            if (!admit(connection)) {
                dropped.incrementAndGet();
                connection.closeQuietly();
                continue;
            }
            try {
                pool.execute(connection);
            } catch (RejectedExecutionException e) {
                release(connection);
                dropped.incrementAndGet();
                connection.closeQuietly();
            }
        }
    }

    /** Takes a slot, evicting the oldest connection still reading its head at the cap; false when none can go. */
    private boolean admit(Connection connection) {
        synchronized (open) {
            if (open.size() >= limits.maxConnections()) {
                Iterator<Connection> oldest = open.iterator();
                Connection evicted = null;
                while (oldest.hasNext()) {
                    Connection candidate = oldest.next();
                    if (!candidate.authenticated) {
                        evicted = candidate;
                        oldest.remove();
                        break;
                    }
                }
                if (evicted == null) {
                    return false;
                }
                dropped.incrementAndGet();
                evicted.closeQuietly();
            }
            open.addLast(connection);
            return true;
        }
    }

    private void release(Connection connection) {
        synchronized (open) {
            open.remove(connection);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The parsed request line and the two headers the answer depends on. */
    private record RequestHead(String method, String path, String host, String authorization) {}

    /** Why a request is answered with an error status and closed: the status, and a reason that holds no secret. */
    record Refusal(int status, String reason) {}

    /** A request we answer with an error status and close. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private final class Connection implements Runnable {
        private final Socket socket;
        /** System.nanoTime() by which the whole request head must have arrived. */
        private final long headDeadline;
        /**
         * Set once the request passed the Host and token checks: from then on the connection is no
         * longer evictable. Not before: a refused connection is the one to go.
         */
        volatile boolean authenticated;

        Connection(Socket socket, long headDeadline) {
            this.socket = socket;
            this.headDeadline = headDeadline;
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void run() {
            try {
                RequestHead head;
                try {
                    head = readHead();
                } catch (BadRequest e) {
                    refuse(new Refusal(400, e.getMessage()));
                    return;
                }
                respond(head);
            } catch (SocketTimeoutException e) {
                // Said before it is counted: whoever sees the count can find the line in the log.
                log.refusal("sts-session-token: credential server: closed a connection that sent no complete "
                        + "request within " + limits.headDeadline().toMillis() + " ms");
                dropped.incrementAndGet();
            } catch (IOException e) {
                // reset, closed by the client, or evicted: nothing to answer
            } finally {
                closeQuietly();
                release(this);
            }
        }

        /**
         * Reads up to the blank line that ends the head, every wait bounded by what is left of the
         * head deadline: a client sending a byte now and then gains nothing.
         */
        private RequestHead readHead() throws IOException, BadRequest {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[MAX_HEAD_BYTES];
            int length = 0;
            int end;
            while ((end = headEnd(buffer, length)) < 0) {
                if (length == buffer.length) {
                    throw new BadRequest("request head too large");
                }
                long left = headDeadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("request head deadline");
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000L)));
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    throw new IOException("closed mid-request");
                }
                length += n;
            }
            return parse(new String(buffer, 0, end, StandardCharsets.ISO_8859_1));
        }

        private void respond(RequestHead head) throws IOException {
            Refusal refusal = refusal(head);
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            authenticated = true;
            SessionCredentials session;
            try {
                session = fetch();
            } catch (Unavailable e) {
                log.problem("sts-session-token: credential server: no session: " + e.getMessage());
                answer(500, error("no session: " + e.getMessage()));
                return;
            } catch (Exception e) {
                // The SDK retries; the person sees why on our stderr (messages never hold secrets).
                log.problem("sts-session-token: credential server: no session: " + e.getMessage());
                answer(500, error("no session: see the terminal that runs sts-session-token"));
                return;
            }
            log.served();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("AccessKeyId", session.accessKeyId());
            body.put("SecretAccessKey", session.secretAccessKey());
            body.put("Token", session.sessionToken());
            body.put("Expiration", Timestamps.utcZ(session.expiration()));
            served.incrementAndGet();
            answer(200, Json.write(body));
        }

        private void refuse(Refusal refusal) throws IOException {
            refused.incrementAndGet();
            log.refusal("sts-session-token: credential server: refused a request (" + refusal.reason() + ")");
            answer(refusal.status(), error(refusal.reason()));
        }

        /** One write of a small answer (it fits the socket's buffer, so it does not wait on the client). */
        private void answer(int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Cache-Control: no-store\r\n"
                    + "Content-Length: " + bytes.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[headBytes.length + bytes.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
            socket.getOutputStream().write(all);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
        }
    }

    /**
     * The current session. Requests that arrive while a fetch runs wait for it and share its
     * result, so the lock is held only around taking or starting a fetch, never while reading.
     */
    private SessionCredentials fetch() throws Exception {
        CompletableFuture<SessionCredentials> fetch;
        boolean mine = false;
        synchronized (fetchLock) {
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                mine = true;
            }
            fetch = inFlight;
        }
        waiting.incrementAndGet();
        if (mine) {
            try {
                fetch.complete(source.credentials());
            } catch (Exception | Error e) {
                fetch.completeExceptionally(e);
            } finally {
                synchronized (fetchLock) {
                    inFlight = null;
                }
            }
        }
        try {
            return fetch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** The index just past the blank line ending the head in the first {@code length} bytes, or -1. */
    static int headEnd(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                if (i + 1 < length && buffer[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /**
     * The request line and headers. Anything two parsers could read differently (a repeated Host or
     * Authorization, a folded line, whitespace before a colon, control characters) is refused.
     */
    static RequestHead parse(String text) throws BadRequest {
        String[] lines = text.split("\r?\n", -1);
        String requestLine = lines[0];
        int first = requestLine.indexOf(' ');
        int last = requestLine.lastIndexOf(' ');
        if (first <= 0 || last == first) {
            throw new BadRequest("malformed request line");
        }
        String version = requestLine.substring(last + 1);
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new BadRequest("malformed request line");
        }
        String method = requestLine.substring(0, first);
        String target = requestLine.substring(first + 1, last);
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String host = null;
        String authorization = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue; // the blank lines that end the head
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new BadRequest("malformed header");
            }
            String value = line.substring(colon + 1).strip();
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                    throw new BadRequest("control character in a header value");
                }
            }
            String name = line.substring(0, colon);
            if (name.equalsIgnoreCase("Host")) {
                if (host != null) {
                    throw new BadRequest("repeated Host header");
                }
                host = value;
            } else if (name.equalsIgnoreCase("Authorization")) {
                if (authorization != null) {
                    throw new BadRequest("repeated Authorization header");
                }
                authorization = value;
            }
        }
        return new RequestHead(method, path, host, authorization);
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** Why a request is refused, or null. Checked in this order so a probe learns as little as possible. */
    private Refusal refusal(RequestHead head) {
        String host = head.host();
        int port = listener.getLocalPort();
        if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
            return new Refusal(403, "Host is not this loopback endpoint");
        }
        String given = head.authorization();
        if (given == null
                || !MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return new Refusal(403, "missing or wrong authorization token");
        }
        if (!"GET".equals(head.method())) {
            return new Refusal(405, "method not allowed");
        }
        if (!PATH.equals(head.path())) {
            return new Refusal(404, "path not found");
        }
        return null;
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            default:
                return "Internal Server Error";
        }
    }

    private static String error(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "Refused");
        body.put("message", message);
        return Json.write(body);
    }

    private static final class Daemon implements ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "credential-server");
            thread.setDaemon(true);
            return thread;
        }
    }
}
