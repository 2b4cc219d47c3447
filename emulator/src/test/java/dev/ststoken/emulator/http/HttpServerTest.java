package dev.ststoken.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ststoken.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's HTTP/1.1 server, spoken to byte by byte as clients and attackers would. */
class HttpServerTest {
    /** Far below any time the server would wait on its own; a hang fails the test instead of passing it. */
    static final int PATIENCE_MILLIS = 5000;

    final List<Request> seen = new CopyOnWriteArrayList<>();
    final List<Throwable> bugs = new CopyOnWriteArrayList<>();
    HttpServer server;

    /** Echoes what it saw: method, path, query and body, so tests can assert on what arrived. */
    Response echo(Request request) throws IOException {
        seen.add(request);
        request.body().readAllBytes();
        return Response.of(200, "text/plain", request.method() + " " + request.rawPath() + " " + request.rawQuery());
    }

    HttpServer start(ServerOptions options, Handler handler) throws IOException {
        server = HttpServer.start(options.withBugs(bugs::add), handler);
        return server;
    }

    ServerOptions loopback() {
        return ServerOptions.plain(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Socket connect() throws IOException {
        Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response: head and exactly Content-Length bytes of body. */
    static String response(Socket socket) throws IOException {
        String text = head(socket);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(socket.getInputStream().readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** A response's status line and headers, up to the empty line. */
    static String head(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The whole stream until the server closes it. */
    static String untilClosed(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void a_tls_client_hello_on_the_plain_port_is_answered_by_closing_the_connection() throws Exception {
        start(loopback(), this::echo);
        try (Socket raw = connect()) {
            SSLSocket tls = (SSLSocket) SSLContext.getDefault()
                    .getSocketFactory()
                    .createSocket(raw, "127.0.0.1", server.address().getPort(), true);
            Throwable failure = catchThrowable(tls::startHandshake);
            assertThat(failure)
                    .as("the handshake must fail because the server closed, not time out")
                    .isNotNull()
                    .isNotInstanceOf(SocketTimeoutException.class)
                    .hasMessageNotContaining("Read timed out");
        }
    }

    @Test
    void one_connection_serves_many_requests_and_pipelined_ones_in_order() throws Exception {
        start(loopback(), this::echo);
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                send(socket, "GET /a?n=" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(response(socket)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("GET /a n=" + i);
            }
            send(
                    socket,
                    "GET /p?1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /p?2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                            + "GET /p?3 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(response(socket)).endsWith("GET /p 1");
            assertThat(response(socket)).endsWith("POST /p 2");
            assertThat(response(socket)).endsWith("GET /p 3");
        }
        assertThat(seen).hasSize(6);
    }

    @Test
    void the_handler_reads_exactly_the_body_whether_sized_or_chunked() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        start(loopback(), request -> {
            bodies.add(new String(request.body().readAllBytes(), StandardCharsets.UTF_8));
            return Response.of(204);
        });
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(response(socket)).startsWith("HTTP/1.1 204 ");
            send(
                    socket,
                    "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            assertThat(response(socket)).startsWith("HTTP/1.1 204 ");
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(response(socket)).startsWith("HTTP/1.1 204 ");
        }
        assertThat(bodies).containsExactly("hello", "hello world", "");
    }

    @Test
    void a_client_that_expects_100_continue_is_told_to_send_its_body() throws Exception {
        start(
                loopback(),
                request ->
                        Response.of(200, "text/plain", new String(request.body().readAllBytes())));
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertThat(response(socket)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(socket, "body");
            assertThat(response(socket)).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nbody");
        }
    }

    @Test
    void framing_that_two_parsers_could_read_differently_is_refused_and_the_connection_closed() throws Exception {
        start(loopback(), this::echo);
        List<String> smuggling = List.of(
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
                "GET /?X-Amz-Credential=%ZZ HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET http:/x HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET / HTTP/1.1\r\nX-No-Host: 1\r\n\r\n");
        for (String request : smuggling) {
            try (Socket socket = connect()) {
                send(socket, request + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(untilClosed(socket))
                        .as(request)
                        .startsWith("HTTP/1.1 400 ")
                        .contains("Connection: close")
                        .doesNotContain("GET /next");
            }
        }
        // A bad chunk is found only when the handler reads the body; the request after it never runs.
        assertThat(seen).extracting(Request::rawPath).doesNotContain("/next");
    }

    @Test
    void other_versions_and_codings_get_their_own_status() throws Exception {
        start(loopback(), this::echo);
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/2.0\r\nHost: h\r\n\r\n");
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 505 ");
        }
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 501 ");
        }
    }

    @Test
    void http_1_0_and_connection_close_end_the_connection_after_the_answer() throws Exception {
        start(loopback(), this::echo);
        try (Socket socket = connect()) {
            send(socket, "GET /old HTTP/1.0\r\n\r\n");
            assertThat(untilClosed(socket))
                    .startsWith("HTTP/1.1 200 ")
                    .contains("Connection: close")
                    .endsWith("GET /old ");
        }
        try (Socket socket = connect()) {
            send(socket, "GET /bye HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n");
            assertThat(untilClosed(socket)).endsWith("GET /bye ");
        }
    }

    @Test
    void a_head_request_gets_the_length_but_no_body() throws Exception {
        start(loopback(), request -> Response.of(200, "text/plain", "twelve bytes"));
        try (Socket socket = connect()) {
            send(socket, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(head(socket)).contains("Content-Length: 12");
            assertThat(response(socket))
                    .as("the next answer starts right after the HEAD answer's headers")
                    .startsWith("HTTP/1.1 200 ")
                    .endsWith("\r\n\r\ntwelve bytes");
        }
    }

    @Test
    void the_absolute_form_a_proxy_sends_reaches_the_handler_as_a_path() throws Exception {
        start(loopback(), this::echo);
        try (Socket socket = connect()) {
            send(socket, "GET http://example.com:80/p?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertThat(response(socket)).endsWith("GET /p q=1");
            send(socket, "GET http://example.com?q=2 HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertThat(response(socket)).endsWith("GET / q=2");
        }
    }

    @Test
    void the_handler_sees_the_clients_own_address() throws Exception {
        start(loopback(), this::echo);
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            response(socket);
            assertThat(seen.get(0).remote()).isEqualTo(socket.getLocalSocketAddress());
        }
    }

    @Test
    void a_handler_that_throws_gets_a_bare_500_and_the_bug_is_reported() throws Exception {
        start(loopback(), request -> {
            throw new IllegalStateException("secret-in-message");
        });
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(untilClosed(socket))
                    .startsWith("HTTP/1.1 500 ")
                    .endsWith("Content-Length: 0\r\nConnection: close\r\n\r\n");
        }
        assertThat(bugs).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_small_unread_body_is_skipped_and_the_connection_carries_on() throws Exception {
        start(loopback(), request -> Response.of(204));
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
            assertThat(response(socket)).startsWith("HTTP/1.1 204 ").doesNotContain("Connection: close");
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(response(socket)).startsWith("HTTP/1.1 204 ");
        }
    }

    @Test
    void a_large_unread_body_ends_the_connection_but_the_client_still_reads_the_answer() throws Exception {
        start(loopback(), request -> Response.of(413, "text/plain", "too large"));
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 300000\r\n\r\n" + "x".repeat(300_000));
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 413 ").endsWith("too large");
        }
    }

    @Test
    void too_many_headers_or_too_long_a_head_close_the_connection_unanswered() throws Exception {
        start(loopback(), this::echo);
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 101; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        try (Socket socket = connect()) {
            send(socket, many + "\r\n");
            assertThat(untilClosed(socket)).isEmpty();
        }
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
            assertThat(catchThrowable(() -> assertThat(untilClosed(socket)).isEmpty()))
                    .as("closed unanswered, or reset because the rest was unread")
                    .satisfiesAnyOf(
                            failure -> assertThat(failure).isNull(),
                            failure -> assertThat(failure).hasMessageContaining("reset"));
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void a_request_that_trickles_in_is_cut_off_when_the_request_time_runs_out() throws Exception {
        start(loopback().withRequestMillis(300), this::echo);
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            String request = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: " + "a".repeat(40) + "\r\n\r\n";
            Throwable failure = null;
            for (char c : request.toCharArray()) {
                try {
                    send(socket, String.valueOf(c));
                    Thread.sleep(20);
                } catch (IOException e) {
                    failure = e;
                    break;
                }
            }
            String answer = failure == null ? untilClosed(socket) : "";
            assertThat(answer)
                    .as("no answer: the request never arrived in time")
                    .isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(PATIENCE_MILLIS));
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void an_idle_connection_is_closed_after_the_request_time() throws Exception {
        start(loopback().withRequestMillis(200), this::echo);
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(PATIENCE_MILLIS));
        }
    }

    @Test
    void connections_past_the_cap_are_closed_not_queued() throws Exception {
        start(loopback().withMaxConnections(2), this::echo);
        try (Socket first = connect();
                Socket second = connect()) {
            send(first, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n");
            send(second, "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
            response(first);
            response(second);
            try (Socket third = connect()) {
                assertThat(third.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
        }
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_after_the_first_byte_time_not_the_request_time() throws Exception {
        start(loopback().withFirstByteMillis(200), this::echo);
        try (Socket idle = connect()) {
            // Before, it stayed open for the whole request time (30 s): the read timed out instead.
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket talking = connect()) {
            send(talking, "GET /slow HTTP/1.1\r\nHost: h\r\n");
            Thread.sleep(400); // past the first-byte time: once it has spoken, the request time applies
            send(talking, "\r\n");
            assertThat(response(talking)).contains("GET /slow");
        }
    }

    @Test
    void idle_connections_of_another_user_cannot_lock_the_servers_own_user_out() throws Exception {
        // The test runs as one user: connections from 127.0.0.2 and 127.0.0.3 stand for two others.
        InetAddress mallory = InetAddress.getByName("127.0.0.2");
        InetAddress eve = InetAddress.getByName("127.0.0.3");
        ClientIdentity byAddress = socket -> {
            InetAddress from = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
            return new ClientIdentity.Client(from.getHostAddress(), from.equals(InetAddress.getLoopbackAddress()));
        };
        // Silent connections are kept the whole test (the first-byte time is not what is tested here).
        start(loopback().withMaxConnections(8).withFirstByteMillis(30_000).withClients(byAddress), this::echo);
        List<Socket> held = new ArrayList<>();
        try {
            int malloryKept = openIdle(mallory, 8, held);
            assertThat(malloryKept)
                    .as("one other user holds at most half the cap")
                    .isEqualTo(4);
            int eveKept = openIdle(eve, 8, held);
            assertThat(eveKept).as("other users together leave a quarter free").isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                try (Socket mine = connect()) {
                    send(mine, "GET /mine HTTP/1.1\r\nHost: h\r\n\r\n");
                    assertThat(response(mine)).contains("GET /mine");
                }
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void no_client_is_identified_on_the_accepting_thread_nor_at_all_until_connections_run_short() throws Exception {
        // Identifying reads the kernel's socket tables (51 ms with 2,085 sockets on the machine):
        // before, every accept did it on the one accepting thread, for everyone.
        List<String> askedOn = new CopyOnWriteArrayList<>();
        ClientIdentity counting = socket -> {
            askedOn.add(Thread.currentThread().getName());
            return new ClientIdentity.Client("uid:me", true);
        };
        ServerOptions options = loopback().withMaxConnections(16).withClients(counting);
        assertThat(options.unidentified()).isEqualTo(4);
        start(options, this::echo);
        for (int i = 0; i < 20; i++) {
            try (Socket socket = connect()) {
                send(socket, "GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(response(socket)).contains("GET /one");
            }
            awaitNoOpenConnections();
        }
        assertThat(askedOn)
                .as("one connection at a time: nobody's share is at stake")
                .isEmpty();

        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket socket = connect();
                held.add(socket);
                send(socket, "GET /kept HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(response(socket)).contains("GET /kept");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(askedOn)
                .as("the fifth, with four open, is identified, on its own connection's thread")
                .containsExactly("sts-emulator-connection");
    }

    @Test
    void under_pressure_other_users_are_told_apart_from_the_owner_by_the_uid_owning_their_sockets() throws Exception {
        // Two real other users: root runs a shell as uid 65534 and 65533 (setpriv) whose connections
        // the kernel's tables attribute to them, where the lockout test above stands them in by address.
        assumeTrue(
                "0".equals(String.valueOf(java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid"))),
                "not root: connections of another uid cannot be opened from here (the lockout test above stands them in by address)");
        assumeTrue(java.nio.file.Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp here");
        Path setpriv = Peers.require("setpriv");
        Path bash = Peers.require("bash");
        ClientIdentity system = ClientIdentity.system();
        List<ClientIdentity.Client> asked = new CopyOnWriteArrayList<>();
        ClientIdentity recording = socket -> {
            ClientIdentity.Client client = system.of(socket);
            asked.add(client);
            return client;
        };
        start(loopback().withMaxConnections(8).withFirstByteMillis(30_000).withClients(recording), this::echo);
        List<Process> others = new ArrayList<>();
        try {
            // 8 silent connections of uid 65534: 2 taken unidentified (below the reserve's 2), then
            // each identified; 2 more fit its half share, the 2 unidentified counted against it.
            others.add(connectAs(setpriv, bash, 65534, 8));
            awaitAsked(asked, 6);
            awaitOpen(4);
            // 8 of uid 65533: all identified; 2 fit before the others leave the owner's quarter.
            others.add(connectAs(setpriv, bash, 65533, 8));
            awaitAsked(asked, 14);
            awaitOpen(6);
            assertThat(asked.subList(0, 6)).containsOnly(new ClientIdentity.Client("uid:65534", false));
            assertThat(asked.subList(6, 14)).containsOnly(new ClientIdentity.Client("uid:65533", false));
            try (Socket mine = connect();
                    Socket alsoMine = connect()) {
                send(mine, "GET /mine HTTP/1.1\r\nHost: h\r\n\r\n");
                send(alsoMine, "GET /mine2 HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(response(mine)).contains("GET /mine");
                assertThat(response(alsoMine)).contains("GET /mine2");
            }
            assertThat(asked.subList(14, asked.size())).allMatch(ClientIdentity.Client::own);
        } finally {
            for (Process process : others) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * A shell of {@code uid} holding {@code count} silent connections to the server until it is
     * ended. It opens them one at a time, each after seeing the last one closed or kept for 0.3 s,
     * so a burst of connections does not meet a full thread pool instead of the shares tested.
     */
    Process connectAs(Path setpriv, Path bash, int uid, int count) throws IOException {
        Process process = new ProcessBuilder(
                        setpriv.toString(),
                        "--reuid=" + uid,
                        "--regid=" + uid,
                        "--clear-groups",
                        bash.toString(),
                        "-c",
                        "for i in $(seq " + count + "); do exec {fd}<>/dev/tcp/127.0.0.1/"
                                + server.address().getPort()
                                + " || exit 1; read -t 0.3 -u $fd x; done; echo ready; read -t 60 line")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String ready = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        assertThat(ready).as("uid %d's shell opened its connections", uid).isEqualTo("ready");
        return process;
    }

    static void awaitAsked(List<ClientIdentity.Client> asked, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000L;
        while (asked.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(asked).hasSize(count);
    }

    void awaitOpen(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000L;
        while (server.openConnections() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.openConnections()).isEqualTo(count);
    }

    /** Opens {@code count} silent connections from {@code from}; how many the server kept open. */
    int openIdle(InetAddress from, int count, List<Socket> held) throws Exception {
        List<Socket> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(
                    InetAddress.getLoopbackAddress(), server.address().getPort(), from, 0);
            socket.setSoTimeout(300);
            opened.add(socket);
            held.add(socket);
        }
        int kept = 0;
        for (Socket socket : opened) {
            try {
                if (socket.getInputStream().read() == -1) {
                    continue; // closed at once: over the share
                }
            } catch (java.net.SocketTimeoutException e) {
                kept++; // still open, waiting for us to speak
            } catch (IOException e) {
                // reset: refused
            }
        }
        return kept;
    }

    @Test
    void the_system_identity_knows_a_loopback_client_of_the_same_user() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/net/tcp")),
                "no /proc/net/tcp here: clients are told apart by address only");
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept()) {
            ClientIdentity.Client seen = ClientIdentity.system().of(accepted);
            assertThat(seen.own()).as(seen.key()).isTrue();
            assertThat(seen.key())
                    .isEqualTo(
                            "uid:" + java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"));
        }
    }

    @Test
    void a_client_that_never_reads_its_answer_is_dropped_by_the_reaper() throws Exception {
        byte[] huge = new byte[32 * 1024 * 1024];
        start(loopback().withRequestMillis(300), request -> new Response(200, List.of(), huge));
        try (Socket socket = connect()) {
            socket.setReceiveBufferSize(4096);
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000L;
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.openConnections()).isZero();
        }
    }

    @Test
    void closing_the_server_ends_its_connections() throws Exception {
        start(loopback(), this::echo);
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            response(socket);
            server.close();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void over_tls_a_client_that_never_reads_is_dropped_and_the_server_still_closes_at_once(@TempDir Path dir)
            throws Exception {
        byte[] huge = new byte[32 * 1024 * 1024];
        start(
                loopback().withRequestMillis(300).withTls(SelfSignedTls.server(dir)),
                request -> new Response(200, List.of(), huge));
        Socket raw = connect();
        raw.setReceiveBufferSize(4096);
        try (SSLSocket tls = (SSLSocket) SelfSignedTls.trustingClient()
                .getSocketFactory()
                .createSocket(raw, "localhost", server.address().getPort(), true)) {
            send(tls, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            awaitNoOpenConnections();
            long start = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void over_tls_a_request_trickled_inside_one_record_is_cut_off_when_the_request_time_runs_out(@TempDir Path dir)
            throws Exception {
        start(loopback().withRequestMillis(300).withTls(SelfSignedTls.server(dir)), this::echo);
        Socket raw = connect();
        try (SSLSocket tls = (SSLSocket) SelfSignedTls.trustingClient()
                .getSocketFactory()
                .createSocket(raw, "localhost", server.address().getPort(), true)) {
            tls.startHandshake();
            // An application-data record announcing 16 KiB, then its bytes one at a time, each well
            // within the socket timeout: only a deadline for the whole request ends this.
            OutputStream out = raw.getOutputStream();
            out.write(new byte[] {0x17, 0x03, 0x03, 0x40, 0x00});
            out.flush();
            long start = System.nanoTime();
            boolean cut = false;
            while (System.nanoTime() - start < PATIENCE_MILLIS * 1_000_000L) {
                try {
                    out.write(0x41);
                    out.flush();
                } catch (IOException e) {
                    cut = true;
                    break;
                }
                if (server.openConnections() == 0) {
                    cut = true;
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(cut)
                    .as("the connection was ended before the test's patience ran out")
                    .isTrue();
        }
    }

    @Test
    void an_answer_never_waits_for_a_body_the_handler_left_unread() throws Exception {
        start(loopback(), request -> Response.of(204));
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
            assertThat(head(socket)).startsWith("HTTP/1.1 204 ").contains("Connection: close");
        }
    }

    @Test
    void a_body_over_the_servers_ceiling_gets_413_when_the_handler_reads_it() throws Exception {
        ServerOptions options = loopback();
        options = new ServerOptions(
                options.address(),
                null,
                options.maxConnections(),
                options.requestMillis(),
                options.firstByteMillis(),
                options.maxHeaders(),
                options.maxHeadBytes(),
                1000,
                options.clients(),
                options.bugs());
        start(
                options,
                request ->
                        Response.of(200, "text/plain", "read " + request.body().readAllBytes().length));
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\n" + "x".repeat(2000));
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 413 ");
        }
    }

    @Test
    void a_body_the_handler_failed_to_read_ends_the_connection_instead_of_being_parsed_on() throws Exception {
        start(loopback(), request -> {
            try {
                request.body().readAllBytes();
            } catch (IOException swallowed) {
                // a careless handler
            }
            seen.add(request);
            return Response.of(204);
        });
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                            + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 204 ").contains("Connection: close");
        }
        assertThat(seen).extracting(Request::rawPath).containsExactly("/");
    }

    @Test
    void a_handler_cannot_split_the_answer_or_set_its_framing() {
        assertThat(catchThrowable(() -> Response.of(200).withHeader("X-A", "v\r\nSet-Cookie: evil=1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> new Response(200, List.of(java.util.Map.entry("X-A", "v\nX: y")), null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Response.of(200).withHeader("Content-Length", "3")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Response.of(200).withHeader("Bad Name", "v")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Response.of(101))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Response.of(204, "text/plain", "oops")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_handler_that_never_reads_a_broken_body_still_gets_its_answer_out() throws Exception {
        start(loopback(), request -> Response.of(404, "text/plain", "no such page"));
        try (Socket socket = connect()) {
            send(socket, "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            assertThat(untilClosed(socket))
                    .startsWith("HTTP/1.1 404 ")
                    .contains("Connection: close")
                    .endsWith("no such page");
        }
    }

    @Test
    void an_io_failure_of_the_handlers_own_is_a_bug_answered_with_500() throws Exception {
        start(loopback(), request -> {
            throw new IOException("state file unreadable");
        });
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(untilClosed(socket)).startsWith("HTTP/1.1 500 ");
        }
        assertThat(bugs).singleElement().isInstanceOf(IOException.class);
    }

    void awaitNoOpenConnections() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000L;
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.openConnections()).isZero();
    }
}
