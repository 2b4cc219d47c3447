package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over HTTPS with its self-signed certificate (serve --tls), and the client's three trust modes. */
class HttpsTest {
    @TempDir
    Path home;

    CliRun cli;
    Emulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        emulator =
                Emulator.start(EmulatorConfig.forTests(home.resolve("emulator")).withTls(true));
        DemoIdentity demo = emulator.demoIdentity();
        cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
        cli.env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
        cli.env.put("AWS_ENDPOINT_URL_STS", emulator.endpoint().toString());
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    @Test
    void endpoint_is_https() {
        assertThat(emulator.endpoint().getScheme()).isEqualTo("https");
    }

    @Test
    void no_verify_ssl_accepts_the_self_signed_certificate() {
        CliRun.Result r = cli.run("whoami", "--no-verify-ssl");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains(":user/demo");
    }

    @Test
    void verification_without_the_ca_fails_with_exit_3_and_advice() {
        CliRun.Result r = cli.run("get");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr())
                .startsWith("sts-session-token: TLS failure talking to https://127.0.0.1:")
                .contains("hint: use --ca-bundle");
    }

    @Test
    void ca_bundle_with_tls_cert_pem_verifies_by_flag_and_by_variable() {
        String pem = home.resolve("emulator/tls-cert.pem").toString();
        CliRun.Result byFlag = cli.run("get", "--ca-bundle", pem);
        assertThat(byFlag.exitCode()).as(byFlag.toString()).isZero();
        cli.env.put("AWS_CA_BUNDLE", pem);
        CliRun.Result byVariable = cli.run("whoami");
        assertThat(byVariable.exitCode()).as(byVariable.toString()).isZero();
    }

    @Test
    void an_untrusted_certificate_is_said_in_plain_words_without_java_class_names() {
        CliRun.Result r = cli.run("get");
        assertThat(r.stderr())
                .contains("its certificate is not trusted (self-signed, or issued by a CA")
                .doesNotContain("PKIX")
                .doesNotContain("sun.security")
                .doesNotContain("Exception");
    }

    @Test
    void a_certificate_that_does_not_name_the_host_is_still_refused() throws Exception {
        // 127.0.0.2 reaches the same machine, but the emulator's certificate names only localhost, 127.0.0.1, ::1.
        try (Emulator everywhere = Emulator.start(EmulatorConfig.builder()
                .bind("0.0.0.0")
                .stateDir(home.resolve("emulator2"))
                .tls(true)
                .build())) {
            String pem = home.resolve("emulator2/tls-cert.pem").toString();
            DemoIdentity demo = everywhere.demoIdentity();
            cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
            cli.env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
            cli.env.put(
                    "AWS_ENDPOINT_URL_STS",
                    "https://127.0.0.1:" + everywhere.endpoint().getPort());
            assertThat(cli.run("whoami", "--ca-bundle", pem).exitCode())
                    .as("the name it has")
                    .isZero();
            cli.env.put(
                    "AWS_ENDPOINT_URL_STS",
                    "https://127.0.0.2:" + everywhere.endpoint().getPort());
            CliRun.Result r = cli.run("whoami", "--ca-bundle", pem);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderr()).contains("its certificate does not name this host");
        }
    }

    @Test
    void https_to_a_port_that_never_answers_tls_fails_within_the_connect_timeout_once_with_a_hint() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        connections.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            cli.env.put("AWS_ENDPOINT_URL_STS", "https://127.0.0.1:" + silent.getLocalPort());
            cli.env.put("AWS_MAX_ATTEMPTS", "3");
            long start = System.nanoTime();
            CliRun.Result r = cli.run("get", "--no-cache", "--connect-timeout", "1", "--read-timeout", "60");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.stderr()).contains("no TLS answer within 1 s (is the endpoint plain http? try http://)");
            // Our retries are not used (3 attempts allowed), and the HTTP client makes no second try of its own
            // (HttpURLConnection made one).
            assertThat(connections.get()).as("connections").isEqualTo(1);
            // Far from the 60 s read timeout the old client waited (times 3 attempts).
            assertThat(seconds).isLessThan(30);
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void plain_http_to_a_tls_port_hints_at_https() {
        cli.env.put("AWS_ENDPOINT_URL_STS", emulator.endpoint().toString().replace("https://", "http://"));
        CliRun.Result r = cli.run("get", "--no-cache");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("https://");
    }
}
