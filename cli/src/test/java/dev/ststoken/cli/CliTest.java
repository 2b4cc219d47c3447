package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.testing.MotoServer;
import dev.ststoken.totp.Totp;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class CliTest {
    @TempDir
    Path home;

    /** The emulator the tests without --local talk to over HTTP; --local runs the CLI's own. */
    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    CliRun cli;
    TestUser demo;

    @BeforeEach
    void setUp() {
        cli = new CliRun(home);
        demo = sts.demo();
    }

    void useDemoKeys() {
        cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
        cli.env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
        cli.env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
    }

    /** A code of the demo device the emulator accepts now: its test clock moves to the next step, no wait. */
    String freshCode() {
        return demo.mfa().nextCode();
    }

    @Test
    void get_local_runs_the_whole_flow_and_prints_the_seed_shaped_json() {
        CliRun.Result r = cli.run("get", "--local");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> out = Json.parseObject(r.stdout());
        assertThat(out).containsEntry("changed", true).containsOnlyKeys("changed", "sts_creds");
        Map<String, Object> creds = (Map<String, Object>) out.get("sts_creds");
        assertThat(creds).containsOnlyKeys("access_key", "secret_key", "session_token", "expiration");
        assertThat((String) creds.get("access_key")).startsWith("ASIA");
        assertThat((String) creds.get("expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(r.stderr())
                .startsWith("sts-session-token: using the local emulator at http://127.0.0.1:")
                .doesNotContain((String) creds.get("secret_key"));
        assertThat(home.resolve("data/sts-session-token/emulator/credentials")).exists();
    }

    @Test
    void get_with_keys_serial_and_code_against_an_endpoint_succeeds_with_debug_resource_actions() throws Exception {
        useDemoKeys();
        CliRun.Result r = cli.run(
                "get",
                "--mfa-serial-number",
                demo.mfa().serial(),
                "--mfa-token",
                freshCode(),
                "--duration-seconds",
                "3600",
                "--debug-endpoint-logs");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> out = Json.parseObject(r.stdout());
        assertThat(out.get("resource_actions")).isEqualTo(java.util.List.of("sts:GetSessionToken"));
        assertThat(r.stderr()).contains("no region configured; using us-east-1");
    }

    @Test
    void output_aws_has_the_api_shape() {
        CliRun.Result r = cli.run("get", "--local", "--output", "aws");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> creds =
                (Map<String, Object>) Json.parseObject(r.stdout()).get("Credentials");
        assertThat(creds).containsOnlyKeys("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration");
        assertThat(r.stdout()).startsWith("{\n    \"Credentials\": {\n        \"AccessKeyId\": ");
    }

    @Test
    void output_credential_process_has_version_1_and_a_utc_z_expiration() {
        CliRun.Result r = cli.run("get", "--local", "-o", "credential-process");
        Map<String, Object> out = Json.parseObject(r.stdout());
        assertThat(out.get("Version")).isEqualTo(1L);
        assertThat((String) out.get("Expiration")).endsWith("Z");
    }

    @Test
    void a_wrong_code_exits_1_with_the_aws_code_request_id_and_advice() throws Exception {
        useDemoKeys();
        String wrong = freshCode().equals("000000") ? "111111" : "000000";
        CliRun.Result r = cli.run("get", "--serial-number", demo.mfa().serial(), "--token-code", wrong);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        String[] lines = r.stderr().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .matches("sts-session-token: AccessDenied: MultiFactorAuthentication failed with invalid "
                        + "MFA one time pass code\\. \\[request id [0-9a-f-]{36}\\]");
        assertThat(lines[1]).startsWith("sts-session-token: hint: ").contains("wait for the next one");
    }

    @Test
    void an_unknown_key_and_a_bad_secret_exit_1() {
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000");
        cli.env.put("AWS_SECRET_ACCESS_KEY", "x");
        cli.env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        CliRun.Result unknown = cli.run("get");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("InvalidClientTokenId");
        cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
        CliRun.Result badSecret = cli.run("get");
        assertThat(badSecret.exitCode()).isEqualTo(1);
        assertThat(badSecret.stderr()).contains("SignatureDoesNotMatch").doesNotContain("x\n");
    }

    @Test
    void an_endpoint_nobody_listens_on_exits_3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        useDemoKeys();
        cli.env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + port);
        CliRun.Result r = cli.run("get");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).startsWith("sts-session-token: cannot reach http://127.0.0.1:" + port);
    }

    @Test
    void an_internal_error_exits_4_without_a_stack_trace() {
        cli.clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("clock broke");
            }
        };
        CliRun.Result r = cli.run("get", "--local");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).contains("internal error").doesNotContain("\tat ");
        cli.env.put("STS_SESSION_TOKEN_DEBUG", "1");
        assertThat(cli.run("get", "--local").stderr()).contains("\tat ");
    }

    void assertUsage(String expectedInMessage, String... args) {
        long before = sts.emulator().requestCount();
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr().split("\n")[0]).startsWith("sts-session-token: ").contains(expectedInMessage);
        assertThat(sts.emulator().requestCount()).as("requests sent").isEqualTo(before);
    }

    @Test
    void bad_input_exits_2_naming_the_problem_before_any_request() throws Exception {
        useDemoKeys();
        assertUsage("invalid duration 100", "get", "--duration-seconds", "100");
        assertUsage("invalid duration 'abc'", "get", "--duration-seconds", "abc");
        assertUsage("six digits", "get", "--mfa-serial-number", demo.mfa().serial(), "--mfa-token", "12345");
        assertUsage("invalid MFA serial number 'abc'", "get", "--mfa-serial-number", "abc", "--mfa-token", "123456");
        // AWS's SerialNumber pattern admits it, but it is neither a device ARN nor a hardware serial.
        assertUsage(
                "invalid MFA serial number 'not-an-arn'",
                "get",
                "--mfa-serial-number",
                "not-an-arn",
                "--mfa-token",
                "123456");
        assertUsage(
                "invalid MFA serial number 'arn:aws:iam::123456789012:user/me'",
                "get",
                "--mfa-serial-number",
                "arn:aws:iam::123456789012:user/me",
                "--mfa-token",
                "123456");
        assertUsage("unknown option --bogus", "get", "--bogus");
        assertUsage("option --region needs a value", "get", "--region");
        assertUsage("unknown output format 'yaml'", "get", "-o", "yaml");
        assertUsage("is not accepted: secrets on the command line", "get", "--secret-access-key", "x");
        assertUsage("unknown command 'fetch'", "fetch");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"), "[other]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n");
        assertUsage("profile 'missing' not found", "get", "--profile", "missing");
    }

    @Test
    void help_and_version_exit_0() {
        assertThat(cli.run("--help").stdout())
                .contains("Usage: sts-session-token COMMAND")
                .contains("Exit codes");
        assertThat(cli.run("get", "--help").stdout()).contains("--mfa-serial-number");
        assertThat(cli.run("--version").stdout()).startsWith("sts-session-token ");
        assertThat(cli.run().exitCode()).isEqualTo(2);
    }

    @Test
    void whoami_local_reports_the_demo_user() {
        CliRun.Result r = cli.run("whoami", "--local");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Json.parseObject(r.stdout()).get("Arn").toString()).endsWith(":user/demo");
    }

    @Test
    void get_against_moto_server_returns_motos_credentials_in_the_seed_shape() throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            cli.env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            cli.env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            CliRun.Result r = cli.run(
                    "get",
                    "--endpoint-url",
                    moto.endpoint().toString(),
                    "--region",
                    "us-east-1",
                    "--duration-seconds",
                    "3600");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            Map<String, Object> out = Json.parseObject(r.stdout());
            assertThat(out).containsOnlyKeys("changed", "sts_creds");
            Map<String, Object> creds = (Map<String, Object>) out.get("sts_creds");
            assertThat(creds).containsOnlyKeys("access_key", "secret_key", "session_token", "expiration");
            assertThat((String) creds.get("session_token")).isNotBlank();
            assertThat((String) creds.get("expiration")).endsWith("+00:00");
        }
    }

    // --- --local takes only what it can honour, and honours it

    @Test
    void local_validates_a_given_code_like_anywhere_else() {
        assertUsage("six digits", "get", "--local", "--mfa-token", "12345");
        assertUsage("six digits", "get", "--local", "--mfa-token", "1");
    }

    @Test
    void local_sends_a_given_code_so_a_wrong_one_is_refused_by_the_emulator() throws Exception {
        String current = Totp.code(readDemoSeed(), Totp.step(Instant.now()));
        String wrong = current.equals("000000") ? "111111" : "000000";
        CliRun.Result r = cli.run("get", "--local", "--no-cache", "--mfa-token", wrong);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("AccessDenied");
    }

    @Test
    void local_refuses_what_only_applies_to_aws_instead_of_ignoring_it() throws Exception {
        assertUsage("--local cannot be combined with --ca-bundle", "get", "--local", "--ca-bundle", "/nonexistent");
        assertUsage("--local cannot be combined with --no-verify-ssl", "get", "--local", "--no-verify-ssl");
        assertUsage("--local cannot be combined with --profile", "get", "--local", "--profile", "x");
        assertUsage("--local cannot be combined with --write-profile", "get", "--local", "--write-profile", "x");
        assertThat(home.resolve(".aws/credentials")).doesNotExist();
    }

    @Test
    void local_uses_the_region_asked_for() {
        CliRun.Result r = cli.run("get", "--local", "--region", "eu-west-1", "-o", "env");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("AWS_REGION='eu-west-1'").doesNotContain("us-east-1");
    }

    byte[] readDemoSeed() throws Exception {
        assertThat(cli.run("get", "--local").exitCode()).isZero(); // creates the state dir
        return dev.ststoken.totp.Base32.decode(
                Files.readString(home.resolve("data/sts-session-token/emulator/demo-mfa-seed.txt")));
    }

    // --- each command takes its own options

    @Test
    void whoami_refuses_get_only_options() {
        assertUsage("whoami does not take -o", "whoami", "--local", "-o", "env");
        assertUsage("whoami does not take --write-profile", "whoami", "--local", "--write-profile", "x");
        assertUsage("whoami does not take --duration-seconds", "whoami", "--local", "--duration-seconds", "3600");
        assertUsage("exec does not take --output", "exec", "--local", "--output", "env", "--", "true");
        assertUsage("unknown option --bogus", "whoami", "--bogus");
    }

    @Test
    void every_command_has_its_own_help() {
        String top = cli.run("--help").stdout();
        assertThat(top)
                .contains("  get ")
                .contains("  exec ")
                .contains("  whoami ")
                .contains("  cache ")
                .contains("  serve ");
        CliRun.Result get = cli.run("get", "--help");
        assertThat(get.exitCode()).isZero();
        assertThat(get.stdout())
                .contains("Usage: sts-session-token get")
                .contains("--write-profile")
                .contains("AWS_PROFILE")
                .contains("AWS_CA_BUNDLE")
                .contains("(default");
        String whoami = cli.run("whoami", "--help").stdout();
        assertThat(whoami)
                .contains("Usage: sts-session-token whoami")
                .doesNotContain("--output")
                .doesNotContain("--write-profile");
        assertThat(cli.run("exec", "--help").stdout()).contains("-- COMMAND").doesNotContain("--output");
        for (String[] args :
                new String[][] {{"cache", "--help"}, {"cache", "list", "--help"}, {"cache", "clear", "--help"}}) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.stdout()).contains("cache list").contains("cache clear");
        }
        String serve = cli.run("serve", "--help").stdout();
        assertThat(serve).contains("tls-cert.pem").contains("state.json").contains("demo-mfa-seed.txt");
    }

    // --- mfa_process

    @Test
    void an_mfa_process_that_hangs_is_stopped_after_its_timeout() {
        useDemoKeys();
        CliRun.Result r = cli.run(
                "get",
                "--no-cache",
                "--mfa-serial-number",
                demo.mfa().serial(),
                "--mfa-process",
                "sleep 100",
                "--mfa-process-timeout",
                "1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("waiting for mfa_process")
                .contains(
                        "mfa_process did not finish within 1 s and was stopped (--mfa-process-timeout sets the limit)");
    }

    @Test
    void an_mfa_process_without_a_code_says_so() {
        useDemoKeys();
        CliRun.Result r =
                cli.run("get", "--no-cache", "--mfa-serial-number", demo.mfa().serial(), "--mfa-process", "echo hello");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("mfa_process printed no six-digit code").doesNotContain("characters");
    }

    // --- exit codes and messages

    @Test
    void a_ca_bundle_without_a_certificate_is_refused_before_any_call() throws Exception {
        useDemoKeys();
        Path empty = Files.writeString(home.resolve("empty.pem"), "not a certificate\n");
        assertUsage("holds no PEM certificate", "get", "--ca-bundle", empty.toString());
    }

    @Test
    void exec_of_a_command_that_does_not_exist_exits_127_like_a_shell() {
        CliRun.Result r = cli.run("exec", "--local", "--", "no-such-command-here");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
        assertThat(r.stderr())
                .contains("no-such-command-here: command not found")
                .doesNotContain("Cannot run program");
    }

    @Test
    void an_endpoint_without_a_scheme_says_so_in_plain_words() {
        useDemoKeys();
        assertUsage("lacks the scheme", "get", "--endpoint-url", "127.0.0.1:4599");
        CliRun.Result r = cli.run("get", "--endpoint-url", "127.0.0.1:4599");
        assertThat(r.stderr()).doesNotContain("Illegal character");
    }

    @Test
    void connection_refused_on_loopback_asks_whether_serve_is_running() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        useDemoKeys();
        cli.env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + port);
        CliRun.Result r = cli.run("get");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("hint: nothing listens there: is `sts-session-token serve` running?");
    }

    @Test
    void errors_name_cli_flags() {
        cli.env.put("AWS_CONFIG_FILE", home.resolve("none").toString());
        cli.env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString());
        CliRun.Result r = cli.run("get", "--endpoint-url", sts.endpoint().toString());
        assertThat(r.stderr()).contains("use --profile, or try --local");
    }
}
