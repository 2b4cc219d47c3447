package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve as a process: its first line, signals, and state that survives kill -9. */
class ServeIT {
    static final Path LAUNCHER = Path.of(System.getProperty("dist.dir")).resolve("bin/sts-session-token");

    @TempDir
    Path home;

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        return env;
    }

    static AwsCredentials rootOf(Path stateDir) throws Exception {
        Map<String, String> section =
                IniFile.read(stateDir.resolve("credentials")).section("emulator-root");
        return new AwsCredentials(section.get("aws_access_key_id"), section.get("aws_secret_access_key"));
    }

    static StsClient iam(ServeProcess serve) {
        return new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(serve.endpoint, "us-east-1"),
                TlsSettings.DEFAULT,
                Clock.systemUTC(),
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                        .withMaxAttempts(1),
                "iam",
                "2010-05-08"));
    }

    @Test
    void first_line_names_the_url_and_sigterm_and_sigint_stop_it() throws Exception {
        Path state = home.resolve("state");
        ServeProcess serve = ServeProcess.start(LAUNCHER, state, env());
        assertThat(serve.endpoint.toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(state.resolve("demo-mfa-seed.txt")).exists();
        assertThat(serve.stop()).isIn(0, 143);

        ServeProcess again = ServeProcess.start(LAUNCHER, state, env());
        new ProcessBuilder("kill", "-INT", Long.toString(again.process.pid()))
                .start()
                .waitFor();
        assertThat(again.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(again.process.exitValue()).isIn(0, 130);
    }

    @Test
    void a_user_created_just_before_kill_9_is_there_after_a_restart() throws Exception {
        Path state = home.resolve("state");
        for (int i = 0; i < 5; i++) {
            try (ServeProcess serve = ServeProcess.start(LAUNCHER, state, env())) {
                AwsCredentials root = rootOf(state);
                if (i > 0) {
                    QueryResult users = iam(serve).call("ListUsers", List.of(), root);
                    assertThat(users.child("Users").children())
                            .as("after restart %d", i)
                            .hasSize(1 + i);
                }
                iam(serve).call("CreateUser", List.of(Map.entry("UserName", "user" + i)), root);
                serve.process.destroyForcibly().waitFor();
            }
            assertThat(Files.readString(state.resolve("state.json"))).contains("\"user" + i + "\"");
        }
    }

    @Test
    void a_port_in_use_is_a_usage_error() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dev.ststoken.testing.Processes.Result r = dev.ststoken.testing.Processes.run(
                    List.of(
                            LAUNCHER.toString(),
                            "serve",
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--state-dir",
                            home.resolve("s").toString()),
                    env(),
                    home,
                    null,
                    Duration.ofSeconds(60));
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr())
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("--port 0");
        }
    }
}
