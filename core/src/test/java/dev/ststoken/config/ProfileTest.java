package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import org.junit.jupiter.api.Test;

class ProfileTest {
    static Profile profile(String name, String configText, String credentialsText) {
        IniFile config = IniFile.parse(configText);
        return new Profile(
                name, config.profile(name), IniFile.parse(credentialsText).section(name), config);
    }

    @Test
    void a_stale_session_token_in_the_config_file_is_not_paired_with_the_credentials_files_keys() {
        Profile p = profile(
                "dev",
                "[profile dev]\naws_session_token = stale\nregion = eu-west-1\n",
                "[dev]\naws_access_key_id = AKIALONGTERM\naws_secret_access_key = s\n");
        AwsCredentials c = p.credentials();
        assertThat(c.accessKeyId()).isEqualTo("AKIALONGTERM");
        assertThat(c.sessionToken()).isNull();
        assertThat(p.get("region")).isEqualTo("eu-west-1");
    }

    @Test
    void a_key_id_in_one_file_is_never_completed_by_a_secret_from_the_other() {
        assertThat(profile(
                                "dev",
                                "[profile dev]\naws_secret_access_key = other\n",
                                "[dev]\naws_access_key_id = AKIA1\n")
                        .credentials())
                .isNull();
    }

    @Test
    void without_a_key_id_in_the_credentials_file_the_config_files_keys_and_token_are_used() {
        AwsCredentials c = profile(
                        "dev",
                        "[profile dev]\naws_access_key_id = AKIACFG\naws_secret_access_key = s\n"
                                + "aws_session_token = t\n",
                        "[dev]\naws_session_token = ignored\n")
                .credentials();
        assertThat(c.accessKeyId()).isEqualTo("AKIACFG");
        assertThat(c.sessionToken()).isEqualTo("t");
    }

    @Test
    void the_later_of_default_and_profile_default_is_the_default_profile() {
        assertThat(profile("default", "[default]\nregion = eu-west-1\n[profile default]\nregion = us-west-2\n", "")
                        .get("region"))
                .isEqualTo("us-west-2");
    }

    @Test
    void a_services_section_that_does_not_exist_is_an_error_not_a_fall_back_to_aws() throws Exception {
        Profile p = profile(
                "dev", "[profile dev]\nservices = local\n[services locall]\nsts =\n  endpoint_url = http://x\n", "");
        assertThatThrownBy(() -> p.serviceEndpoint("sts"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("profile 'dev' uses services 'local', but the config file has no [services local] section");
        Profile q = profile(
                "dev", "[profile dev]\nservices = local\n[services  local ]\nsts =\n  endpoint_url = http://x\n", "");
        assertThat(q.serviceEndpoint("sts")).isEqualTo("http://x");
    }
}
