package dev.ststoken.cli;

import static dev.ststoken.testing.FaultServer.awsError;
import static dev.ststoken.testing.FaultServer.resetMidResponse;
import static dev.ststoken.testing.FaultServer.sessionToken;
import static dev.ststoken.testing.FaultServer.silence;
import static dev.ststoken.testing.FaultServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.testing.FaultServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault a network can produce, from a scriptable loopback server: the exit code, the message,
 * a bound on the total time, and the cache and credentials files left exactly as they were.
 */
class FaultInjectionTest {
    static final String CREDENTIALS = "# mine\n[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w\n";

    @TempDir
    Path home;

    CliRun cli;
    Path cacheFile;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIAFAULTTEST0000001");
        cli.env.put("AWS_SECRET_ACCESS_KEY", "fault-test-secret-value");
        cli.env.put("AWS_REGION", "us-east-1");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), CREDENTIALS);
        cacheFile = home.resolve("cache/sts-session-token/unrelated.json");
        Files.createDirectories(cacheFile.getParent());
        Files.writeString(cacheFile, "{\"format\": 1}");
    }

    record Outcome(CliRun.Result result, Duration took) {}

    Outcome get(URI endpoint, String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("get", "--endpoint-url", endpoint.toString(), "--write-profile", "fault"));
        args.addAll(List.of(extra));
        Instant start = Instant.now();
        CliRun.Result r = cli.run(args.toArray(new String[0]));
        Duration took = Duration.between(start, Instant.now());
        assertThat(Files.readString(home.resolve(".aws/credentials")))
                .as("credentials file")
                .isEqualTo(CREDENTIALS);
        assertThat(Files.readString(cacheFile)).isEqualTo("{\"format\": 1}");
        try (var files = Files.list(cacheFile.getParent())) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count())
                    .as("no session cached")
                    .isEqualTo(1);
        }
        assertThat(r.stderr()).doesNotContain("fault-test-secret-value");
        return new Outcome(r, took);
    }

    void assertFails(Outcome o, int exit, String message, Duration bound) {
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(exit);
        assertThat(o.result().stdout()).isEmpty();
        assertThat(o.result().stderr().lines().findFirst().orElse(""))
                .startsWith("sts-session-token: ")
                .contains(message);
        assertThat(o.took()).as("total time").isLessThan(bound);
    }

    @Test
    void internal_failure_500_is_retried_then_reported_as_refused() throws Exception {
        try (FaultServer server = new FaultServer(awsError(500, "InternalFailure", "boom"))) {
            assertFails(get(server.endpoint()), 1, "InternalFailure: boom [request id fault-1]", Duration.ofSeconds(5));
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    @Test
    void a_503_then_success_is_survived() throws Exception {
        try (FaultServer server = new FaultServer(status(503, "text/html", "<html>busy</html>"), sessionToken())) {
            CliRun.Result r = cli.run("get", "--endpoint-url", server.endpoint().toString(), "--no-cache");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("ASIAFAULTSERVER00001");
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void throttling_then_success_is_survived() throws Exception {
        try (FaultServer server = new FaultServer(awsError(400, "Throttling", "Rate exceeded"), sessionToken())) {
            CliRun.Result r = cli.run("get", "--endpoint-url", server.endpoint().toString(), "--no-cache");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void throttling_is_retried_three_times_then_exit_1() throws Exception {
        try (FaultServer server = new FaultServer(awsError(400, "Throttling", "Rate exceeded"))) {
            assertFails(get(server.endpoint()), 1, "Throttling: Rate exceeded", Duration.ofSeconds(5));
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    @Test
    void max_attempts_flag_and_variable_are_honoured() throws Exception {
        try (FaultServer server = new FaultServer(awsError(400, "Throttling", "Rate exceeded"))) {
            get(server.endpoint(), "--max-attempts", "5");
            assertThat(server.requests()).isEqualTo(5);
        }
        cli.env.put("AWS_MAX_ATTEMPTS", "1");
        try (FaultServer server = new FaultServer(awsError(400, "Throttling", "Rate exceeded"))) {
            get(server.endpoint());
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void access_denied_is_not_retried() throws Exception {
        try (FaultServer server = new FaultServer(awsError(403, "AccessDenied", "no"))) {
            assertFails(get(server.endpoint()), 1, "AccessDenied: no", Duration.ofSeconds(3));
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void connection_refused_exits_3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertFails(
                get(URI.create("http://127.0.0.1:" + port)),
                3,
                "cannot reach http://127.0.0.1:" + port,
                Duration.ofSeconds(5));
    }

    @Test
    void a_reset_mid_response_exits_3_after_retries() throws Exception {
        try (FaultServer server = new FaultServer(resetMidResponse())) {
            assertFails(get(server.endpoint()), 3, "cannot reach", Duration.ofSeconds(5));
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    @Test
    void a_server_that_never_answers_times_out_within_the_bound() throws Exception {
        try (FaultServer server = new FaultServer(silence())) {
            assertFails(
                    get(server.endpoint(), "--read-timeout", "1"), 3, "timed out talking to", Duration.ofSeconds(6));
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    @Test
    void truncated_xml_html_and_wrong_content_are_not_sts() throws Exception {
        try (FaultServer server =
                new FaultServer(status(200, "text/xml", "<GetSessionTokenResponse><GetSessionTokenResult>"))) {
            assertFails(get(server.endpoint()), 3, "not an AWS response", Duration.ofSeconds(3));
            assertThat(server.requests()).isEqualTo(1);
        }
        try (FaultServer server =
                new FaultServer(status(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"))) {
            assertFails(
                    get(server.endpoint()),
                    3,
                    "answered HTTP 502 with something that is not an AWS response",
                    Duration.ofSeconds(5));
            assertThat(server.requests()).isEqualTo(3);
        }
        try (FaultServer server = new FaultServer(status(200, "application/json", "{\"Credentials\": {}}"))) {
            assertFails(get(server.endpoint()), 3, "not an AWS response", Duration.ofSeconds(3));
        }
        try (FaultServer server = new FaultServer(
                status(
                        200,
                        "text/xml",
                        "<GetSessionTokenResponse><GetSessionTokenResult>"
                                + "<Credentials><AccessKeyId>ASIAX</AccessKeyId></Credentials></GetSessionTokenResult></GetSessionTokenResponse>"))) {
            assertFails(get(server.endpoint()), 3, "malformed GetSessionToken response", Duration.ofSeconds(3));
        }
    }

    @Test
    void a_certificate_for_another_name_is_refused_even_when_its_ca_is_trusted() throws Exception {
        Path state = home.resolve("tls-state");
        EmulatorConfig config = EmulatorConfig.builder()
                .bind("127.0.0.2")
                .stateDir(state)
                .tls(true)
                .build();
        try (Emulator emulator = Emulator.start(config)) {
            assertFails(
                    get(
                            emulator.endpoint(),
                            "--ca-bundle",
                            state.resolve("tls-cert.pem").toString()),
                    3,
                    "TLS failure talking to https://127.0.0.2:",
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void a_client_clock_twenty_minutes_off_recovers_from_the_servers_date() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")))) {
            DemoIdentity demo = emulator.demoIdentity();
            cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
            cli.env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
            cli.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
            CliRun.Result r =
                    cli.run("get", "--endpoint-url", emulator.endpoint().toString(), "--no-cache");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(emulator.actionCount("GetSessionToken")).isEqualTo(1);
        }
    }
}
