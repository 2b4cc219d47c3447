package dev.ststoken.cli;

import static dev.ststoken.testing.FaultServer.credentials;
import static dev.ststoken.testing.FaultServer.sessionToken;
import static dev.ststoken.testing.FaultServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.FaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against an endpoint that answers what an attacker would (a loopback server): a malformed
 * answer is exit 3 with nothing written anywhere, the terminal never receives the server's escape
 * sequences, an unverified session is never reused by a verifying run, and a debug trace never
 * holds a secret.
 */
class HostileEndpointTest {
    static final String CREDENTIALS = "# mine\n[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w\n";
    static final String KEY = "ASIAHOSTILE000000001";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    static final String TOKEN = "FwoGZXIvYXdzEBYaDH+token/with+base64==";

    @TempDir
    Path home;

    CliRun cli;
    Path cacheDir;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIAHOSTILETEST00001");
        cli.env.put("AWS_SECRET_ACCESS_KEY", "hostile-test-long-term-secret");
        cli.env.put("AWS_REGION", "us-east-1");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), CREDENTIALS);
        cacheDir = home.resolve("cache/sts-session-token");
    }

    static String inAnHour() {
        return Instant.now().plusSeconds(3600).toString();
    }

    long cachedSessions() throws Exception {
        if (!Files.isDirectory(cacheDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    CliRun.Result get(FaultServer server, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("get", "--endpoint-url", server.endpoint().toString()));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(new String[0]));
    }

    @Test
    void a_hostile_session_is_a_malformed_answer_and_nothing_is_written_anywhere() throws Exception {
        List<FaultServer.Fault> attacks = List.of(
                credentials(KEY, SECRET + "&#10;[default]&#10;aws_secret_access_key = attacker", TOKEN, inAnHour()),
                credentials(KEY, SECRET, TOKEN + "'; touch PWNED; '", inAnHour()),
                credentials(KEY, SECRET, TOKEN + "&#157;0;owned&#156;", inAnHour()),
                credentials("ASIA$(touch PWNED)00000", SECRET, TOKEN, inAnHour()),
                credentials(KEY, SECRET, TOKEN, "2099-01-01T00:00:00Z"),
                credentials(KEY, SECRET, TOKEN, Instant.now().minusSeconds(60).toString()));
        for (FaultServer.Fault attack : attacks) {
            for (String output : List.of("json", "env", "ini", "dotenv")) {
                try (FaultServer server = new FaultServer(attack)) {
                    CliRun.Result r = get(server, "--write-profile", "session", "-o", output);
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
                    assertThat(r.stdout()).isEmpty();
                    assertThat(r.stderr())
                            .startsWith("sts-session-token: malformed GetSessionToken response from ")
                            .doesNotContain("\u001b", "attacker", "PWNED", "hostile-test-long-term-secret");
                    assertThat(Files.readString(home.resolve(".aws/credentials")))
                            .isEqualTo(CREDENTIALS);
                    assertThat(cachedSessions()).as("sessions cached").isZero();
                    assertThat(home.resolve("PWNED")).doesNotExist();
                }
            }
        }
    }

    @Test
    void an_error_message_reaches_the_terminal_without_escape_sequences_or_forged_lines() throws Exception {
        // 8-bit CSI and OSC: what XML 1.0 lets through (a raw ESC makes the whole answer malformed).
        String body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no&#155;2J&#157;0;pwned&#156;"
                + "&#10;sts-session-token: your session was cached</Message></Error>"
                + "<RequestId>r&#155;8m1</RequestId></ErrorResponse>";
        try (FaultServer server = new FaultServer(status(403, "text/xml", body))) {
            CliRun.Result r = get(server, "--no-cache");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr())
                    .doesNotContain("\u001b", "\u0007", "\u009b", "\u009d")
                    .startsWith(
                            "sts-session-token: AccessDenied: no sts-session-token: your session was cached [request id r1]");
            assertThat(r.stderr().lines().filter(l -> l.startsWith("sts-session-token: your session")))
                    .isEmpty();
        }
    }

    @Test
    void a_session_fetched_without_tls_verification_is_never_served_to_a_run_that_verifies() throws Exception {
        try (FaultServer server = new FaultServer(sessionToken())) {
            assertThat(get(server, "--no-verify-ssl").exitCode()).isZero();
            assertThat(get(server, "--no-verify-ssl").exitCode()).isZero();
            assertThat(server.requests())
                    .as("the unverified run reuses its own session")
                    .isEqualTo(1);

            CliRun.Result verified = get(server);
            assertThat(verified.exitCode()).as(verified.toString()).isZero();
            assertThat(server.requests())
                    .as("the verifying run fetched its own session")
                    .isEqualTo(2);
        }
    }

    @Test
    void a_session_fetched_with_one_ca_bundle_is_not_served_to_a_run_with_another() throws Exception {
        Path bundle = home.resolve("ca.pem");
        Files.writeString(
                bundle, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"); // not used for http
        try (FaultServer server = new FaultServer(sessionToken())) {
            assertThat(get(server, "--ca-bundle", bundle.toString()).exitCode()).isZero();
            assertThat(get(server).exitCode()).isZero();
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void a_debug_trace_never_holds_a_caller_token_that_cannot_be_sent() throws Exception {
        cli.env.put("AWS_SESSION_TOKEN", "caller-token-SECRET-VALUE\nX-Injected: 1");
        cli.env.put("STS_SESSION_TOKEN_DEBUG", "1");
        try (FaultServer server = new FaultServer(sessionToken())) {
            CliRun.Result r = get(server, "--no-cache");
            assertThat(r.exitCode()).as("invalid input, found before any call").isEqualTo(2);
            assertThat(r.stderr())
                    .doesNotContain("caller-token-SECRET-VALUE")
                    .contains("session token from environment holds a space, a line break");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void exec_hands_its_command_the_session_and_no_long_term_key_under_any_name() throws Exception {
        cli.env.put("AWS_SECRET_KEY", "LONG-TERM-aws-secret-key");
        cli.env.put("EC2_SECRET_KEY", "LONG-TERM-ec2-secret-key");
        cli.env.put("EC2_ACCESS_KEY", "LONG-TERM-ec2-access-key");
        cli.env.put("AWS_ACCESS_KEY", "LONG-TERM-aws-access-key");
        cli.env.put("EC2_SECURITY_TOKEN", "LONG-TERM-ec2-token");
        cli.env.put("PATH", System.getenv("PATH"));
        Path dump = home.resolve("env.txt");
        try (FaultServer server = new FaultServer(sessionToken())) {
            CliRun.Result r = cli.run(
                    "exec",
                    "--endpoint-url",
                    server.endpoint().toString(),
                    "--no-cache",
                    "--",
                    "/bin/sh",
                    "-c",
                    "env > \"$0\"",
                    dump.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        String env = Files.readString(dump);
        assertThat(env)
                .doesNotContain("LONG-TERM-", "hostile-test-long-term-secret")
                .contains("AWS_ACCESS_KEY_ID=ASIAFAULTSERVER00001\n");
    }
}
