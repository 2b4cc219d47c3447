package dev.ststoken.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String stdin, String... args) {
        return Main.run(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", home.toString()),
                Clock.systemUTC(),
                home,
                args);
    }

    @Test
    void bolt_goes_to_the_task_protocol() {
        assertThat(run("", "bolt")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"_error\"").contains("no task input on stdin");
    }

    @Test
    void ansible_goes_to_the_module_protocol() {
        assertThat(run("", "ansible", home.resolve("missing-args").toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"failed\": true");
    }

    @Test
    void ansible_assume_role_goes_to_the_sts_assume_role_module() throws Exception {
        java.nio.file.Files.writeString(home.resolve("args"), "{}");
        assertThat(run("", "ansible-assume-role", home.resolve("args").toString()))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"failed\": true")
                .contains("missing required arguments: role_arn, role_session_name");
    }

    @Test
    void bolt_assume_role_goes_to_the_assume_role_task() {
        assertThat(run("{\"role_session_name\": \"s\"}", "bolt-assume-role")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"_error\"").contains("missing parameter role_arn");
    }

    @Test
    void everything_else_is_the_command_line() {
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: sts-session-token COMMAND");
    }

    /** The adapters meet only here: the CLI, the Ansible module and the Bolt task never import each other. */
    @Test
    void adapters_do_not_import_each_other() throws IOException {
        Path main = Path.of("src/main/java/dev/ststoken");
        Map<String, List<String>> forbidden = Map.of(
                "cli", List.of("dev.ststoken.ansible", "dev.ststoken.bolt", "dev.ststoken.launch"),
                "ansible", List.of("dev.ststoken.cli", "dev.ststoken.bolt", "dev.ststoken.launch"),
                "bolt", List.of("dev.ststoken.cli", "dev.ststoken.ansible", "dev.ststoken.launch"));
        for (Map.Entry<String, List<String>> rule : forbidden.entrySet()) {
            try (Stream<Path> files = Files.walk(main.resolve(rule.getKey()))) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String source = Files.readString(file);
                    for (String other : rule.getValue()) {
                        assertThat(source).as(file + " imports " + other).doesNotContain("import " + other + ".");
                    }
                }
            }
        }
    }
}
