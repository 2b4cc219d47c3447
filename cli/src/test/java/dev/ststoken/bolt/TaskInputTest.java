package dev.ststoken.bolt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.parameters.SessionParameters;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskInputTest {
    static final Set<String> PARAMETERS = Set.of(
            "duration_seconds",
            "token_code",
            "profile",
            "validate_certs",
            "access_key_id",
            "region",
            "endpoint_url",
            "ca_bundle",
            "secret_access_key",
            "session_token");

    static TaskInput read(String stdin) throws TaskError {
        return TaskInput.read(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), PARAMETERS);
    }

    @Test
    void metaparameters_are_accepted_and_unknown_parameters_refused_by_name_only() throws Exception {
        read("{\"_task\": \"m::t\", \"_installdir\": \"/tmp/x\", \"profile\": \"p\"}");
        assertThatThrownBy(() -> read("{\"colour\": \"s3cr3t\"}"))
                .isInstanceOf(TaskError.class)
                .hasMessageStartingWith("unknown parameter 'colour'")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void empty_or_broken_stdin_is_invalid_input_without_echo() {
        assertThatThrownBy(() -> read("  ")).hasMessageContaining("no task input on stdin");
        assertThatThrownBy(() -> read("{\"secret_access_key\": \"s3cr3t"))
                .hasMessageContaining("not a JSON object")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void durations_are_integers_or_numeric_strings_within_the_calls_range() throws Exception {
        assertThat(read("{\"duration_seconds\": 900}").duration("duration_seconds", 43200, Map.of()))
                .isEqualTo(900);
        assertThat(read("{\"duration_seconds\": \" 3600 \"}").duration("duration_seconds", 43200, Map.of()))
                .isEqualTo(3600);
        assertThat(read("{\"duration_seconds\": \"\"}").duration("duration_seconds", 43200, Map.of()))
                .isNull();
        assertThatThrownBy(() -> read("{\"duration_seconds\": \"abc\"}").duration("duration_seconds", 43200, Map.of()))
                .hasMessageStartingWith("invalid duration 'abc'");
        assertThatThrownBy(() -> read("{\"duration_seconds\": 50000}").duration("duration_seconds", 43200, Map.of()))
                .hasMessageContaining("duration_seconds must be between 900 and 43200");
        assertThatThrownBy(
                        () -> read("{\"duration_seconds\": [\"900\"]}").duration("duration_seconds", 43200, Map.of()))
                .hasMessage("duration_seconds must be an Integer or a numeric String");
    }

    @Test
    void strings_booleans_and_a_code_written_as_a_number() throws Exception {
        TaskInput input = read("{\"token_code\": 123456, \"profile\": \"\", \"validate_certs\": \"False\"}");
        assertThat(input.string("token_code")).isEqualTo("123456");
        assertThat(input.string("profile")).isNull();
        assertThat(input.bool("validate_certs")).isFalse();
        assertThatThrownBy(() -> input.requiredString("profile")).hasMessage("missing parameter profile");
        assertThatThrownBy(() -> read("{\"validate_certs\": \"maybe\"}").bool("validate_certs"))
                .hasMessage("validate_certs must be a Boolean");
        assertThatThrownBy(() -> read("{\"profile\": {}}").string("profile")).hasMessage("profile must be a String");
    }

    @Test
    void the_connection_parameters_become_session_parameters() throws Exception {
        SessionParameters p = read("{\"profile\": \"p\", \"region\": \"eu-west-1\", \"endpoint_url\": \"http://h:1\", "
                        + "\"validate_certs\": false, \"ca_bundle\": \"/ca\"}")
                .connection()
                .build();
        assertThat(p.profile()).isEqualTo("p");
        assertThat(p.region()).isEqualTo("eu-west-1");
        assertThat(p.endpointUrl()).isEqualTo("http://h:1");
        assertThat(p.verifySsl()).isFalse();
        assertThat(p.caBundle()).isEqualTo("/ca");
        assertThat(TaskInput.CONNECTION)
                .containsExactlyInAnyOrder(
                        "profile",
                        "region",
                        "endpoint_url",
                        "validate_certs",
                        "ca_bundle",
                        "access_key_id",
                        "secret_access_key",
                        "session_token");
    }
}
