package dev.ststoken.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.sts.SessionCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local endpoint in the shape of the ECS container credential provider, which every AWS SDK and
 * the AWS CLI read from {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: a job that outlives one session asks again and gets
 * the current one, refreshed (and MFA asked for again) by us, never seeing a long-term key.
 *
 * <p>Only 127.0.0.1 on a random port; a random token per run, compared in constant time; the Host
 * header must name the loopback address and port (a web page that rebinds a DNS name to 127.0.0.1
 * would send its own name); GET only. A server that is also a fixture: it counts what it refused.
 */
public final class CredentialServer implements AutoCloseable {
    /** Where the session comes from on each request (the session cache answers most of them). */
    public interface Source {
        SessionCredentials credentials() throws Exception;
    }

    static final String PATH = "/credentials";
    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final Source source;
    private final PrintStream log;
    private volatile long served;
    private volatile long refused;

    private CredentialServer(
            HttpServer server, ExecutorService executor, String token, Source source, PrintStream log) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.source = source;
        this.log = log;
    }

    /**
     * Starts on 127.0.0.1 and a free port.
     *
     * @param log where refusals and source failures are said (one line each, never a secret)
     */
    public static CredentialServer start(Source source, PrintStream log) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        // One request at a time: the session service single-flights anyway, and one prompt at a time is what a person
        // can answer.
        ExecutorService executor = Executors.newSingleThreadExecutor(new Daemon());
        CredentialServer credentials = new CredentialServer(http, executor, token, source, log);
        http.createContext("/", credentials.new Handler());
        http.setExecutor(executor);
        http.start();
        return credentials;
    }

    /** For {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
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
        return served;
    }

    public long refused() {
        return refused;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String problem = refusal(exchange);
                if (problem != null) {
                    refused++;
                    log.println("sts-session-token: credential server: refused a request (" + problem + ")");
                    answer(
                            exchange,
                            problem.startsWith("method") ? 405 : problem.startsWith("path") ? 404 : 403,
                            error(problem));
                    return;
                }
                SessionCredentials session;
                try {
                    session = source.credentials();
                } catch (Exception e) {
                    // The SDK retries; the person sees why on our stderr (messages never hold secrets).
                    log.println("sts-session-token: credential server: no session: " + e.getMessage());
                    answer(exchange, 500, error("no session: see the terminal that runs sts-session-token"));
                    return;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("AccessKeyId", session.accessKeyId());
                body.put("SecretAccessKey", session.secretAccessKey());
                body.put("Token", session.sessionToken());
                body.put("Expiration", Timestamps.utcZ(session.expiration()));
                served++;
                answer(exchange, 200, Json.write(body));
            }
        }
    }

    /** Why a request is refused, or null. Checked in this order so a probe learns as little as possible. */
    private String refusal(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        int port = server.getAddress().getPort();
        if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
            return "Host is not this loopback endpoint";
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null
                || !MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return "missing or wrong authorization token";
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return "method not allowed";
        }
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            return "path not found";
        }
        return null;
    }

    private static String error(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "Refused");
        body.put("message", message);
        return Json.write(body);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class Daemon implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "credential-server");
            thread.setDaemon(true);
            return thread;
        }
    }
}
