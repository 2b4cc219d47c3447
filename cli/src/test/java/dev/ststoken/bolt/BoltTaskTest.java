package dev.ststoken.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class BoltTaskTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    TestUser demo;

    @BeforeEach
    void start() {
        demo = sts.demo();
    }

    Map<String, Object> run(String stdin, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BoltTask(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        env,
                        Clock.systemUTC(),
                        tmp)
                .run();
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    String input(String extra) {
        return "{\"_task\": \"sts_session_token::get_session_token\", \"access_key_id\": \""
                + demo.credentials().accessKeyId()
                + "\", \"secret_access_key\": \"" + demo.credentials().secretAccessKey() + "\", \"endpoint_url\": \""
                + sts.endpoint() + "\"" + extra + "}";
    }

    @Test
    void duration_as_integer_or_numeric_string() {
        assertThat(run(input(", \"duration_seconds\": 900"), Map.of())).containsKey("credentials");
        assertThat(run(input(", \"duration_seconds\": \"900\""), Map.of())).containsKey("credentials");
        Map<String, Object> array = run(input(", \"duration_seconds\": [\"900\"]"), Map.of());
        assertThat(((Map<String, Object>) array.get("_error")).get("kind"))
                .isEqualTo("sts_session_token/invalid-input");
    }

    @Test
    void pt_variables_are_never_read_input_comes_on_stdin_only() {
        // PT_ variables end up in the command line Bolt builds for run-as, where secrets show in ps.
        Map<String, String> env = new HashMap<>();
        env.put("PT_access_key_id", demo.credentials().accessKeyId());
        env.put("PT_secret_access_key", demo.credentials().secretAccessKey());
        env.put("PT_endpoint_url", sts.endpoint().toString());
        Map<String, Object> error = (Map<String, Object>) run("", env).get("_error");
        assertThat(error.get("kind")).isEqualTo("sts_session_token/invalid-input");
        assertThat(error.get("msg").toString()).contains("stdin");
    }

    @Test
    void a_code_without_a_serial_goes_with_the_profiles_serial_instead_of_being_dropped() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve(".aws"));
        java.nio.file.Files.writeString(
                tmp.resolve(".aws/credentials"),
                "[alice]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        java.nio.file.Files.writeString(
                tmp.resolve(".aws/config"),
                "[profile alice]\nmfa_serial = " + demo.mfa().serial() + "\n");
        String current = demo.mfa().code();
        String wrong = current.equals("000000") ? "111111" : "000000";
        Map<String, Object> result = run(
                "{\"profile\": \"alice\", \"endpoint_url\": \"" + sts.endpoint() + "\", \"token_code\": \"" + wrong
                        + "\"}",
                Map.of("HOME", tmp.toString()));
        // Before the fix this succeeded with a session made without MFA: the code was never sent.
        Map<String, Object> error = (Map<String, Object>) result.get("_error");
        assertThat(error).as(result.toString()).isNotNull();
        assertThat(error.get("kind")).isEqualTo("sts_session_token/AccessDenied");
    }

    @Test
    void errors_name_the_tasks_own_parameters_never_cli_flags() {
        Map<String, Object> result = run(input(", \"token_code\": \"123456\""), Map.of());
        Map<String, Object> error = (Map<String, Object>) result.get("_error");
        assertThat(error.get("msg").toString()).contains("serial_number").doesNotContain("--");
    }

    @Test
    void malformed_stdin_is_an_invalid_input_error_without_echo() {
        Map<String, Object> result = run("{\"secret_access_key\": \"s3cr3t", Map.of());
        Map<String, Object> error = (Map<String, Object>) result.get("_error");
        assertThat(error.get("kind")).isEqualTo("sts_session_token/invalid-input");
        assertThat(Json.write(result)).doesNotContain("s3cr3t");
    }
}
