package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} says where it really listens, and warns when that is reachable from other hosts. */
class ServeCommandTest {
    @TempDir
    Path home;

    record Started(String stdout, String stderr) {}

    /** Runs serve on a thread until its first line is out, then stops it the way an embedding caller would. */
    Started serve(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServeCommand serve = new ServeCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                home,
                Clock.systemUTC());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                serve.run(List.of(args));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!err.toString(StandardCharsets.UTF_8).contains("; profiles ")
                && thread.isAlive()
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        thread.interrupt();
        thread.join(10_000);
        assertThat(failure.get()).isNull();
        return new Started(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bound_to_all_interfaces_it_prints_the_wildcard_address_and_warns() throws Exception {
        Started started = serve(
                "--bind",
                "0.0.0.0",
                "--port",
                "0",
                "--state-dir",
                home.resolve("state").toString());
        // The JDK may bind a dual-stack socket: then it really listens on [::], IPv4 included.
        assertThat(started.stdout()).matches("listening on http://(0\\.0\\.0\\.0|\\[::\\]):\\d+\\n");
        assertThat(started.stderr())
                .containsPattern("warning: listening on (0\\.0\\.0\\.0|\\[::\\]):\\d+, not a loopback address");
    }

    @Test
    void a_host_name_is_reported_as_the_address_it_resolved_to() throws Exception {
        Started started = serve(
                "--bind",
                "localhost",
                "--port",
                "0",
                "--state-dir",
                home.resolve("state").toString());
        assertThat(started.stdout()).matches("listening on http://(127\\.0\\.0\\.1|\\[::1\\]):\\d+\\n");
        assertThat(started.stderr()).doesNotContain("warning");
    }

    @Test
    void on_loopback_it_does_not_warn() throws Exception {
        Started started =
                serve("--port", "0", "--state-dir", home.resolve("state").toString());
        assertThat(started.stdout()).matches("listening on http://127\\.0\\.0\\.1:\\d+\\n");
        assertThat(started.stderr()).doesNotContain("warning");
    }

    @Test
    void oidc_issuers_are_https_issuer_urls_and_nothing_else() throws Exception {
        ServeCommand serve = new ServeCommand(System.out, System.err, Map.of(), home, Clock.systemUTC());
        assertThat(serve.parse(List.of(
                                "--oidc-issuers",
                                "https://token.actions.githubusercontent.com, https://gitlab.example.com"))
                        .oidcIssuers())
                .containsExactly("https://token.actions.githubusercontent.com", "https://gitlab.example.com");
        assertThat(serve.parse(List.of()).oidcIssuers()).isEmpty();
        for (String bad :
                List.of("http://169.254.169.254", "https://x.example/?a=1", "token.actions.githubusercontent.com")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> serve.parse(List.of("--oidc-issuers", bad)))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("is not an https issuer URL");
        }
    }
}
