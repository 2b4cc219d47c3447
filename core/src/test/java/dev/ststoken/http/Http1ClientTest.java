package dev.ststoken.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.http.HttpFailure.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client against small loopback servers: the three ways an answer is framed, and what it refuses. */
class Http1ClientTest {
    static final Route ROUTE = Route.direct(null, 2_000, 5_000, 1 << 20);

    static Response post(ScriptedServer server) throws IOException {
        return Http1Client.send(
                new Request(
                        "POST",
                        server.uri("/sts?x=1"),
                        List.of(Map.entry("Content-Type", "text/plain"), Map.entry("X-Amz-Date", "20261206T060000Z")),
                        "Action=GetSessionToken".getBytes(StandardCharsets.UTF_8)),
                ROUTE);
    }

    static void assertRefused(String answer, Kind kind) throws IOException {
        try (ScriptedServer server = ScriptedServer.answering(answer)) {
            assertThatThrownBy(() -> post(server))
                    .isInstanceOfSatisfying(
                            HttpFailure.class, e -> assertThat(e.kind()).isEqualTo(kind));
        }
    }

    @Test
    void a_content_length_answer_and_the_request_as_it_was_sent() throws Exception {
        try (ScriptedServer server = ScriptedServer.answering(
                "HTTP/1.1 200 OK\r\nx-amzn-RequestId: r-1\r\nContent-Length: 5\r\n\r\nhello")) {
            Response response = post(server);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hello");
            assertThat(response.header("X-AMZN-REQUESTID"))
                    .as("case-insensitive")
                    .isEqualTo("r-1");
            assertThat(response.header("Date")).isNull();
            String request = server.requests.get(0);
            assertThat(request)
                    .startsWith("POST /sts?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                    .contains("\r\nContent-Type: text/plain\r\n")
                    .contains("\r\nContent-Length: 22\r\n")
                    .contains("\r\nConnection: close\r\n")
                    .endsWith("\r\n\r\nAction=GetSessionToken");
        }
    }

    @Test
    void a_chunked_answer_with_an_extension_and_trailers() throws Exception {
        try (ScriptedServer server =
                ScriptedServer.answering("HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: Chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n")) {
            Response response = post(server);
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.text()).isEqualTo("hello, world");
        }
    }

    @Test
    void an_answer_without_a_length_is_read_to_the_close() throws Exception {
        try (ScriptedServer server =
                ScriptedServer.answering("HTTP/1.0 500 Oops\r\nContent-Type: text/xml\r\n\r\n<a/>")) {
            Response response = post(server);
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.text()).isEqualTo("<a/>");
        }
    }

    @Test
    void a_100_continue_sent_unasked_is_skipped_and_a_204_has_no_body() throws Exception {
        try (ScriptedServer server = ScriptedServer.answering(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n")) {
            Response response = post(server);
            assertThat(response.status()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void an_oversize_head_is_refused() throws Exception {
        assertRefused("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n", Kind.TOO_LARGE);
        assertRefused("HTTP/1.1 200 OK\r\n" + "X-Many: 1\r\n".repeat(101) + "\r\n", Kind.TOO_LARGE);
    }

    @Test
    void an_oversize_body_is_refused_however_it_is_framed() throws Exception {
        String big = "b".repeat((1 << 20) + 1);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big, Kind.TOO_LARGE);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", Kind.TOO_LARGE);
        assertRefused("HTTP/1.1 200 OK\r\n\r\n" + big, Kind.TOO_LARGE);
        assertRefused(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n80000\r\n" + big.substring(0, 0x80000) + "\r\n"
                        + "80000\r\n" + big.substring(0, 0x80000) + "\r\n1\r\nb\r\n0\r\n\r\n",
                Kind.TOO_LARGE);
    }

    @Test
    void a_malformed_status_line_is_refused() throws Exception {
        assertRefused("HTTP/1.1 20 OK\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 2000 OK\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/2 200 OK\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 099 Low\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\n\r\n".replace("OK\r", "OK\rX"), Kind.MALFORMED);
        assertRefused("HTTP/1.1 101 Switching Protocols\r\n\r\n", Kind.MALFORMED);
    }

    @Test
    void an_answer_that_is_not_http_is_said_so_without_waiting_for_a_line_end() throws Exception {
        // What a TLS server sends to a plain-HTTP ClientHello-less request: an alert record, no newline.
        try (ScriptedServer server = new ScriptedServer((request, socket, out) -> {
            out.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32});
            out.flush();
            socket.getInputStream().read(); // hold the connection open until the client leaves
        })) {
            assertThatThrownBy(() -> post(server))
                    .isInstanceOfSatisfying(
                            HttpFailure.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_HTTP));
        }
        assertRefused("SSH-2.0-OpenSSH_9.6\r\n", Kind.NOT_HTTP);
    }

    @Test
    void conflicting_or_invalid_framing_is_refused() throws Exception {
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 1,1\r\n\r\na", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n123456789\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nX-Space : a\r\n\r\n", Kind.MALFORMED);
        assertRefused("HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\n\r\n", Kind.MALFORMED);
    }

    @Test
    void a_close_before_or_during_the_answer_is_told_apart() throws Exception {
        assertRefused("", Kind.CLOSED_BEFORE_ANSWER);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Le", Kind.TRUNCATED);
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", Kind.TRUNCATED);
        assertRefused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", Kind.TRUNCATED);
    }

    @Test
    void a_silent_server_meets_the_read_timeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                (request, socket, out) -> socket.getInputStream().read())) {
            Route route = Route.direct(null, 2_000, 200, 1024);
            assertThatThrownBy(() -> Http1Client.send(new Request("GET", server.uri("/"), List.of(), null), route))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void header_values_that_would_break_the_request_are_refused_unsent_and_unquoted() throws Exception {
        try (ScriptedServer server = ScriptedServer.answering("HTTP/1.1 200 OK\r\n\r\n")) {
            for (String value : List.of("secret\r\nX-Injected: 1", "secret\n", "caf\u00e9secret", "tab\tsecret")) {
                assertThatThrownBy(() -> Http1Client.send(
                                new Request("GET", server.uri("/"), List.of(Map.entry("Authorization", value)), null),
                                ROUTE))
                        .isInstanceOfSatisfying(
                                HttpFailure.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSENDABLE))
                        .hasMessageContaining("Authorization")
                        .hasMessageNotContaining("secret");
            }
            assertThatThrownBy(() -> Http1Client.send(
                            new Request("GET", server.uri("/"), List.of(Map.entry("Host", "evil")), null), ROUTE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(server.requests).as("nothing was sent").isEmpty();
        }
    }

    @Test
    void the_host_header_names_the_port_only_when_it_is_not_the_default() {
        assertThat(Http1Client.hostHeader(URI.create("https://sts.amazonaws.com/")))
                .isEqualTo("sts.amazonaws.com");
        assertThat(Http1Client.hostHeader(URI.create("https://sts.amazonaws.com:443/")))
                .isEqualTo("sts.amazonaws.com");
        assertThat(Http1Client.hostHeader(URI.create("http://[::1]:8080/"))).isEqualTo("[::1]:8080");
    }

    /** What the JDK's RFC 1123 formatter reads, it reads the same; the emulator writes a one-digit day. */
    @Test
    void an_http_date_is_read_as_java_time_reads_it_and_anything_else_is_null() {
        for (String value : List.of(
                "Sun, 06 Dec 2026 06:30:05 GMT",
                "Sun, 6 Dec 2026 06:30:05 GMT",
                "6 Dec 2026 06:30:05 GMT",
                "Tue, 29 Feb 2028 23:59 GMT",
                "Sun, 06 Dec 2026 06:30:05 +0130",
                "Sun, 06 Dec 2026 06:30:05 -0800",
                "Sun, 29 Feb 2026 06:30:05 GMT",
                "Sunday, 06-Dec-26 06:30:05 GMT",
                "Sun Dec  6 06:30:05 2026",
                "Sun, 06 Dez 2026 06:30:05 GMT",
                "Sun, 06 Dec 2026 24:30:05 GMT",
                "Sun, 06 Dec 2026 06:30:05 CET",
                "Sun, 06 Dec 2026  06:30:05 GMT")) {
            java.time.Instant expected;
            try {
                expected = java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (java.time.DateTimeException e) {
                expected = null;
            }
            assertThat(dev.ststoken.internal.Timestamps.parseHttpDateOrNull(value))
                    .as(value)
                    .isEqualTo(expected);
        }
        assertThat(dev.ststoken.internal.Timestamps.parseHttpDateOrNull(null)).isNull();
    }

    @Test
    void header_values_are_ascii_from_space_to_tilde() {
        assertThat(Http1Client.isHeaderValue("AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=ab"))
                .isTrue();
        assertThat(Http1Client.isHeaderValue("a\nb")).isFalse();
        assertThat(Http1Client.isHeaderValue("a\rb")).isFalse();
        assertThat(Http1Client.isHeaderValue("a\u00e9")).isFalse();
    }
}
