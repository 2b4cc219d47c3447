package dev.ststoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;

class CredentialServerTest {
    final AtomicInteger fetches = new AtomicInteger();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    volatile boolean failing;
    CredentialServer server;

    @BeforeEach
    void start() throws Exception {
        server = CredentialServer.start(
                () -> {
                    if (failing) {
                        throw new IllegalStateException("STS refused: AccessDenied");
                    }
                    int n = fetches.incrementAndGet();
                    return new SessionCredentials(
                            new AwsCredentials("ASIASESSION000000" + n, "secret" + n, "token" + n),
                            Instant.now().plusSeconds(900));
                },
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A raw request, so the test controls every header (HttpURLConnection will not send a foreign Host). */
    String request(String method, String path, String host, String authorization) throws Exception {
        return request(server, method, path, host, authorization);
    }

    /**
     * A raw request to {@code to}, its answer awaited for at most 4 s: well within the default head
     * deadline (5 s), so an answer cannot be explained by a stalled connection having been dropped.
     */
    static String request(CredentialServer to, String method, String path, String host, String authorization)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", to.uri().getPort())) {
            socket.setSoTimeout(4000);
            OutputStream out = socket.getOutputStream();
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String host() {
        return host(server);
    }

    static String host(CredentialServer of) {
        return "127.0.0.1:" + of.uri().getPort();
    }

    /** True when the server closed {@code socket} (read returns end of stream or a reset) within 10 s. */
    static boolean closedByServer(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    /** Polls (a thread hand-over, not a duration under test) until {@code condition} holds, at most 10 s. */
    static void await(java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** A source that blocks every fetch until {@code release} opens, counting fetches. */
    static CredentialServer blockingServer(
            CountDownLatch release, AtomicInteger fetches, CredentialServer.Limits limits) throws Exception {
        return CredentialServer.start(
                () -> {
                    int n = fetches.incrementAndGet();
                    release.await();
                    return new SessionCredentials(
                            new AwsCredentials("ASIASLOWFETCH0000" + n, "secret" + n, "token" + n),
                            Instant.now().plusSeconds(900));
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                limits);
    }

    @Test
    void it_listens_on_loopback_with_a_random_token_per_run() throws Exception {
        assertThat(server.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/credentials");
        assertThat(server.token()).hasSizeGreaterThanOrEqualTo(43);
        try (CredentialServer other = CredentialServer.start(() -> null, System.err)) {
            assertThat(other.token()).isNotEqualTo(server.token());
        }
    }

    @Test
    void the_sdks_container_provider_reads_the_session_and_gets_a_fresh_one_each_time_it_asks() {
        System.setProperty("aws.containerCredentialsFullUri", server.uri().toString());
        System.setProperty("aws.containerAuthorizationToken", server.token());
        try (ContainerCredentialsProvider provider =
                ContainerCredentialsProvider.builder().build()) {
            AwsSessionCredentials credentials = (AwsSessionCredentials) provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("ASIASESSION0000001");
            assertThat(credentials.sessionToken()).isEqualTo("token1");
            assertThat(credentials.expirationTime()).isPresent();
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }
        assertThat(server.served()).isEqualTo(1);
    }

    @Test
    void a_request_without_the_token_or_with_a_wrong_one_is_refused_with_403() throws Exception {
        assertThat(request("GET", "/credentials", host(), null))
                .startsWith("HTTP/1.1 403")
                .doesNotContain("secret");
        assertThat(request("GET", "/credentials", host(), server.token() + "x")).startsWith("HTTP/1.1 403");
        assertThat(fetches).hasValue(0);
        assertThat(server.refused()).isEqualTo(2);
    }

    @Test
    void a_foreign_host_is_refused_even_with_the_token_against_dns_rebinding() throws Exception {
        String port = ":" + server.uri().getPort();
        assertThat(request("GET", "/credentials", "evil.example" + port, server.token()))
                .startsWith("HTTP/1.1 403");
        assertThat(request("GET", "/credentials", "127.0.0.1", server.token())).startsWith("HTTP/1.1 403");
        assertThat(fetches).hasValue(0);
        assertThat(request("GET", "/credentials", "localhost" + port, server.token()))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void other_methods_and_paths_are_refused() throws Exception {
        assertThat(request("POST", "/credentials", host(), server.token())).startsWith("HTTP/1.1 405");
        assertThat(request("GET", "/", host(), server.token())).startsWith("HTTP/1.1 404");
    }

    @Test
    void a_failing_source_answers_500_and_says_why_on_the_log_only() throws Exception {
        failing = true;
        String answer = request("GET", "/credentials", host(), server.token());
        assertThat(answer).startsWith("HTTP/1.1 500").doesNotContain("AccessDenied");
        // The log is written by a thread of its own.
        await(() -> log.toString(StandardCharsets.UTF_8).contains("no session: STS refused: AccessDenied"));
    }

    /**
     * The attack: another local user sends well-formed requests without the token while the log (the
     * job's stderr under exec --server) does not drain (Ctrl-S, a pager not reading). Each refused
     * connection blocked in println on its own thread, was no longer evictable (its head was in),
     * and 16 of them filled every slot: a request with the token got 0 bytes.
     */
    @Test
    void a_log_that_never_drains_and_a_tokenless_flood_do_not_stop_a_request_with_the_token() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        java.util.List<Socket> flood = new java.util.ArrayList<>();
        try (CredentialServer blocked = CredentialServer.start(
                () -> new SessionCredentials(
                        new AwsCredentials("ASIABLOCKEDLOG001", "secret", "token"),
                        Instant.now().plusSeconds(900)),
                new PrintStream(stuck, true, StandardCharsets.UTF_8),
                new CredentialServer.Limits(16, Duration.ofSeconds(60)))) {
            for (int i = 0; i < 40; i++) {
                Socket attacker = new Socket("127.0.0.1", blocked.uri().getPort());
                flood.add(attacker);
                attacker.getOutputStream()
                        .write(("GET /credentials HTTP/1.1\r\nHost: " + host(blocked) + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
            }
            await(() -> blocked.refused() + blocked.dropped() >= 40);
            assertThat(request(blocked, "GET", "/credentials", host(blocked), blocked.token()))
                    .startsWith("HTTP/1.1 200")
                    .contains("ASIABLOCKEDLOG001");
        } finally {
            never.countDown();
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    /** A flood of refused requests writes a few lines and a count, not a line each (the log is a file in ~/.cache). */
    @Test
    void the_log_stays_bounded_under_a_flood_of_refused_requests() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(request("GET", "/credentials", host(), null)).startsWith("HTTP/1.1 403");
        }
        assertThat(server.refused()).isEqualTo(100);
        assertThat(server.refusalsNotLogged()).isEqualTo(100 - ServerLog.REFUSALS_PER_WINDOW);
        await(() -> log.toString(StandardCharsets.UTF_8).lines().count() == ServerLog.REFUSALS_PER_WINDOW);
        // Still answered: the limit is on what is written, not on what is refused.
        assertThat(request("GET", "/credentials", host(), server.token())).startsWith("HTTP/1.1 200");
        assertThat(log.toString(StandardCharsets.UTF_8).lines()).hasSize(ServerLog.REFUSALS_PER_WINDOW);
    }

    /** What was not said one by one is said as a count once the window is over, even if the flood stopped. */
    @Test
    void refusals_past_the_allowance_are_summed_up_at_the_end_of_the_window() throws Exception {
        ByteArrayOutputStream windowLog = new ByteArrayOutputStream();
        try (CredentialServer windowed = CredentialServer.start(
                () -> null,
                new PrintStream(windowLog, true, StandardCharsets.UTF_8),
                CredentialServer.Limits.DEFAULT,
                Duration.ofSeconds(2))) {
            for (int i = 0; i < ServerLog.REFUSALS_PER_WINDOW + 7; i++) {
                request(windowed, "GET", "/credentials", host(windowed), "wrong");
            }
            // Whatever the window boundaries, every refusal ends up either a line or in a count.
            await(() -> said(windowLog) == ServerLog.REFUSALS_PER_WINDOW + 7);
            String text = windowLog.toString(StandardCharsets.UTF_8);
            assertThat(text).containsPattern("refused \\d+ more requests? in the last 2 s \\(not each logged\\)");
            assertThat(text.lines().count()).as(text).isLessThan(ServerLog.REFUSALS_PER_WINDOW + 7);
        }
    }

    /**
     * The attack: any local user, without the token, sends half a request head and holds the
     * connection open. The server read requests on one thread with no deadline for the head, so
     * every SDK call of the job waited behind it (on JDK 17 until the attacker hung up).
     */
    @Test
    void a_half_sent_request_head_does_not_hold_up_a_request_with_the_token() throws Exception {
        try (Socket attacker = new Socket("127.0.0.1", server.uri().getPort())) {
            attacker.getOutputStream()
                    .write(("GET /credentials HTTP/1.1\r\nHost: " + host() + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            attacker.getOutputStream().flush();
            // Lets the server take up the attacker's connection first: a server that reads on one
            // thread is then stuck in it when the real request arrives.
            Thread.sleep(300);
            assertThat(request("GET", "/credentials", host(), server.token())).startsWith("HTTP/1.1 200");
            assertThat(request("GET", "/credentials", host(), server.token())).startsWith("HTTP/1.1 200");
            assertThat(closedByServer(attacker))
                    .as("attacker still connected after the head deadline")
                    .isTrue();
        }
        assertThat(server.served()).isEqualTo(2);
    }

    @Test
    void a_connection_that_sends_nothing_or_drips_its_head_is_closed_at_the_head_deadline() throws Exception {
        try (CredentialServer quick = CredentialServer.start(
                        () -> null,
                        new PrintStream(log, true, StandardCharsets.UTF_8),
                        new CredentialServer.Limits(4, Duration.ofMillis(300)));
                Socket silent = new Socket("127.0.0.1", quick.uri().getPort());
                Socket drip = new Socket("127.0.0.1", quick.uri().getPort())) {
            assertThat(closedByServer(silent)).isTrue();
            // One byte every 50 ms: each read is quick, the head as a whole is not.
            drip.setSoTimeout(50);
            boolean closed = false;
            byte[] head = ("GET /credentials HTTP/1.1\r\nHost: " + host(quick) + "\r\n" + "X-Padding: "
                            + "a".repeat(500) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < head.length && !closed; i++) {
                try {
                    drip.getOutputStream().write(head[i]);
                    closed = drip.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    // still open: next byte
                } catch (java.net.SocketException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("a dripping head was never cut off").isTrue();
            assertThat(quick.dropped()).isEqualTo(2);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("sent no complete request within 300 ms");
    }

    /**
     * The cap policy: at the cap a new connection evicts the oldest one still waiting for its head,
     * so idle connections, however many, cannot keep a request with the token out.
     */
    @Test
    void idle_connections_past_the_cap_are_evicted_oldest_first_for_a_new_request() throws Exception {
        try (CredentialServer capped = CredentialServer.start(
                () -> new SessionCredentials(
                        new AwsCredentials("ASIACAPPED0000001", "secret", "token"),
                        Instant.now().plusSeconds(900)),
                new PrintStream(log, true, StandardCharsets.UTF_8),
                new CredentialServer.Limits(3, Duration.ofSeconds(60)))) {
            java.util.List<Socket> idle = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    idle.add(new Socket("127.0.0.1", capped.uri().getPort()));
                }
                assertThat(request(capped, "GET", "/credentials", host(capped), capped.token()))
                        .startsWith("HTTP/1.1 200")
                        .contains("ASIACAPPED0000001");
                assertThat(closedByServer(idle.get(0)))
                        .as("the oldest idle connection")
                        .isTrue();
                assertThat(capped.dropped()).isGreaterThanOrEqualTo(8);
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    /**
     * Only the fetch is serialized: while one is slow (an MFA prompt, a slow STS), other requests
     * are still read and refused or answered, and requests with the token share the fetch running.
     */
    @Test
    void a_slow_fetch_blocks_no_parsing_and_concurrent_requests_share_it() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowFetches = new AtomicInteger();
        try (CredentialServer slow =
                blockingServer(release, slowFetches, new CredentialServer.Limits(4, Duration.ofSeconds(60)))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> tokenRequest(slow));
            await(() -> slow.waitingForFetch() == 1);
            assertThat(request(slow, "GET", "/credentials", host(slow), null)).startsWith("HTTP/1.1 403");
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> tokenRequest(slow));
            await(() -> slow.waitingForFetch() == 2);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS))
                    .startsWith("HTTP/1.1 200")
                    .contains("ASIASLOWFETCH00001");
            assertThat(second.get(10, TimeUnit.SECONDS))
                    .startsWith("HTTP/1.1 200")
                    .contains("ASIASLOWFETCH00001");
            assertThat(slowFetches).as("fetches").hasValue(1);
        }
    }

    /** At the cap with every slot an authenticated request waiting for the fetch, a new connection is closed. */
    @Test
    void at_the_cap_with_only_authenticated_requests_a_new_connection_is_closed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (CredentialServer slow =
                blockingServer(release, new AtomicInteger(), new CredentialServer.Limits(2, Duration.ofSeconds(60)))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> tokenRequest(slow));
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> tokenRequest(slow));
            await(() -> slow.waitingForFetch() == 2);
            try (Socket third = new Socket("127.0.0.1", slow.uri().getPort())) {
                assertThat(closedByServer(third)).isTrue();
            }
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
            assertThat(second.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_repeated_host_or_authorization_header_is_refused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(4000);
            socket.getOutputStream()
                    .write(("GET /credentials HTTP/1.1\r\nHost: " + host() + "\r\nAuthorization: " + server.token()
                                    + "\r\nAuthorization: other\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 400");
        }
        assertThat(fetches).hasValue(0);
    }

    /** Refusals a log accounts for: its refusal lines plus the counts of its summary lines. */
    static long said(ByteArrayOutputStream log) {
        String text = log.toString(StandardCharsets.UTF_8);
        long lines = text.lines().filter(l -> l.contains("refused a request")).count();
        long counted = text.lines()
                .filter(l -> l.contains("more request"))
                .mapToLong(l -> Long.parseLong(l.replaceFirst(".*refused (\\d+) more request.*", "$1")))
                .sum();
        return lines + counted;
    }

    /** A request with the token, for a thread of its own; waits up to 20 s as it may sit behind a slow fetch. */
    static String tokenRequest(CredentialServer to) {
        try (Socket socket = new Socket("127.0.0.1", to.uri().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("GET /credentials HTTP/1.1\r\nHost: " + host(to) + "\r\nAuthorization: " + to.token()
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
