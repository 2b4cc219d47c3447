package dev.ststoken.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sigv4.SigV4Verifier;
import dev.ststoken.totp.Base32;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A local STS and IAM. Usable as a server ({@code serve}), embedded ({@code get --local}) and as a
 * test fixture in the manner of okhttp's MockWebServer: loopback, port 0, try-with-resources.
 *
 * <pre>{@code
 * try (Emulator sts = Emulator.start(EmulatorConfig.forTests(dir))) {
 *     URI endpoint = sts.endpoint();
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
    static final int MAX_THREADS = 256;
    /** How long a request may take to arrive, and a connection to send its first byte. */
    static final int REQUEST_SECONDS = 30;

    static {
        // Without TCP_NODELAY every keep-alive response waits for the peer's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Slow or stuck clients must not hold a connection for ever.
        System.setProperty(
                "sun.net.httpserver.maxReqTime",
                System.getProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS)));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
        // AWS clients send about ten headers; a request with a hundred is not one of them.
        System.setProperty(
                "sun.net.httpserver.maxReqHeaders", System.getProperty("sun.net.httpserver.maxReqHeaders", "100"));
    }

    private final HttpServer server;
    /** Null with --tls. */
    private final TlsRefusingFront front;

    private final ExecutorService executor;
    private final StateStore store;
    private final RequestHandler handler;
    private final EmulatorConfig config;

    private Emulator(
            HttpServer server,
            TlsRefusingFront front,
            ExecutorService executor,
            StateStore store,
            RequestHandler handler,
            EmulatorConfig config) {
        this.server = server;
        this.front = front;
        this.executor = executor;
        this.store = store;
        this.handler = handler;
        this.config = config;
    }

    public static Emulator start(EmulatorConfig config) throws IOException, EmulatorStateException {
        Ids ids = new Ids(new SecureRandom());
        StateStore store = StateStore.open(config.stateDir(), config.clock(), ids);
        SessionTokens tokens = new SessionTokens(store.current().tokenKey(), ids);
        SigV4Verifier verifier = new SigV4Verifier(config.clock(), config.maxSkew());
        StsActions sts = new StsActions(store, tokens, ids, config.clock(), 1);
        IamActions iam = new IamActions(store, ids, config.clock());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.bind()), config.port());
        HttpServer server;
        TlsRefusingFront front = null;
        if (config.tls()) {
            HttpsServer https = HttpsServer.create(address, 256);
            https.setHttpsConfigurator(new HttpsConfigurator(
                    TlsCertificate.loadOrCreate(config.stateDir()).sslContext()));
            server = https;
        } else {
            // Plain HTTP sits behind a front that closes a TLS handshake at once (see TlsRefusingFront).
            server = HttpServer.create(TlsRefusingFront.backendAddress(), 256);
            try {
                front = TlsRefusingFront.start(address, server.getAddress(), REQUEST_SECONDS * 1000);
            } catch (IOException e) {
                server.stop(0);
                throw e;
            }
        }
        RequestHandler handler = new RequestHandler(
                store,
                tokens,
                verifier,
                sts,
                iam,
                ids,
                config.clock(),
                config.accessLog(),
                front == null ? null : front::origin,
                config.enforceIam(),
                config.tls());
        // A thread per request in flight, up to a cap: a client that stalls mid-body holds its thread
        // until maxReqTime drops it, so a small fixed pool would let a few slow clients block everyone.
        // Past the cap, new connections are refused rather than queued behind the stalled ones.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                MAX_THREADS,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "sts-emulator-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.createContext(
                FederationHandler.PATH,
                new FederationHandler(tokens, store.current().tokenKey(), config.clock()));
        server.start();
        return new Emulator(server, front, executor, store, handler, config);
    }

    public int port() {
        return listenAddress().getPort();
    }

    /** The address the server really listens on (a wildcard when bound to all interfaces). */
    public InetSocketAddress listenAddress() {
        return front == null ? server.getAddress() : front.address();
    }

    /** The URL clients use; the host is the bind address, with IPv6 in brackets. */
    public URI endpoint() {
        String host = config.bind();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.tls() ? "https" : "http") + "://" + host + ":" + port());
    }

    public Path stateDir() {
        return config.stateDir();
    }

    public String accountId() {
        return store.current().accountId();
    }

    /** Requests received, signed or not. */
    public long requestCount() {
        return handler.requestCount();
    }

    /** Authenticated calls of one action, e.g. "GetSessionToken". */
    public long actionCount(String action) {
        return handler.actionCount(action);
    }

    public DemoIdentity demoIdentity() {
        Account account = store.current();
        Account.AccessKey key = account.firstKeyOf(Account.DEMO_USER);
        Account.MfaDevice device = account.deviceOf(Account.DEMO_USER);
        if (key == null || device == null) {
            throw new IllegalStateException("the demo user, its key or its MFA device was deleted from " + stateDir());
        }
        return new DemoIdentity(
                new AwsCredentials(key.id(), key.secret()), device.serial(), Base32.decode(device.seed()));
    }

    public AwsCredentials rootCredentials() {
        Account.AccessKey key = store.current().rootKey();
        return new AwsCredentials(key.id(), key.secret());
    }

    /** The last TOTP step accepted for a device, so callers that compute codes can avoid a used one. */
    public long lastUsedStep(String serial) throws IOException {
        Account.MfaDevice device = store.current().mfaDevices().get(serial);
        return device == null ? -1 : device.lastUsedStep();
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
