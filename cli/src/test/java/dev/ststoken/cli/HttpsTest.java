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
        emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("emulator")).withTls(true));
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
        assertThat(r.stderr()).startsWith("sts-session-token: TLS failure talking to https://127.0.0.1:")
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
}
