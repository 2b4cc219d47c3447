package dev.ststoken.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The PKCE proof and the one-shot loopback receiver over real sockets: the browser's redirect is
 * taken once, with the state it was given; everything another local process or a web page could
 * send instead is refused while the receiver keeps waiting.
 */
class LoopbackReceiverTest {

    @Test
    void the_challenge_is_rfc_7636s_appendix_b_example() {
        assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void verifiers_are_43_url_safe_characters_and_never_repeat_or_print() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Pkce pkce = Pkce.create();
            assertThat(pkce.verifier()).matches("[A-Za-z0-9_-]{43}");
            assertThat(pkce.challenge()).isEqualTo(Pkce.challengeOf(pkce.verifier()));
            assertThat(pkce.toString()).doesNotContain(pkce.verifier());
            assertThat(seen.add(pkce.verifier())).isTrue();
        }
    }

    @Test
    void the_redirect_with_its_state_and_a_code_is_taken_once_and_the_listener_closes() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open(LoopbackReceiver.DEFAULT_PATH)) {
            assertThat(receiver.redirectUri().toString())
                    .isEqualTo("http://127.0.0.1:" + receiver.port() + "/oauth/callback");
            assertThat(receiver.state()).matches("[A-Za-z0-9_-]{43}");
            CompletableFuture<LoopbackReceiver.Redirect> waiting = awaitAsync(receiver, Duration.ofSeconds(20));
            String answer = get(receiver, "/oauth/callback?code=abc.DEF-123_~%2B%2F%3D&state=" + receiver.state());
            assertThat(answer)
                    .startsWith("HTTP/1.1 200")
                    .contains("Content-Security-Policy: default-src 'none'")
                    .contains("You can close this tab");
            LoopbackReceiver.Redirect redirect = waiting.get(10, TimeUnit.SECONDS);
            assertThat(redirect.code()).isEqualTo("abc.DEF-123_~+/=");
            assertThat(redirect.error()).isNull();
            assertThat(redirect.toString()).doesNotContain("abc");
            assertThatThrownBy(() -> new Socket("127.0.0.1", receiver.port()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void everything_but_the_redirect_is_refused_and_the_receiver_keeps_waiting() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("/cb")) {
            CompletableFuture<LoopbackReceiver.Redirect> waiting = awaitAsync(receiver, Duration.ofSeconds(30));
            String good = "code=thecode&state=" + receiver.state();
            // another local process guessing the state
            assertThat(get(receiver, "/cb?code=evil&state=guessed"))
                    .startsWith("HTTP/1.1 400")
                    .contains("another sign-in");
            assertThat(get(receiver, "/cb?code=evil")).startsWith("HTTP/1.1 400");
            // the state twice (parameter pollution), a bad escape
            assertThat(get(receiver, "/cb?" + good + "&state=x")).startsWith("HTTP/1.1 400");
            assertThat(get(receiver, "/cb?code=%zz&state=" + receiver.state())).startsWith("HTTP/1.1 400");
            // a code that is no code: markup, a space, a line break, too long; both a code and an error
            for (String code : new String[] {"<script>", "a b", "a\nb", "x".repeat(4097)}) {
                assertThat(get(
                                receiver,
                                "/cb?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state="
                                        + receiver.state()))
                        .startsWith("HTTP/1.1 400")
                        .doesNotContain("<script>");
            }
            assertThat(get(receiver, "/cb?" + good + "&error=access_denied")).startsWith("HTTP/1.1 400");
            // another path, another method, a page that rebound its own name to 127.0.0.1
            assertThat(get(receiver, "/other?" + good)).startsWith("HTTP/1.1 404");
            assertThat(raw(
                            receiver,
                            "POST /cb?" + good + " HTTP/1.1\r\nHost: 127.0.0.1:" + receiver.port()
                                    + "\r\nContent-Length: 0\r\n\r\n"))
                    .startsWith("HTTP/1.1 404");
            assertThat(raw(
                            receiver,
                            "GET /cb?" + good + " HTTP/1.1\r\nHost: evil.example:" + receiver.port() + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 421");
            assertThat(raw(receiver, "GET /cb?" + good + " HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 421");
            assertThat(raw(
                            receiver,
                            "GET /cb?" + good + " HTTP/1.1\r\nHost: 127.0.0.1:" + receiver.port()
                                    + "\r\nHost: 127.0.0.1:" + receiver.port() + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
            // a head over 8 KiB
            assertThat(raw(receiver, "GET /cb?" + good + "&pad=" + "p".repeat(9000) + " HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
            assertThat(waiting).isNotDone();
            assertThat(get(receiver, "/cb?" + good)).startsWith("HTTP/1.1 200");
            assertThat(waiting.get(10, TimeUnit.SECONDS).code()).isEqualTo("thecode");
        }
    }

    @Test
    void an_idle_connection_does_not_hold_up_the_redirect() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("/cb");
                Socket idle = new Socket("127.0.0.1", receiver.port())) {
            CompletableFuture<LoopbackReceiver.Redirect> waiting = awaitAsync(receiver, Duration.ofSeconds(30));
            // a browser's speculative connection that never sends anything came first
            assertThat(get(receiver, "/cb?code=c&state=" + receiver.state())).startsWith("HTTP/1.1 200");
            assertThat(waiting.get(10, TimeUnit.SECONDS).code()).isEqualTo("c");
            idle.setSoTimeout(10_000);
            String dropped = new String(idle.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(dropped).doesNotContain("200");
        }
    }

    @Test
    void the_servers_refusal_comes_back_as_an_error_with_printable_text() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("/cb")) {
            CompletableFuture<LoopbackReceiver.Redirect> waiting = awaitAsync(receiver, Duration.ofSeconds(20));
            assertThat(get(
                            receiver,
                            "/cb?error=access_denied&error_description=Denied%0A%1B%5B31mby%20user&state="
                                    + receiver.state()))
                    .startsWith("HTTP/1.1 200")
                    .contains("refused (access_denied)");
            LoopbackReceiver.Redirect redirect = waiting.get(10, TimeUnit.SECONDS);
            assertThat(redirect.code()).isNull();
            assertThat(redirect.error()).isEqualTo("access_denied");
            assertThat(redirect.errorDescription()).isEqualTo("Denied??[31mby user");
        }
    }

    @Test
    void no_redirect_in_time_is_a_timeout_and_the_port_is_closed() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("/cb")) {
            assertThatThrownBy(() -> receiver.await(Duration.ofMillis(300))).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> new Socket("127.0.0.1", receiver.port()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static CompletableFuture<LoopbackReceiver.Redirect> awaitAsync(
            LoopbackReceiver receiver, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return receiver.await(timeout);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String get(LoopbackReceiver receiver, String target) throws IOException {
        return raw(
                receiver,
                "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + receiver.port() + "\r\nUser-Agent: test\r\n\r\n");
    }

    private static String raw(LoopbackReceiver receiver, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
