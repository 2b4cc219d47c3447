package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentSpecTest {
    final ArgumentSpec spec = new ArgumentSpec(
            "demo",
            List.of(
                    ParameterSpec.requiredStr("role_arn"),
                    ParameterSpec.requiredStr("role_session_name"),
                    ParameterSpec.str("secret_key", true, "aws_secret_key"),
                    ParameterSpec.integer("duration_seconds"),
                    ParameterSpec.bool("validate_certs", true),
                    ParameterSpec.dict("aws_config")));

    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aliases_become_canonical_names_values_are_coerced_and_defaults_filled() throws Exception {
        Map<String, Object> params = spec.normalise(
                args(
                        "role_arn",
                        "a",
                        "role_session_name",
                        "s",
                        "aws_secret_key",
                        "xyz",
                        "duration_seconds",
                        "900",
                        "aws_config",
                        "{\"read_timeout\": 5}",
                        "_ansible_check_mode",
                        true),
                new LinkedHashSet<>());
        assertThat(params)
                .containsEntry("secret_key", "xyz")
                .containsEntry("duration_seconds", 900L)
                .containsEntry("validate_certs", true)
                .containsEntry("aws_config", Map.of("read_timeout", 5L))
                .doesNotContainKey("_ansible_check_mode");
    }

    @Test
    void the_canonical_name_wins_over_an_alias_given_alongside_it() throws Exception {
        Map<String, Object> params = spec.normalise(
                args("role_arn", "a", "role_session_name", "s", "aws_secret_key", "alias", "secret_key", "canonical"),
                new LinkedHashSet<>());
        assertThat(params).containsEntry("secret_key", "canonical");
    }

    @Test
    void missing_required_options_come_first_sorted_as_ansible_lists_them() {
        assertThatThrownBy(() -> spec.normalise(args("duration_seconds", "soon", "bogus", 1L), new LinkedHashSet<>()))
                .hasMessage("missing required arguments: role_arn, role_session_name");
    }

    @Test
    void a_type_error_names_the_canonical_option_whichever_alias_was_used() {
        ArgumentSpec aliased = new ArgumentSpec("demo", List.of(ParameterSpec.integer("duration_seconds", "duration")));
        assertThatThrownBy(() -> aliased.normalise(args("duration", "soon"), new LinkedHashSet<>()))
                .hasMessageStartingWith(
                        "argument 'duration_seconds' is of type <class 'str'> and we were unable to convert to int");
    }

    @Test
    void unknown_options_are_listed_with_every_supported_name_and_alias() {
        assertThatThrownBy(() -> spec.normalise(
                        args("role_arn", "a", "role_session_name", "s", "zzz", 1L, "aaa", 2L), new LinkedHashSet<>()))
                .hasMessage(
                        "Unsupported parameters for (demo) module: aaa, zzz. Supported parameters include: aws_config, "
                                + "aws_secret_key, duration_seconds, role_arn, role_session_name, secret_key, validate_certs.");
    }

    @Test
    void no_log_values_are_collected_even_when_the_task_fails_and_module_args_hide_them() throws Exception {
        Set<String> secrets = new LinkedHashSet<>();
        assertThatThrownBy(() -> spec.normalise(args("aws_secret_key", "s3cr3t"), secrets))
                .isInstanceOf(ModuleFailure.class);
        assertThat(secrets).containsExactly("s3cr3t");
        Map<String, Object> params = spec.normalise(
                args("role_arn", "a", "role_session_name", "s", "secret_key", "s3cr3t"), new LinkedHashSet<>());
        assertThat(spec.moduleArgs(params))
                .containsEntry("secret_key", ArgumentSpec.NO_LOG_PLACEHOLDER)
                .containsEntry("role_arn", "a")
                .containsEntry("duration_seconds", null)
                .hasSize(6);
    }
}
