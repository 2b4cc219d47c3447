package dev.ststoken.sts;

import static dev.ststoken.testing.FaultServer.sessionToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.testing.FaultServer;
import dev.ststoken.testing.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when the way to the endpoint is wrong (a TLS port behind http://, a server that
 * hangs up), and the proxy variables as QueryClient follows them: HTTP_PROXY in absolute form,
 * NO_PROXY around it, HTTPS_PROXY's tunnel refused, and never the proxy URL's password sent or shown.
 */
class TransportPathsTest {
    static final AwsCredentials CALLER = new AwsCredentials("AKIACALLER0000000001", "caller-secret");
    static final List<Map.Entry<String, String>> PARAMS = List.of(Map.entry("TokenCode", "123456"));
    final MutableClock clock = new MutableClock(Instant.now());

    QueryClient query(URI endpoint, Transport transport) {
        return new QueryClient(
                new StsEndpoint(endpoint, "us-east-1"), TlsSettings.DEFAULT, clock, transport, "sts", "2011-06-15");
    }

    @Test
    void a_tls_answer_to_http_hints_at_https_and_is_not_retried() throws Exception {
        // What a TLS port sends to bytes that are not a ClientHello: an alert record, no line end.
        try (FaultServer tlsPort = new FaultServer((socket, out) -> {
            out.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32});
            out.flush();
        })) {
            assertThatThrownBy(
                            () -> query(tlsPort.endpoint(), Transport.DEFAULT).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessage("cannot talk to " + tlsPort.endpoint()
                            + ": the answer was not HTTP (is the endpoint https? try https://)");
            assertThat(tlsPort.requests()).isEqualTo(1);
        }
    }

    @Test
    void a_server_that_hangs_up_without_answering_is_retried_then_said_so() throws Exception {
        try (FaultServer hangsUp = new FaultServer((socket, out) -> socket.close())) {
            assertThatThrownBy(
                            () -> query(hangsUp.endpoint(), Transport.DEFAULT).call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessage("cannot reach " + hangsUp.endpoint() + ": the server closed the connection without an"
                            + " answer (if the endpoint speaks TLS, use https://) (after 3 attempts)");
            assertThat(hangsUp.requests()).isEqualTo(3);
        }
    }

    @Test
    void http_proxy_gets_the_absolute_form_and_no_proxy_goes_around_it() throws Exception {
        try (FaultServer proxy = new FaultServer(sessionToken());
                FaultServer endpoint = new FaultServer(sessionToken())) {
            Map<String, String> env = Map.of(
                    "HTTP_PROXY",
                    "http://user:proxy-password@127.0.0.1:" + proxy.endpoint().getPort());
            URI far = URI.create("http://sts.example:8080/");
            query(far, Transport.fromEnvironment(env)).call("GetSessionToken", PARAMS, CALLER);
            String asked = proxy.received().get(0);
            assertThat(asked)
                    .startsWith("POST http://sts.example:8080/ HTTP/1.1\r\nHost: sts.example:8080\r\n")
                    .doesNotContainIgnoringCase("Proxy-Authorization")
                    .doesNotContain("proxy-password");

            Map<String, String> bypass = Map.of(
                    "http_proxy", "127.0.0.1:" + proxy.endpoint().getPort(), "NO_PROXY", "example.org, 127.0.0.1");
            query(endpoint.endpoint(), Transport.fromEnvironment(bypass)).call("GetSessionToken", PARAMS, CALLER);
            assertThat(endpoint.requests()).isEqualTo(1);
            assertThat(proxy.requests()).as("nothing more through the proxy").isEqualTo(1);
        }
    }

    @Test
    void a_refused_tunnel_is_said_with_the_proxys_status_and_without_its_password() throws Exception {
        try (FaultServer proxy = new FaultServer(FaultServer.status(407, "text/plain", "auth"))) {
            Map<String, String> env = Map.of(
                    "HTTPS_PROXY",
                    "http://user:proxy-password@127.0.0.1:" + proxy.endpoint().getPort());
            URI far = URI.create("https://sts.example/");
            assertThatThrownBy(() -> query(far, Transport.fromEnvironment(env).withMaxAttempts(1))
                            .call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessage("cannot reach https://sts.example/: the proxy refused to open a tunnel (HTTP 407)");
            assertThat(proxy.received().get(0))
                    .startsWith("CONNECT sts.example:443 HTTP/1.1\r\n")
                    .doesNotContainIgnoringCase("Proxy-Authorization")
                    .doesNotContain("proxy-password")
                    .doesNotContain("TokenCode");
        }
    }

    @Test
    void a_redirect_is_not_followed_and_the_request_goes_nowhere_else() throws Exception {
        try (FaultServer elsewhere = new FaultServer(sessionToken());
                FaultServer redirecting = new FaultServer((socket, out) -> {
                    out.write(("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + elsewhere.endpoint()
                                    + "/\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                })) {
            assertThatThrownBy(() -> query(redirecting.endpoint(), Transport.DEFAULT.withMaxAttempts(1))
                            .call("GetSessionToken", PARAMS, CALLER))
                    .isInstanceOf(StsTransportException.class)
                    .hasMessageContaining("answered HTTP 307 with something that is not an AWS response");
            assertThat(elsewhere.requests())
                    .as("requests that followed the redirect")
                    .isZero();
        }
    }
}
