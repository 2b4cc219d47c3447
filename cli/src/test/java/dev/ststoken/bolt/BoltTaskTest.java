package dev.ststoken.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class BoltTaskTest {
    @TempDir
    Path tmp;
    Emulator emulator;
    DemoIdentity demo;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(tmp.resolve("state")));
        demo = emulator.demoIdentity();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    Map<String, Object> run(String stdin, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BoltTask(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), tmp).run();
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    String input(String extra) {
        return "{\"_task\": \"sts_session_token::get_session_token\", \"access_key_id\": \"" + demo.credentials().accessKeyId()
                + "\", \"secret_access_key\": \"" + demo.credentials().secretAccessKey() + "\", \"endpoint_url\": \""
                + emulator.endpoint() + "\"" + extra + "}";
    }

    @Test
    void duration_as_integer_or_numeric_string() {
        assertThat(run(input(", \"duration_seconds\": 900"), Map.of())).containsKey("credentials");
        assertThat(run(input(", \"duration_seconds\": \"900\""), Map.of())).containsKey("credentials");
        Map<String, Object> array = run(input(", \"duration_seconds\": [\"900\"]"), Map.of());
        assertThat(((Map<String, Object>) array.get("_error")).get("kind")).isEqualTo("sts_session_token/invalid-input");
    }

    @Test
    void pt_variables_are_read_when_stdin_is_empty() {
        Map<String, String> env = new HashMap<>();
        env.put("PT_access_key_id", demo.credentials().accessKeyId());
        env.put("PT_secret_access_key", demo.credentials().secretAccessKey());
        env.put("PT_endpoint_url", emulator.endpoint().toString());
        env.put("PT_validate_certs", "true");
        assertThat(run("", env)).containsKey("credentials");
    }

    @Test
    void malformed_stdin_is_an_invalid_input_error_without_echo() {
        Map<String, Object> result = run("{\"secret_access_key\": \"s3cr3t", Map.of());
        Map<String, Object> error = (Map<String, Object>) result.get("_error");
        assertThat(error.get("kind")).isEqualTo("sts_session_token/invalid-input");
        assertThat(Json.write(result)).doesNotContain("s3cr3t");
    }
}
