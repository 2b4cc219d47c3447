package dev.ststoken.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class TaskProtocolTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    int run(TaskProtocol.Body body) {
        return TaskProtocol.run(new PrintStream(out, true, StandardCharsets.UTF_8), body);
    }

    Map<String, Object> printed() {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.strip().lines()).hasSize(1);
        return Json.parseObject(text);
    }

    static final class Succeeds implements TaskProtocol.Body {
        @Override
        public Map<String, Object> execute() {
            return Map.of("credentials", Map.of("access_key_id", "ASIA"));
        }
    }

    static final class Refuses implements TaskProtocol.Body {
        @Override
        public Map<String, Object> execute() throws TaskError {
            throw TaskError.invalidInput("missing parameter role_arn");
        }
    }

    static final class Crashes implements TaskProtocol.Body {
        @Override
        public Map<String, Object> execute() {
            throw new IllegalStateException("s3cr3t");
        }
    }

    @Test
    void a_result_is_printed_as_is_with_exit_0() {
        assertThat(run(new Succeeds())).isZero();
        assertThat(printed()).containsOnlyKeys("credentials");
    }

    @Test
    void an_error_is_an_error_object_with_the_modules_kind_and_exit_1() {
        assertThat(run(new Refuses())).isEqualTo(1);
        assertThat((Map<String, Object>) printed().get("_error"))
                .containsEntry("msg", "missing parameter role_arn")
                .containsEntry("kind", "sts_session_token/invalid-input")
                .containsEntry("details", Map.of());
    }

    @Test
    void a_bug_is_an_internal_error_naming_the_class_only() {
        assertThat(run(new Crashes())).isEqualTo(1);
        assertThat((Map<String, Object>) printed().get("_error"))
                .containsEntry("kind", "sts_session_token/internal-error");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("IllegalStateException")
                .doesNotContain("s3cr3t");
    }

    @Test
    void sts_failures_become_the_aws_code_or_endpoint_unreachable() {
        TaskError aws = TaskProtocol.fromSts(
                new StsServiceException("ExpiredToken", "expired", 403, "r-1"), URI.create("http://h"));
        assertThat(aws.kind).isEqualTo("ExpiredToken");
        assertThat(aws.getMessage()).isEqualTo("ExpiredToken: expired");
        assertThat(aws.details).containsEntry("code", "ExpiredToken").containsEntry("request_id", "r-1");
        TaskError unreachable =
                TaskProtocol.fromSts(new StsTransportException("cannot reach http://h", null), URI.create("http://h"));
        assertThat(unreachable.kind).isEqualTo(TaskError.ENDPOINT_UNREACHABLE);
        assertThat(unreachable.details).containsEntry("endpoint", "http://h");
    }
}
