package dev.ststoken.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialProcessTest {
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        return env;
    }

    @Test
    void long_term_keys_are_read_from_the_json_without_a_session_token() throws Exception {
        AwsCredentials keys = CredentialProcess.run(
                "vault",
                "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIAEXAMPLE\", \"SecretAccessKey\": \"s/3\"}'",
                env());
        assertThat(keys).isEqualTo(new AwsCredentials("AKIAEXAMPLE", "s/3", null));
    }

    @Test
    void the_child_sees_the_profile_in_the_marker_so_a_call_back_can_refuse_it() throws Exception {
        Map<String, String> env = env();
        env.put(CredentialProcess.MARKER, "outer");
        AwsCredentials keys = CredentialProcess.run(
                "vault",
                "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIA%s\", "
                        + "\"SecretAccessKey\": \"x\"}' \"$(printf %s \"$" + CredentialProcess.MARKER
                        + "\" | tr '\\n' 'Z')\"",
                env);
        assertThat(keys.accessKeyId()).isEqualTo("AKIAouterZvault");
    }

    @Test
    void a_profile_already_running_above_us_is_refused_before_anything_runs() {
        Map<String, String> env = env();
        env.put(CredentialProcess.MARKER, "other\nvault");
        assertThatThrownBy(() -> CredentialProcess.run("vault", "touch /should-not-run", env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("calls sts-session-token for profile 'vault' again");
    }

    @Test
    void output_that_is_not_the_json_is_refused_without_echoing_it() {
        assertThatThrownBy(() -> CredentialProcess.run("vault", "echo AKIA-secret-here", env()))
                .hasMessage(
                        "credential_process of profile 'vault' printed something that is not the credential_process JSON");
        assertThatThrownBy(() -> CredentialProcess.run("vault", "printf '{\"Version\": 2}'", env()))
                .hasMessageContaining("without \"Version\": 1");
        assertThatThrownBy(() -> CredentialProcess.run("vault", "exit 3", env()))
                .hasMessage("credential_process of profile 'vault' failed with exit code 3");
    }
}
