package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed, oversized and slow requests get AWS errors or a timeout, never a 500, a stack trace or a stall. */
class EmulatorAbuseTest {
    @TempDir
    Path stateDir;

    Emulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** Sends raw bytes on a fresh connection and returns the raw response. */
    String raw(String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", emulator.port()), 2000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String post(String headers, String body) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "Content-Length: "
                + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    @Test
    void malformed_requests_get_aws_errors_never_a_500() throws Exception {
        List<String> requests = List.of(
                post("", "Action=GetCallerIdentity&Version=2011-06-15"),
                post("Authorization: AWS4-HMAC-SHA256\r\n", ""),
                post("Authorization: AWS4-HMAC-SHA256 Credential=\r\nX-Amz-Date: x\r\n", "Action=%%%zz"),
                post(
                        "Authorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00\r\n"
                                + "X-Amz-Date: 20261123T000000Z\r\n",
                        ""),
                post("Authorization: Basic dXNlcjpwYXNz\r\n", ""),
                post(
                        "Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20261123/us-east-1/sts/aws4_request, "
                                + "SignedHeaders=host;x-amz-date, Signature=ab\r\nX-Amz-Date: not-a-date\r\n",
                        "\u00ff\u00fe"),
                "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%25ZZ&X-Amz-Signature=1&X-Amz-Date=1&X-Amz-SignedHeaders=host "
                        + "HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
                "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=99999999999 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        for (String request : requests) {
            String response = raw(request);
            assertThat(response)
                    .as(request)
                    .matches("(?s)HTTP/1\\.1 (400|403|413) .*")
                    .contains("<ErrorResponse")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void a_request_line_that_is_not_a_uri_is_refused_by_the_http_layer_with_400() throws Exception {
        // The HTTP layer rejects it before any handler runs; a 400, not a 500 and not a trace.
        String response = raw("GET /?X-Amz-Credential=%ZZ HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400").doesNotContain("\tat ");
    }

    @Test
    void a_body_over_64_kib_is_refused_with_an_aws_error() throws Exception {
        String response = raw(post("", "Action=GetCallerIdentity&Padding=" + "x".repeat(70_000)));
        assertThat(response).startsWith("HTTP/1.1 413").contains("<Code>RequestEntityTooLarge</Code>");
    }

    @Test
    void too_many_or_too_large_headers_are_dropped_and_the_server_carries_on() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        // Over the limit of 100 headers, the connection is dropped without an answer.
        assertThat(rawOrClosed(post(many.toString(), ""))).isEmpty();
        String hugeHeader = rawOrClosed(post("X-Big: " + "a".repeat(2_000_000) + "\r\n", ""));
        assertThat(hugeHeader).doesNotStartWith("HTTP/1.1 200").doesNotStartWith("HTTP/1.1 500");
        StsClient client = new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                java.time.Clock.systemUTC(),
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                        .withMaxAttempts(1),
                "sts",
                StsClient.STS_VERSION));
        assertThat(client.getCallerIdentity(emulator.demoIdentity().credentials())
                        .arn())
                .endsWith(":user/demo");
    }

    /** The response, or "" when the server closed or reset the connection instead of answering. */
    String rawOrClosed(String request) {
        try {
            return raw(request);
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void slow_clients_do_not_block_others() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket("127.0.0.1", emulator.port());
                socket.getOutputStream()
                        .write("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nAct"
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            Instant start = Instant.now();
            StsClient client = new StsClient(new dev.ststoken.sts.QueryClient(
                    new StsEndpoint(emulator.endpoint(), "us-east-1"),
                    TlsSettings.DEFAULT,
                    java.time.Clock.systemUTC(),
                    dev.ststoken.sts.Transport.DEFAULT
                            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                            .withMaxAttempts(1),
                    "sts",
                    StsClient.STS_VERSION));
            assertThat(client.getCallerIdentity(emulator.demoIdentity().credentials())
                            .arn())
                    .endsWith(":user/demo");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
