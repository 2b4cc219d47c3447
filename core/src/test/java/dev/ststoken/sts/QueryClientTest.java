package dev.ststoken.sts;

import static dev.ststoken.testing.FaultServer.awsError;
import static dev.ststoken.testing.FaultServer.sessionToken;
import static dev.ststoken.testing.FaultServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.testing.FaultServer;
import dev.ststoken.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Query protocol against a scriptable loopback server: what is retried and what is not, that
 * a retry is the same request, that a skewed clock is corrected once from the server's Date, and
 * that what the server says arrives without control characters.
 */
class QueryClientTest {
    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    static final AwsCredentials CALLER = new AwsCredentials("AKIACALLER0000000001", "caller-secret");
    static final List<Map.Entry<String, String>> PARAMS = List.of(
            Map.entry("DurationSeconds", "3600"),
            Map.entry("SerialNumber", "arn:aws:iam::123456789012:mfa/me"),
            Map.entry("TokenCode", "123456"));
    final MutableClock clock = new MutableClock(NOW);

    QueryClient query(FaultServer server) {
        return query(server, 3);
    }

    QueryClient query(FaultServer server, int attempts) {
        return new QueryClient(
                new StsEndpoint(server.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                clock,
                Transport.DEFAULT.withMaxAttempts(attempts),
                "sts",
                StsClient.STS_VERSION);
    }

    static String body(String request) {
        return request.substring(request.indexOf("\r\n\r\n") + 4);
    }

    static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    @Test
    void an_answer_is_its_action_result_element() throws Exception {
        try (FaultServer server = new FaultServer(sessionToken())) {
            QueryResult result = query(server).call("GetSessionToken", PARAMS, CALLER);
            assertThat(result.name()).isEqualTo("GetSessionTokenResult");
            assertThat(result.textAt("Credentials", "AccessKeyId")).isEqualTo("ASIAFAULTSERVER00001");
            assertThat(body(server.received().get(0)))
                    .isEqualTo(
                            "Action=GetSessionToken&Version=2011-06-15"
                                    + "&DurationSeconds=3600&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme&TokenCode=123456");
            assertThat(header(server.received().get(0), "Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIACALLER0000000001/20261130/us-east-1/sts/aws4_request");
        }
    }

    @Test
    void an_action_without_output_members_gives_an_empty_result() throws Exception {
        try (FaultServer server = new FaultServer(status(
                200,
                "text/xml",
                "<DeleteUserResponse><ResponseMetadata>"
                        + "<RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>"))) {
            QueryResult result = query(server).call("DeleteUser", List.of(), CALLER);
            assertThat(result.name()).isEqualTo("DeleteUserResult");
            assertThat(result.text()).isEmpty();
        }
    }

    @Test
    void throttling_and_5xx_are_retried_with_the_very_same_request() throws Exception {
        try (FaultServer server = new FaultServer(
                awsError(400, "Throttling", "Rate exceeded"),
                awsError(503, "ServiceUnavailable", "busy"),
                sessionToken())) {
            query(server).call("GetSessionToken", PARAMS, CALLER);
            assertThat(server.requests()).isEqualTo(3);
            List<String> bodies =
                    server.received().stream().map(QueryClientTest::body).toList();
            assertThat(bodies).containsOnly(bodies.get(0)).allMatch(b -> b.contains("TokenCode=123456"));
        }
    }

    @Test
    void a_refusal_is_not_retried() throws Exception {
        try (FaultServer server = new FaultServer(awsError(403, "AccessDenied", "no"))) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOfSatisfying(StsServiceException.class, e -> {
                        assertThat(e.code()).isEqualTo("AccessDenied");
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.requestId()).isEqualTo("fault-1");
                    });
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void retries_stop_at_the_transports_attempts() throws Exception {
        try (FaultServer server = new FaultServer(awsError(500, "InternalFailure", "boom"))) {
            assertThatThrownBy(() -> query(server, 2).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsServiceException.class);
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    static FaultServer.Fault signatureExpiredWithServerDate() {
        return (socket, out) -> {
            byte[] body = ("<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired: "
                            + "20261130T080000Z is now earlier than 20261130T084500Z</Message></Error></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 403 X\r\nDate: Mon, 30 Nov 2026 09:00:00 GMT\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        };
    }

    @Test
    void a_skewed_clock_is_corrected_from_the_servers_date() throws Exception {
        try (FaultServer server = new FaultServer(signatureExpiredWithServerDate(), sessionToken())) {
            query(server).call("GetSessionToken", PARAMS, CALLER);
            assertThat(server.requests()).isEqualTo(2);
            assertThat(header(server.received().get(0), "X-Amz-Date")).isEqualTo("20261130T080000Z");
            assertThat(header(server.received().get(1), "X-Amz-Date")).isEqualTo("20261130T090000Z");
        }
    }

    @Test
    void a_clock_is_corrected_only_once() throws Exception {
        try (FaultServer server = new FaultServer(signatureExpiredWithServerDate())) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOfSatisfying(
                            StsServiceException.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void a_skew_refusal_without_a_server_date_is_reported_at_once() throws Exception {
        try (FaultServer server = new FaultServer(awsError(400, "RequestExpired", "expired"))) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsServiceException.class);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void an_answer_that_is_not_aws_is_a_transport_failure_naming_the_endpoint() throws Exception {
        try (FaultServer server = new FaultServer(status(200, "text/html", "<html>captive portal</html>"))) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessage(server.endpoint() + " answered HTTP 200 with something that is not an AWS response");
        }
    }

    @Test
    void an_error_message_code_and_request_id_arrive_without_control_characters_or_escape_sequences() throws Exception {
        // Only what XML 1.0 lets through: 8-bit CSI and OSC, line breaks, bidi overrides (ESC itself is
        // refused with the whole document, see the next test).
        String body =
                "<ErrorResponse><Error><Code>Access&#155;2JDenied</Code><Message>no&#10;sts-session-token: all good"
                        + "&#157;0;title&#156;&#155;31m red&#155;1m&#8238;</Message></Error><RequestId>id&#13;&#155;c-1</RequestId></ErrorResponse>";
        try (FaultServer server = new FaultServer(status(403, "text/xml", body))) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOfSatisfying(StsServiceException.class, e -> {
                        assertThat(e.code()).isEqualTo("AccessDenied");
                        assertThat(e.awsMessage()).isEqualTo("no sts-session-token: all good red");
                        assertThat(e.requestId()).isEqualTo("id -1");
                        assertThat(e.getMessage()).isEqualTo("AccessDenied: no sts-session-token: all good red");
                    });
        }
    }

    @Test
    void an_answer_carrying_a_raw_escape_character_is_refused_whole() throws Exception {
        String body =
                "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no&#27;[2J</Message></Error></ErrorResponse>";
        try (FaultServer server = new FaultServer(status(403, "text/xml", body))) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessageContaining("not an AWS response")
                    .hasMessageNotContaining("[2J");
        }
    }

    @Test
    void a_request_id_header_with_an_escape_sequence_arrives_without_it() throws Exception {
        FaultServer.Fault withHeader = (socket, out) -> {
            byte[] body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 403 X\r\nx-amzn-RequestId: req\u001b[8mhidden\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        };
        try (FaultServer server = new FaultServer(withHeader)) {
            assertThatThrownBy(() -> query(server).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOfSatisfying(
                            StsServiceException.class,
                            e -> assertThat(e.requestId()).isEqualTo("reqhidden"));
        }
    }

    @Test
    void a_caller_session_token_with_a_line_break_is_refused_by_name_before_anything_is_sent() throws Exception {
        String token = "caller-token-SECRET\nX-Injected: 1";
        try (FaultServer server = new FaultServer(awsError(500, "InternalFailure", "unreachable"))) {
            assertThatThrownBy(() -> query(server)
                            .call("GetSessionToken", PARAMS, new AwsCredentials("AKIACALLER0000000001", "s", token)))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessageContaining("session token holds a line break")
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("caller-token-SECRET"));
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void a_transport_message_quoting_the_server_loses_its_control_characters() {
        StsTransportException e = new StsTransportException("cannot reach x: bad line \u001b[2Jhello\nworld", null);
        assertThat(e.getMessage()).isEqualTo("cannot reach x: bad line hello world");
    }

    /**
     * A server that would keep the first connection alive, then drop it under the second request:
     * HttpURLConnection reused such a connection, and a POST on one that died could be sent again by
     * the JDK (the same MFA code presented twice). Each call now has a connection of its own, says
     * {@code Connection: close}, and a connection dropped under a request is never followed by a
     * second sending of it.
     */
    @Test
    void a_post_on_a_dropped_kept_alive_connection_is_never_resent_by_the_http_stack() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requestsSeen = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean dropAll = new java.util.concurrent.atomic.AtomicBoolean();
        try (java.net.ServerSocket listener =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(60_000); // the server stops by itself
            Thread server = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket socket = listener.accept();
                        connections.incrementAndGet();
                        java.io.InputStream in = socket.getInputStream();
                        java.io.OutputStream out = socket.getOutputStream();
                        for (int n = 0; ; n++) {
                            String head = readRequest(in);
                            if (head == null) {
                                break;
                            }
                            heads.add(head);
                            requestsSeen.incrementAndGet();
                            if (n > 0 || dropAll.get()) {
                                socket.close(); // the connection dies under the request
                                break;
                            }
                            byte[] body = ("<GetSessionTokenResponse><GetSessionTokenResult><Credentials>"
                                            + "<AccessKeyId>ASIAKEEPALIVE0000001</AccessKeyId><SecretAccessKey>keepalivesecret"
                                            + "</SecretAccessKey><SessionToken>keepalivetoken</SessionToken><Expiration>"
                                            + clock.instant().plusSeconds(3600) + "</Expiration></Credentials>"
                                            + "</GetSessionTokenResult></GetSessionTokenResponse>")
                                    .getBytes(StandardCharsets.UTF_8);
                            // Offered to be kept alive: no Connection: close from this side.
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + body.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.write(body);
                            out.flush();
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            QueryClient query = new QueryClient(
                    new StsEndpoint(java.net.URI.create("http://127.0.0.1:" + listener.getLocalPort()), "us-east-1"),
                    TlsSettings.DEFAULT,
                    clock,
                    Transport.DEFAULT.withMaxAttempts(1),
                    "sts",
                    StsClient.STS_VERSION);
            query.call("GetSessionToken", PARAMS, CALLER);
            query.call("GetSessionToken", PARAMS, CALLER);
            assertThat(connections).as("a connection per call").hasValue(2);
            assertThat(heads).allMatch(h -> "close".equals(header(h, "Connection")));
            dropAll.set(true);
            assertThatThrownBy(() -> query.call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessageContaining("closed the connection without an answer");
            assertThat(requestsSeen).as("requests that reached the server").hasValue(3);
            assertThat(System.getProperty("sun.net.http.retryPost"))
                    .as("no JVM-wide setting")
                    .isNull();
        }
    }

    /** Reads one request's head and Content-Length body; the head, or null at the end of the stream. */
    private static String readRequest(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
                int at = lower.indexOf("content-length:");
                int length = at < 0
                        ? 0
                        : Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at))
                                .strip());
                in.readNBytes(length);
                return head.toString();
            }
        }
        return null;
    }
}
