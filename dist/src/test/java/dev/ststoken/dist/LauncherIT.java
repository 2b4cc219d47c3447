package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launchers, as a user runs them: stdout, stderr and exit code. */
class LauncherIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));
    static final Path REPO =
            Path.of(System.getProperty("repo.root")).toAbsolutePath().normalize();

    @TempDir
    Path home;

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        return env;
    }

    Processes.Result run(Path launcher, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        return Processes.run(command, env(), home, null, Duration.ofSeconds(120));
    }

    @Test
    void root_launcher_get_local_from_a_clean_state_dir_prints_a_session() {
        assertThat(home.resolve("data")).doesNotExist();
        Processes.Result r = run(REPO.resolve("sts-session-token"), "get", "--local");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> out = Json.parseObject(r.stdout());
        assertThat(out).containsEntry("changed", true).containsKey("sts_creds");
        assertThat(r.stderr().strip())
                .matches("sts-session-token: using the local emulator at http://127\\.0\\.0\\.1:\\d+ "
                        + "\\(state in .*/data/sts-session-token/emulator\\)");
        assertThat(Files.exists(home.resolve("data/sts-session-token/emulator/demo-mfa-seed.txt")))
                .isTrue();
    }

    @Test
    void dist_launcher_runs_get_local_twice_in_a_row() {
        Path launcher = DIST.resolve("bin/sts-session-token");
        assertThat(run(launcher, "get", "--local").exitCode()).isZero();
        Processes.Result second = run(launcher, "get", "--local", "-o", "env");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout()).contains("export AWS_ACCESS_KEY_ID='ASIA");
    }

    @Test
    void usage_errors_exit_2_with_one_line_on_stderr_and_nothing_on_stdout() {
        Path launcher = DIST.resolve("bin/sts-session-token");
        Processes.Result r = run(launcher, "get", "--duration-seconds", "100");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("sts-session-token: invalid duration 100: must be between 900 and 129600 seconds\n");
    }

    @Test
    void version_and_help() {
        Path launcher = DIST.resolve("bin/sts-session-token");
        // The runtime is this build's JDK (no runtime/ of its own); no archive yet on a first run.
        assertThat(run(launcher, "--version").stdout())
                .matches("sts-session-token \\S+\nruntime: /\\S+ \\(Java [^)]+\\)\n"
                        + "archive: (none|\\S+\\.(jsa|aot) \\(in use\\))\n");
        assertThat(run(launcher, "--help").exitCode()).isZero();
    }
}
