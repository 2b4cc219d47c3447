package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.ansible.AnsibleModule;
import dev.ststoken.bolt.BoltTask;
import dev.ststoken.cache.CacheKey;
import dev.ststoken.cache.CachedSession;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.Transport;
import dev.ststoken.testing.FaultServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error path of every command and adapter, run with distinctive secrets; nothing printed may
 * contain one. Only a successful get's requested output may hold session secrets.
 */
class SecretHygieneTest {
    static final String SECRET_KEY = "SeCrEtKeY-hygiene-0123456789abcdefABCDEF";
    static final String SESSION_TOKEN = "SeSsIoNtOkEn-hygiene-token-value";
    static final String MFA_CODE = "918273";
    static final String PROXY_PASSWORD = "PrOxYpAsS-hygiene";
    static final List<String> SECRETS = List.of(SECRET_KEY, SESSION_TOKEN, MFA_CODE, PROXY_PASSWORD);

    @TempDir
    Path home;

    static void assertClean(String where, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as(where + " leaks " + secret).doesNotContain(secret);
        }
    }

    CliRun cli() {
        CliRun cli = new CliRun(home);
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIAHYGIENE000000001");
        cli.env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        cli.env.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        cli.env.put("HTTPS_PROXY", "http://user:" + PROXY_PASSWORD + "@127.0.0.1:9");
        cli.env.put("STS_SESSION_TOKEN_DEBUG", "1"); // stack traces too must be clean
        return cli;
    }

    @Test
    void cli_error_paths_print_no_secret() throws Exception {
        List<String[]> runs = new ArrayList<>();
        String serial = "arn:aws:iam::123456789012:mfa/hygiene";
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")));
                FaultServer garbage =
                        new FaultServer(FaultServer.status(200, "text/xml", "<x>" + SECRET_KEY + "</x>"));
                FaultServer throttled = new FaultServer(FaultServer.awsError(400, "Throttling", "Rate exceeded"))) {
            String ep = emulator.endpoint().toString();
            runs.add(
                    new String[] {"get", "--endpoint-url", ep, "--mfa-serial-number", serial, "--mfa-token", MFA_CODE});
            runs.add(new String[] {"get", "--endpoint-url", ep});
            runs.add(new String[] {
                "get", "--endpoint-url", "http://127.0.0.1:9", "--mfa-serial-number", serial, "--mfa-token", MFA_CODE
            });
            runs.add(new String[] {"get", "--endpoint-url", garbage.endpoint().toString()});
            runs.add(new String[] {"get", "--endpoint-url", throttled.endpoint().toString(), "--max-attempts", "1"});
            runs.add(new String[] {"get", "--endpoint-url", ep.replace("http", "https")});
            runs.add(new String[] {"get", "--duration-seconds", "1", "--mfa-token", MFA_CODE});
            runs.add(new String[] {"get", "--mfa-serial-number", serial, "--mfa-token", MFA_CODE + "0"});
            runs.add(new String[] {"get", "--profile", "nope"});
            runs.add(new String[] {"get", "--secret-access-key", SECRET_KEY});
            runs.add(new String[] {"whoami", "--endpoint-url", ep});
            runs.add(new String[] {"exec", "--endpoint-url", ep, "--", "true"});
            runs.add(new String[] {"exec", "--endpoint-url", "http://127.0.0.1:9", "--"});
            runs.add(new String[] {
                "get", "--endpoint-url", ep, "--mfa-serial-number", serial, "--mfa-process", "echo " + MFA_CODE
            });
            for (String[] args : runs) {
                CliRun.Result r = cli().run(args);
                assertThat(r.exitCode()).as(String.join(" ", args)).isNotZero();
                assertClean(String.join(" ", args) + " stdout", r.stdout());
                assertClean(String.join(" ", args) + " stderr", r.stderr());
            }
            CliRun.Result list = cli().run("cache", "list");
            assertClean("cache list", list.stdout() + list.stderr());
            CliRun broken = cli();
            broken.clock = new Clock() {
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
            CliRun.Result internal =
                    broken.run("get", "--endpoint-url", ep, "--mfa-serial-number", serial, "--mfa-token", MFA_CODE);
            assertThat(internal.exitCode()).isEqualTo(4);
            assertClean("internal error", internal.stdout() + internal.stderr());
        }
    }

    @Test
    void web_identity_error_paths_print_no_token() throws Exception {
        String token = "eyJhbGciOiJSUzI1NiJ9.WeBiDeNtItY-hygiene-claims.WeBiDeNtItY-hygiene-signature";
        Path tokenFile = Files.writeString(home.resolve("web-identity-token"), token + "\n");
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")));
                FaultServer garbage = new FaultServer(FaultServer.status(200, "text/xml", "<x>" + token + "</x>"));
                FaultServer throttled = new FaultServer(FaultServer.awsError(400, "Throttling", "Rate exceeded"))) {
            List<String> endpoints = List.of(
                    emulator.endpoint().toString(),
                    garbage.endpoint().toString(),
                    throttled.endpoint().toString(),
                    "http://127.0.0.1:9");
            for (String ep : endpoints) {
                for (String[] args : List.of(
                        new String[] {"get", "--endpoint-url", ep, "--max-attempts", "1"},
                        new String[] {"whoami", "--endpoint-url", ep},
                        new String[] {"exec", "--endpoint-url", ep, "--", "true"})) {
                    CliRun cli = new CliRun(home);
                    cli.env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
                    cli.env.put("AWS_ROLE_ARN", "arn:aws:iam::" + emulator.accountId() + ":role/ci");
                    cli.env.put("STS_SESSION_TOKEN_DEBUG", "1"); // stack traces too must be clean
                    CliRun.Result r = cli.run(args);
                    String where = String.join(" ", args);
                    assertThat(r.exitCode()).as(where).isNotZero();
                    assertThat(r.stdout() + r.stderr())
                            .as(where + " leaks the token")
                            .doesNotContain("WeBiDeNtItY");
                }
            }
        }
    }

    @Test
    void ansible_and_bolt_failures_print_no_secret() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HTTPS_PROXY", "http://user:" + PROXY_PASSWORD + "@127.0.0.1:9");
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")))) {
            DemoIdentity demo = emulator.demoIdentity();
            String ep = emulator.endpoint().toString();
            List<String> argsFiles = List.of(
                    "{\"aws_access_key\": \"" + demo.credentials().accessKeyId() + "\", \"aws_secret_key\": \""
                            + SECRET_KEY + "\", \"ec2_url\": \"" + ep + "\"}",
                    "{\"aws_access_key\": \"AKIAX\", \"aws_secret_key\": \"" + SECRET_KEY + "\", \"security_token\": \""
                            + SESSION_TOKEN + "\", \"ec2_url\": \"" + ep + "\", \"mfa_serial_number\": \""
                            + demo.mfaSerial()
                            + "\", \"mfa_token\": \"" + MFA_CODE + "\"}",
                    "{\"aws_access_key\": \"" + demo.credentials().accessKeyId() + "\", \"aws_secret_key\": \""
                            + demo.credentials().secretAccessKey() + "\", \"ec2_url\": \"" + ep
                            + "\", \"mfa_serial_number\": \""
                            + demo.mfaSerial() + "\", \"mfa_token\": \"" + MFA_CODE + "\"}",
                    "{\"aws_secret_key\": \"" + SECRET_KEY + "\", \"unknown_option\": \"" + SESSION_TOKEN + "\"}",
                    "{\"aws_secret_key\": \"" + SECRET_KEY + "\", \"duration_seconds\": \"soon\", \"mfa_token\": \""
                            + MFA_CODE + "\"}",
                    "{\"aws_secret_key\": \"" + SECRET_KEY + "\", \"profile\": \"p\", \"mfa_token\": \"" + MFA_CODE
                            + "\"}",
                    "{\"aws_secret_key\": \"" + SECRET_KEY);
            for (String args : argsFiles) {
                Path file = home.resolve("args.json");
                Files.writeString(file, args);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int exit = new AnsibleModule(
                                new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), home)
                        .run(List.of(file.toString()));
                assertThat(exit).as(args).isEqualTo(1);
                assertClean("ansible " + args, out.toString(StandardCharsets.UTF_8));
            }
            List<String> stdins = List.of(
                    "{\"access_key_id\": \"" + demo.credentials().accessKeyId() + "\", \"secret_access_key\": \""
                            + SECRET_KEY + "\", \"endpoint_url\": \"" + ep + "\"}",
                    "{\"access_key_id\": \"AKIAX\", \"secret_access_key\": \"" + SECRET_KEY
                            + "\", \"session_token\": \"" + SESSION_TOKEN
                            + "\", \"endpoint_url\": \"http://127.0.0.1:9\", \"token_code\": \"" + MFA_CODE + "\"}",
                    "{\"secret_access_key\": \"" + SECRET_KEY + "\", \"colour\": \"" + SESSION_TOKEN + "\"}",
                    "{\"secret_access_key\": \"" + SECRET_KEY + "\", \"duration_seconds\": \"soon\", \"mfa_token\": \""
                            + MFA_CODE + "\"}",
                    "{\"secret_access_key\": \"" + SECRET_KEY);
            for (String stdin : stdins) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int exit = new BoltTask(
                                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                env,
                                Clock.systemUTC(),
                                home)
                        .run();
                assertThat(exit).as(stdin).isEqualTo(1);
                assertClean("bolt " + stdin, out.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void assume_role_module_and_task_failures_print_no_secret() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HTTPS_PROXY", "http://user:" + PROXY_PASSWORD + "@127.0.0.1:9");
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")))) {
            DemoIdentity demo = emulator.demoIdentity();
            String ep = emulator.endpoint().toString();
            String role = "\"role_arn\": \"arn:aws:iam::" + emulator.accountId()
                    + ":role/none\", \"role_session_name\": \"s\"";
            List<String> argsFiles = List.of(
                    "{" + role + ", \"access_key\": \"" + demo.credentials().accessKeyId() + "\", \"secret_key\": \""
                            + SECRET_KEY + "\", \"endpoint_url\": \"" + ep + "\"}",
                    "{" + role + ", \"access_key\": \"AKIAX\", \"secret_key\": \"" + SECRET_KEY
                            + "\", \"session_token\": \"" + SESSION_TOKEN + "\", \"endpoint_url\": \"" + ep
                            + "\", \"mfa_serial_number\": \"" + demo.mfaSerial() + "\", \"mfa_token\": \"" + MFA_CODE
                            + "\", \"external_id\": \"" + SESSION_TOKEN + "\"}",
                    "{" + role + ", \"secret_key\": \"" + SECRET_KEY + "\", \"duration_seconds\": \"soon\"}",
                    "{\"secret_key\": \"" + SECRET_KEY + "\", \"unknown_option\": \"" + SESSION_TOKEN + "\"}");
            for (String args : argsFiles) {
                Path file = home.resolve("args.json");
                Files.writeString(file, args);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int exit = new dev.ststoken.ansible.AssumeRoleModule(
                                new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), home)
                        .run(List.of(file.toString()));
                assertThat(exit).as(args).isEqualTo(1);
                assertClean("ansible sts_assume_role " + args, out.toString(StandardCharsets.UTF_8));
            }
            List<String> stdins = List.of(
                    "{" + role + ", \"access_key_id\": \"" + demo.credentials().accessKeyId()
                            + "\", \"secret_access_key\": \"" + SECRET_KEY + "\", \"endpoint_url\": \"" + ep + "\"}",
                    "{" + role + ", \"access_key_id\": \"AKIAX\", \"secret_access_key\": \"" + SECRET_KEY
                            + "\", \"session_token\": \"" + SESSION_TOKEN
                            + "\", \"endpoint_url\": \"http://127.0.0.1:9\", \"token_code\": \"" + MFA_CODE + "\"}",
                    "{" + role + ", \"secret_access_key\": \"" + SECRET_KEY + "\", \"colour\": \"" + SESSION_TOKEN
                            + "\"}");
            for (String stdin : stdins) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int exit = new dev.ststoken.bolt.BoltAssumeRole(
                                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                env,
                                Clock.systemUTC(),
                                home)
                        .run();
                assertThat(exit).as(stdin).isEqualTo(1);
                assertClean("bolt assume_role " + stdin, out.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void records_that_hold_secrets_do_not_print_them() {
        AwsCredentials credentials = new AwsCredentials("AKIAHYGIENE", SECRET_KEY, SESSION_TOKEN);
        SessionCredentials session = new SessionCredentials(credentials, Instant.now());
        SessionParameters parameters = SessionParameters.builder()
                .secretAccessKey(SECRET_KEY)
                .sessionToken(SESSION_TOKEN)
                .mfaToken(MFA_CODE)
                .build();
        ResolvedSettings settings = ResolvedSettings.builder()
                .credentials(credentials)
                .credentialSource("test")
                .region("us-east-1")
                .endpoint(new StsEndpoint(URI.create("http://x"), "us-east-1"))
                .mfaSerial("GAHT12345678")
                .mfaToken(MFA_CODE)
                .transport(
                        Transport.fromEnvironment(Map.of("HTTPS_PROXY", "http://u:" + PROXY_PASSWORD + "@proxy:3128")))
                .build();
        List<Object> values = List.of(
                credentials,
                session,
                parameters,
                settings,
                new GetSessionTokenRequest(900, "GAHT12345678", MFA_CODE),
                new CachedSession(new CacheKey("AKIA", null, null, "e"), session, Instant.now()),
                new DemoIdentity(credentials, "serial", SECRET_KEY.getBytes(StandardCharsets.UTF_8)),
                new HttpRequestParts(
                        "POST",
                        "/",
                        "",
                        List.of(Map.entry("X-Amz-Security-Token", SESSION_TOKEN)),
                        ("TokenCode=" + MFA_CODE).getBytes(StandardCharsets.UTF_8)),
                settings.transport());
        for (Object value : values) {
            assertClean(value.getClass().getSimpleName() + ".toString()", value.toString());
        }
    }

    @Test
    void emulator_threads_are_named_without_secrets() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")))) {
            String secret = emulator.demoIdentity().credentials().secretAccessKey();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                assertThat(thread.getName()).doesNotContain(secret).doesNotContain(SECRET_KEY);
            }
        }
    }
}
