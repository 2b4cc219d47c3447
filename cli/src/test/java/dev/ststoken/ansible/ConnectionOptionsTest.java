package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.parameters.SessionParameters;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ConnectionOptionsTest {
    static Set<String> allNames(List<ParameterSpec> specs) {
        Set<String> names = new TreeSet<>();
        for (ParameterSpec spec : specs) {
            names.add(spec.name());
            names.addAll(spec.aliases());
        }
        return names;
    }

    SessionParameters parameters(ConnectionOptions options, Map<String, Object> raw) throws Exception {
        ArgumentSpec spec = new ArgumentSpec("demo", options.specs());
        return options.parameters(spec.normalise(raw, new LinkedHashSet<>())).build();
    }

    @Test
    void both_namings_accept_the_same_names_so_one_module_defaults_group_serves_every_module() {
        assertThat(allNames(ConnectionOptions.SEED.specs())).isEqualTo(allNames(ConnectionOptions.AMAZON_AWS.specs()));
        assertThat(ConnectionOptions.AMAZON_AWS.specs())
                .extracting(ParameterSpec::name)
                .startsWith("access_key", "secret_key", "session_token", "endpoint_url");
        assertThat(ConnectionOptions.SEED.specs())
                .extracting(ParameterSpec::name)
                .startsWith("aws_access_key", "aws_secret_key", "security_token", "ec2_url");
    }

    @Test
    void the_amazon_aws_aliases_reach_the_session_parameters() throws Exception {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("aws_access_key_id", "AKIAEXAMPLE");
        raw.put("aws_secret_access_key", "secret");
        raw.put("access_token", "token");
        raw.put("s3_url", "http://127.0.0.1:9");
        raw.put("ec2_region", "eu-west-1");
        raw.put("validate_certs", "no");
        raw.put("aws_ca_bundle", "/ca.pem");
        SessionParameters p = parameters(ConnectionOptions.AMAZON_AWS, raw);
        assertThat(p.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(p.secretAccessKey()).isEqualTo("secret");
        assertThat(p.sessionToken()).isEqualTo("token");
        assertThat(p.endpointUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(p.region()).isEqualTo("eu-west-1");
        assertThat(p.verifySsl()).isFalse();
        assertThat(p.caBundle()).isEqualTo("/ca.pem");
        assertThat(parameters(ConnectionOptions.SEED, raw)).isEqualTo(p);
    }

    @Test
    void aws_config_sets_timeouts_and_attempts_as_botocore_counts_them() throws Exception {
        SessionParameters p = parameters(
                ConnectionOptions.AMAZON_AWS,
                Map.of(
                        "aws_config",
                        Map.of(
                                "connect_timeout",
                                2.5,
                                "read_timeout",
                                "7",
                                "retries",
                                Map.of("max_attempts", 4L, "mode", "standard"))));
        assertThat(p.connectTimeoutSeconds()).isEqualTo(3);
        assertThat(p.readTimeoutSeconds()).isEqualTo(7);
        assertThat(p.maxAttempts())
                .as("max_attempts counts retries after the first attempt")
                .isEqualTo(5);
        SessionParameters total = parameters(
                ConnectionOptions.AMAZON_AWS,
                Map.of("aws_config", Map.of("retries", Map.of("max_attempts", 4L, "total_max_attempts", 2L))));
        assertThat(total.maxAttempts()).isEqualTo(2);
    }

    @Test
    void aws_config_keys_it_cannot_honour_are_refused_never_ignored() {
        assertThatThrownBy(
                        () -> parameters(ConnectionOptions.AMAZON_AWS, Map.of("aws_config", Map.of("user_agent", "x"))))
                .hasMessage(
                        "aws_config: 'user_agent' is not supported by this module (supported: connect_timeout, read_timeout, "
                                + "retries)");
        assertThatThrownBy(() -> parameters(
                        ConnectionOptions.AMAZON_AWS, Map.of("aws_config", Map.of("retries", Map.of("mode", "eager")))))
                .hasMessageContaining("legacy, standard or adaptive");
        assertThatThrownBy(() ->
                        parameters(ConnectionOptions.AMAZON_AWS, Map.of("aws_config", Map.of("read_timeout", "soon"))))
                .hasMessage("aws_config: read_timeout must be a number of seconds");
        assertThatThrownBy(() ->
                        parameters(ConnectionOptions.AMAZON_AWS, Map.of("aws_config", Map.of("read_timeout", 0L))))
                .hasMessageContaining("more than 0");
    }

    @Test
    void endpoint_logs_are_on_by_option_or_by_ansibles_variable() {
        assertThat(ConnectionOptions.debug(Map.of("debug_botocore_endpoint_logs", true), Map.of()))
                .isTrue();
        assertThat(ConnectionOptions.debug(Map.of(), Map.of("ANSIBLE_DEBUG_BOTOCORE_LOGS", "True")))
                .isTrue();
        assertThat(ConnectionOptions.debug(Map.of("debug_botocore_endpoint_logs", false), Map.of()))
                .isFalse();
    }
}
