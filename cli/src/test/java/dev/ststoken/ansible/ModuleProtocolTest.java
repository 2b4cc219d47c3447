package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class ModuleProtocolTest {
    @TempDir
    Path tmp;

    final ArgumentSpec spec =
            new ArgumentSpec("demo", List.of(ParameterSpec.str("name", false), ParameterSpec.str("token", true)));
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    int run(String argsJson, ModuleProtocol.Body body) throws Exception {
        Path file = tmp.resolve("args");
        Files.writeString(file, argsJson);
        return ModuleProtocol.run(
                new PrintStream(out, true, StandardCharsets.UTF_8), List.of(file.toString()), spec, body);
    }

    Map<String, Object> printed() {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.strip().lines()).hasSize(1);
        return Json.parseObject(text);
    }

    static final class Succeeds implements ModuleProtocol.Body {
        @Override
        public Map<String, Object> execute(Map<String, Object> params, Set<String> secrets) {
            return Map.of("changed", true, "echo", params.get("name"));
        }
    }

    static final class FailsQuoting implements ModuleProtocol.Body {
        @Override
        public Map<String, Object> execute(Map<String, Object> params, Set<String> secrets) throws ModuleFailure {
            secrets.add("resolved-secret");
            throw new ModuleFailure("bad " + params.get("token") + " and resolved-secret");
        }
    }

    static final class Crashes implements ModuleProtocol.Body {
        @Override
        public Map<String, Object> execute(Map<String, Object> params, Set<String> secrets) {
            throw new IllegalStateException("token " + params.get("token"));
        }
    }

    @Test
    void a_success_is_the_result_plus_invocation_with_no_log_values_hidden() throws Exception {
        assertThat(run("{\"name\": \"n\", \"token\": \"tok\"}", new Succeeds())).isZero();
        Map<String, Object> result = printed();
        assertThat(result).containsEntry("changed", true).containsEntry("echo", "n");
        assertThat(((Map<String, Object>) result.get("invocation")).get("module_args"))
                .isEqualTo(Map.of("name", "n", "token", ArgumentSpec.NO_LOG_PLACEHOLDER));
    }

    @Test
    void a_failure_masks_every_secret_even_inside_its_message() throws Exception {
        assertThat(run("{\"token\": \"tok-value\"}", new FailsQuoting())).isEqualTo(1);
        Map<String, Object> result = printed();
        assertThat(result).containsEntry("failed", true).containsEntry("msg", "bad ******** and ********");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .doesNotContain("tok-value")
                .doesNotContain("resolved-secret");
    }

    @Test
    void a_bug_is_a_failure_naming_the_module_and_the_exception_class_only() throws Exception {
        assertThat(run("{\"token\": \"tok-value\"}", new Crashes())).isEqualTo(1);
        assertThat(printed())
                .containsEntry(
                        "msg",
                        "internal error in the demo module (a bug, please report it): "
                                + "java.lang.IllegalStateException");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .doesNotContain("tok-value")
                .doesNotContain("\tat ");
    }

    @Test
    void a_missing_or_broken_arguments_file_is_a_failure_without_echo() throws Exception {
        ModuleProtocol.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                List.of(tmp.resolve("none").toString()),
                spec,
                new Succeeds());
        assertThat((String) printed().get("msg")).startsWith("cannot read the module arguments file");
        out.reset();
        run("{\"token\": \"s3cr3t", new Succeeds());
        assertThat((String) printed().get("msg")).contains("not a JSON object");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    }
}
