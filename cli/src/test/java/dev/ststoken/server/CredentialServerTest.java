package dev.ststoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.SessionCredentials;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
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
        return "127.0.0.1:" + server.uri().getPort();
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
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("no session: STS refused: AccessDenied");
    }
}
