package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.MotoServer;
import dev.ststoken.totp.Totp;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class CliTest {
    @TempDir
    Path home;
    CliRun cli;
    Emulator emulator;
    DemoIdentity demo;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("emulator")));
        demo = emulator.demoIdentity();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    void useDemoKeys() {
        cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
        cli.env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
        cli.env.put("AWS_ENDPOINT_URL_STS", emulator.endpoint().toString());
    }

    String freshCode() throws Exception {
        long now = Totp.step(Instant.now());
        long step = Math.max(now, emulator.lastUsedStep(demo.mfaSerial()) + 1);
        if (step > now + 1) {
            Thread.sleep(Totp.stepStart(step - 1).toEpochMilli() - System.currentTimeMillis() + 50);
        }
        return Totp.code(demo.mfaSeed(), step);
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
        assertThat(r.stderr()).startsWith("sts-session-token: using the local emulator at http://127.0.0.1:")
                .doesNotContain((String) creds.get("secret_key"));
        assertThat(home.resolve("data/sts-session-token/emulator/credentials")).exists();
    }

    @Test
    void get_with_keys_serial_and_code_against_an_endpoint_succeeds_with_debug_resource_actions() throws Exception {
        useDemoKeys();
        CliRun.Result r = cli.run("get", "--mfa-serial-number", demo.mfaSerial(), "--mfa-token", freshCode(),
                "--duration-seconds", "3600", "--debug-endpoint-logs");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> out = Json.parseObject(r.stdout());
        assertThat(out.get("resource_actions")).isEqualTo(java.util.List.of("sts:GetSessionToken"));
        assertThat(r.stderr()).contains("no region configured; using us-east-1");
    }

    @Test
    void output_aws_has_the_api_shape() {
        CliRun.Result r = cli.run("get", "--local", "--output", "aws");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> creds = (Map<String, Object>) Json.parseObject(r.stdout()).get("Credentials");
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
        CliRun.Result r = cli.run("get", "--serial-number", demo.mfaSerial(), "--token-code", wrong);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        String[] lines = r.stderr().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("sts-session-token: AccessDenied: MultiFactorAuthentication failed with invalid "
                + "MFA one time pass code\\. \\[request id [0-9a-f-]{36}\\]");
        assertThat(lines[1]).startsWith("sts-session-token: hint: ").contains("wait for the next one");
    }

    @Test
    void an_unknown_key_and_a_bad_secret_exit_1() {
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000");
        cli.env.put("AWS_SECRET_ACCESS_KEY", "x");
        cli.env.put("AWS_ENDPOINT_URL_STS", emulator.endpoint().toString());
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
            @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { throw new IllegalStateException("clock broke"); }
        };
        CliRun.Result r = cli.run("get", "--local");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).contains("internal error").doesNotContain("\tat ");
        cli.env.put("STS_SESSION_TOKEN_DEBUG", "1");
        assertThat(cli.run("get", "--local").stderr()).contains("\tat ");
    }

    void assertUsage(String expectedInMessage, String... args) {
        long before = emulator.requestCount();
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr().split("\n")[0]).startsWith("sts-session-token: ").contains(expectedInMessage);
        assertThat(emulator.requestCount()).as("requests sent").isEqualTo(before);
    }

    @Test
    void bad_input_exits_2_naming_the_problem_before_any_request() throws Exception {
        useDemoKeys();
        assertUsage("invalid duration 100", "get", "--duration-seconds", "100");
        assertUsage("invalid duration 'abc'", "get", "--duration-seconds", "abc");
        assertUsage("six digits", "get", "--mfa-serial-number", demo.mfaSerial(), "--mfa-token", "12345");
        assertUsage("invalid MFA serial number 'abc'", "get", "--mfa-serial-number", "abc", "--mfa-token", "123456");
        assertUsage("unknown option --bogus", "get", "--bogus");
        assertUsage("option --region needs a value", "get", "--region");
        assertUsage("unknown output format 'yaml'", "get", "-o", "yaml");
        assertUsage("is not accepted: secrets on the command line", "get", "--secret-access-key", "x");
        assertUsage("unknown command 'fetch'", "fetch");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[other]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n");
        assertUsage("profile 'missing' not found", "get", "--profile", "missing");
    }

    @Test
    void help_and_version_exit_0() {
        assertThat(cli.run("--help").stdout()).contains("Usage: sts-session-token COMMAND").contains("Exit codes");
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
            CliRun.Result r = cli.run("get", "--endpoint-url", moto.endpoint().toString(), "--region", "us-east-1",
                    "--duration-seconds", "3600");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            Map<String, Object> out = Json.parseObject(r.stdout());
            assertThat(out).containsOnlyKeys("changed", "sts_creds");
            Map<String, Object> creds = (Map<String, Object>) out.get("sts_creds");
            assertThat(creds).containsOnlyKeys("access_key", "secret_key", "session_token", "expiration");
            assertThat((String) creds.get("session_token")).isNotBlank();
            assertThat((String) creds.get("expiration")).endsWith("+00:00");
        }
    }
}
