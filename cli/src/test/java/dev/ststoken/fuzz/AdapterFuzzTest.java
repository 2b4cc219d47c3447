package dev.ststoken.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ststoken.ansible.AnsibleModule;
import dev.ststoken.ansible.AssumeRoleModule;
import dev.ststoken.bolt.BoltAssumeRole;
import dev.ststoken.bolt.BoltTask;
import dev.ststoken.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The adapters' inputs: whatever Ansible's args file or Bolt's stdin holds, the module prints one
 * JSON object, exits 0 or 1, never reaches the network for an endpoint it was not given, and never
 * prints a secret it was given.
 */
class AdapterFuzzTest {
    static final String SECRET = "FuzzSecretValue0123456789";
    /** No endpoint answers here, so a well-formed request fails fast instead of reaching AWS. */
    static final Map<String, String> ENV = Map.of(
            "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS", "1", "HOME", "/nonexistent-fuzz-home");

    @FuzzTest(maxDuration = "10s")
    void ansible_arguments(FuzzedDataProvider data) throws Exception {
        String args = data.consumeRemainingAsString().replace("SECRET", SECRET);
        Path file = Files.createTempFile("fuzz-args", ".json");
        try {
            Files.writeString(file, args);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new AnsibleModule(
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            ENV,
                            Clock.systemUTC(),
                            Path.of("/nonexistent-fuzz-home"))
                    .run(List.of(file.toString()));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).isIn(0, 1);
            Json.parseObject(printed.strip());
            if (exit == 1) {
                assertThat(printed).doesNotContain(SECRET);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void bolt_stdin(FuzzedDataProvider data) {
        String stdin = data.consumeRemainingAsString().replace("SECRET", SECRET);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BoltTask(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        ENV,
                        Clock.systemUTC(),
                        Path.of("/nonexistent-fuzz-home"))
                .run();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isIn(0, 1);
        Json.parseObject(printed.strip());
        if (exit == 1) {
            assertThat(printed).doesNotContain(SECRET);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void ansible_assume_role_arguments(FuzzedDataProvider data) throws Exception {
        String args = data.consumeRemainingAsString().replace("SECRET", SECRET);
        Path file = Files.createTempFile("fuzz-args", ".json");
        try {
            Files.writeString(file, args);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new AssumeRoleModule(
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            ENV,
                            Clock.systemUTC(),
                            Path.of("/nonexistent-fuzz-home"))
                    .run(List.of(file.toString()));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).isIn(0, 1);
            Json.parseObject(printed.strip());
            if (exit == 1) {
                assertThat(printed).doesNotContain(SECRET);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void bolt_assume_role_stdin(FuzzedDataProvider data) {
        String stdin = data.consumeRemainingAsString().replace("SECRET", SECRET);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BoltAssumeRole(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        ENV,
                        Clock.systemUTC(),
                        Path.of("/nonexistent-fuzz-home"))
                .run();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isIn(0, 1);
        Json.parseObject(printed.strip());
        if (exit == 1) {
            assertThat(printed).doesNotContain(SECRET);
        }
    }
}
