package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.FaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points of {@code get --write-profile} (cache write included), a few hundred
 * times: the credentials file and the cache file are always the old or the new version, parseable,
 * mode 0600, and the other profiles are untouched.
 */
class CrashSafetyIT {
    static final Path LAUNCHER = Path.of(System.getProperty("dist.dir")).resolve("bin/sts-session-token");
    static final String ORIGINAL =
            "# hand-written, keep me\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = o\n";
    static final int ITERATIONS = 200;

    @TempDir
    Path home;

    @Test
    void files_are_old_or_new_after_kill_9_at_random_points() throws Exception {
        Path credentials = home.resolve(".aws/credentials");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, ORIGINAL);
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = DistEnv.of(home);
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIACRASHTEST0000001");
        env.put("AWS_SECRET_ACCESS_KEY", "crash-secret");
        env.put("AWS_REGION", "eu-west-1");
        Random random = new Random(7);
        int completed = 0;
        int killed = 0;
        try (FaultServer sts = new FaultServer(FaultServer.sessionToken())) {
            // Kill points are spread over the time a whole run takes on this machine: a fixed 250 ms window
            // let no run finish on a loaded machine (a build beside it), and the test then proved nothing.
            int window = 250;
            for (int i = -1; i < ITERATIONS; i++) {
                ProcessBuilder builder = new ProcessBuilder(
                        LAUNCHER.toString(),
                        "get",
                        "--endpoint-url",
                        sts.endpoint().toString(),
                        "--force-refresh",
                        "--write-profile",
                        "crash",
                        "--output",
                        "credential-process");
                builder.environment().clear();
                builder.environment().putAll(env);
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                long started = System.nanoTime();
                Process process = builder.start();
                if (i < 0) {
                    // One whole run first, to measure the window.
                    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                    window = Math.max(
                            window, (int) (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) * 13 / 10));
                    assertConsistent(credentials, i);
                    continue;
                }
                if (!process.waitFor(random.nextInt(window), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    killed++;
                } else {
                    completed++;
                }
                assertConsistent(credentials, i);
            }
        }
        System.out.printf(
                "crash safety: %d runs, %d killed with SIGKILL, %d completed, files consistent after each%n",
                ITERATIONS, killed, completed);
        assertThat(killed).as("runs killed mid-way").isGreaterThan(ITERATIONS / 4);
        assertThat(completed).as("runs that finished").isGreaterThan(0);
    }

    private void assertConsistent(Path credentials, int iteration) throws Exception {
        String text = Files.readString(credentials);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                .as("mode after %d", iteration)
                .isEqualTo("rw-------");
        assertThat(text).as("iteration %d", iteration).startsWith(ORIGINAL);
        if (!text.equals(ORIGINAL)) {
            Map<String, String> section = IniFile.parse(text).section("crash");
            assertThat(section)
                    .as("iteration %d", iteration)
                    .containsEntry("aws_access_key_id", "ASIAFAULTSERVER00001")
                    .containsKeys("aws_secret_access_key", "aws_session_token");
        }
        Path cacheDir = home.resolve("cache/sts-session-token");
        if (Files.isDirectory(cacheDir)) {
            try (var files = Files.list(cacheDir)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    assertThat(Json.parseObject(Files.readString(file)))
                            .as("cache after %d", iteration)
                            .containsEntry("sessionAccessKeyId", "ASIAFAULTSERVER00001");
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .isEqualTo("rw-------");
                }
            }
        }
    }
}
