package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.parameters.SessionParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>();

    SettingsResolver resolver() {
        return new SettingsResolver(env, home, home.resolve("etc-boto.cfg"));
    }

    ResolvedSettings resolve(SessionParameters params) throws ConfigException {
        return resolver().resolve(params);
    }

    ResolvedSettings resolve() throws ConfigException {
        return resolve(SessionParameters.NONE);
    }

    void write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @BeforeEach
    void defaultFiles() throws IOException {
        write(
                ".aws/credentials",
                "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s-default\n\n"
                        + "[me]\naws_access_key_id = AKIAME\naws_secret_access_key = s-me\n");
        write(
                ".aws/config",
                "[default]\nregion = eu-west-1\n\n[profile me]\nregion = eu-central-1\n"
                        + "mfa_serial = arn:aws:iam::123456789012:mfa/me\nduration_seconds = 7200\nmfa_process = echo 123456\n");
    }

    @Test
    void parameters_beat_everything() throws Exception {
        env.put("AWS_ACCESS_KEY_ID", "AKIAENV");
        env.put("AWS_SECRET_ACCESS_KEY", "s-env");
        env.put("AWS_REGION", "us-west-2");
        ResolvedSettings s = resolve(SessionParameters.builder()
                .accessKeyId("AKIAPARAM")
                .secretAccessKey("s-param")
                .region("ap-south-1")
                .endpointUrl("http://localhost:1")
                .build());
        assertThat(s.credentials().accessKeyId()).isEqualTo("AKIAPARAM");
        assertThat(s.credentialSource()).isEqualTo("parameters");
        assertThat(s.region()).isEqualTo("ap-south-1");
        assertThat(s.endpoint().uri().toString()).isEqualTo("http://localhost:1");
    }

    @Test
    void access_key_variables_in_the_seeds_order() throws Exception {
        env.put("EC2_ACCESS_KEY", "AKIAEC2");
        env.put("EC2_SECRET_KEY", "s3");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAEC2");
        env.put("AWS_ACCESS_KEY", "AKIAAWSKEY");
        env.put("AWS_SECRET_KEY", "s2");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAAWSKEY");
        assertThat(resolve().credentials().secretAccessKey()).isEqualTo("s2");
        env.put("AWS_ACCESS_KEY_ID", "AKIAID");
        env.put("AWS_SECRET_ACCESS_KEY", "s1");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAID");
        assertThat(resolve().credentialSource()).isEqualTo("environment");
    }

    @Test
    void session_token_variables_in_the_seeds_order() throws Exception {
        env.put("AWS_ACCESS_KEY_ID", "AKIAID");
        env.put("AWS_SECRET_ACCESS_KEY", "s1");
        env.put("EC2_SECURITY_TOKEN", "t3");
        assertThat(resolve().credentials().sessionToken()).isEqualTo("t3");
        env.put("AWS_SECURITY_TOKEN", "t2");
        assertThat(resolve().credentials().sessionToken()).isEqualTo("t2");
        env.put("AWS_SESSION_TOKEN", "t1");
        assertThat(resolve().credentials().sessionToken()).isEqualTo("t1");
    }

    @Test
    void region_variables_in_the_seeds_order_then_profile_then_us_east_1() throws Exception {
        assertThat(resolve().region()).isEqualTo("eu-west-1");
        assertThat(resolve().regionDefaulted()).isFalse();
        env.put("AWS_DEFAULT_REGION", "us-west-1");
        assertThat(resolve().region()).isEqualTo("us-west-1");
        env.put("EC2_REGION", "us-west-2");
        assertThat(resolve().region()).isEqualTo("us-west-2");
        env.put("AWS_REGION", "ca-central-1");
        assertThat(resolve().region()).isEqualTo("ca-central-1");

        env.clear();
        write(".aws/config", "[default]\n");
        ResolvedSettings s = resolve();
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.regionDefaulted()).isTrue();
    }

    @Test
    void endpoint_variables_in_order_then_profile_then_the_regional_endpoint() throws Exception {
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("https://sts.eu-west-1.amazonaws.com");
        assertThat(resolve().endpoint().signingRegion()).isEqualTo("eu-west-1");
        write(".aws/config", "[default]\nregion = eu-west-1\nendpoint_url = http://profile:1\n");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://profile:1");
        env.put("EC2_URL", "http://ec2:1");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://ec2:1");
        env.put("AWS_URL", "http://aws-url:1");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://aws-url:1");
        env.put("AWS_ENDPOINT_URL", "http://general:1");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://general:1");
        env.put("AWS_ENDPOINT_URL_STS", "http://sts-specific:1");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://sts-specific:1");
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://aws-url:1");
    }

    @Test
    void services_section_endpoint_for_sts() throws Exception {
        write(
                ".aws/config",
                "[default]\nregion = eu-west-1\nservices = local\n\n[services local]\nsts =\n"
                        + "  endpoint_url = http://127.0.0.1:4599\n");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("http://127.0.0.1:4599");
    }

    @Test
    void legacy_setting_sends_listed_regions_to_the_global_endpoint() throws Exception {
        env.put("AWS_STS_REGIONAL_ENDPOINTS", "legacy");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("https://sts.amazonaws.com");
        assertThat(resolve().endpoint().signingRegion()).isEqualTo("us-east-1");
        env.put("AWS_REGION", "af-south-1");
        assertThat(resolve().endpoint().uri().toString()).isEqualTo("https://sts.af-south-1.amazonaws.com");
        env.put("AWS_STS_REGIONAL_ENDPOINTS", "sideways");
        assertThatThrownBy(this::resolve)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sts_regional_endpoints");
    }

    @Test
    void explicit_profile_takes_keys_from_the_files_not_the_environment() throws Exception {
        env.put("AWS_ACCESS_KEY_ID", "AKIAENV");
        env.put("AWS_SECRET_ACCESS_KEY", "s-env");
        ResolvedSettings s = resolve(SessionParameters.builder().profile("me").build());
        assertThat(s.credentials().accessKeyId()).isEqualTo("AKIAME");
        assertThat(s.credentialSource()).isEqualTo("profile me");
        assertThat(s.region()).isEqualTo("eu-central-1");
        assertThat(s.durationSeconds()).isEqualTo(7200);
        assertThat(s.mfaSerial()).isEqualTo("arn:aws:iam::123456789012:mfa/me");
        assertThat(s.mfaProcess()).isEqualTo("echo 123456");
    }

    @Test
    void aws_profile_variable_selects_the_profile_but_environment_keys_still_win() throws Exception {
        env.put("AWS_PROFILE", "me");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAME");
        env.put("AWS_ACCESS_KEY_ID", "AKIAENV");
        env.put("AWS_SECRET_ACCESS_KEY", "s-env");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAENV");
        assertThat(resolve().region()).isEqualTo("eu-central-1");
    }

    @Test
    void aws_profile_beats_aws_default_profile() throws Exception {
        env.put("AWS_DEFAULT_PROFILE", "nope");
        env.put("AWS_PROFILE", "me");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAME");
    }

    @Test
    void a_missing_profile_is_an_error_naming_it() {
        assertThatThrownBy(() ->
                        resolve(SessionParameters.builder().profile("ghost").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("profile 'ghost' not found");
        env.put("AWS_PROFILE", "ghost2");
        assertThatThrownBy(this::resolve).hasMessageContaining("'ghost2'");
    }

    @Test
    void profile_and_keys_together_are_refused() {
        assertThatThrownBy(() -> resolve(SessionParameters.builder()
                        .profile("me")
                        .accessKeyId("AKIAX")
                        .build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both a profile and access keys");
    }

    @Test
    void partial_credentials_are_refused() {
        env.put("AWS_ACCESS_KEY_ID", "AKIAENV");
        assertThatThrownBy(this::resolve)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("partial credentials");
    }

    @Test
    void config_and_credentials_file_locations_follow_the_variables() throws Exception {
        write("elsewhere/creds", "[default]\naws_access_key_id = AKIAELSEWHERE\naws_secret_access_key = s\n");
        write("elsewhere/conf", "[default]\nregion = sa-east-1\n");
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("elsewhere/creds").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("elsewhere/conf").toString());
        ResolvedSettings s = resolve();
        assertThat(s.credentials().accessKeyId()).isEqualTo("AKIAELSEWHERE");
        assertThat(s.region()).isEqualTo("sa-east-1");
    }

    @Test
    void credentials_file_keys_win_over_config_file_keys_and_legacy_token_is_read_first() throws Exception {
        write(".aws/config", "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = sc\n");
        write(
                ".aws/credentials",
                "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = sk\n"
                        + "aws_session_token = t-new\naws_security_token = t-legacy\n");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIACREDS");
        assertThat(resolve().credentials().sessionToken()).isEqualTo("t-legacy");
    }

    @Test
    void boto_file_is_the_last_resort_boto_config_then_etc_then_home() throws Exception {
        write(".aws/credentials", "");
        write(".aws/config", "");
        write(".boto", "[Credentials]\naws_access_key_id = AKIAHOMEBOTO\naws_secret_access_key = s\n");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAHOMEBOTO");
        assertThat(resolve().credentialSource()).isEqualTo("boto config");
        write("etc-boto.cfg", "[Credentials]\naws_access_key_id = AKIAETCBOTO\naws_secret_access_key = s\n");
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIAETCBOTO");
        write("custom.boto", "[Credentials]\naws_access_key_id = AKIACUSTOM\naws_secret_access_key = s\n");
        env.put("BOTO_CONFIG", home.resolve("custom.boto").toString());
        assertThat(resolve().credentials().accessKeyId()).isEqualTo("AKIACUSTOM");
    }

    @Test
    void no_credentials_anywhere_says_what_to_do() throws Exception {
        write(".aws/credentials", "");
        assertThatThrownBy(this::resolve)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no AWS credentials found")
                .hasMessageContaining("or use a profile")
                .satisfies(e -> assertThat(((ConfigException) e)
                                .message(java.util.Map.of(
                                        Setting.PROFILE, "--profile", Setting.LOCAL_HINT, ", or try --local")))
                        .endsWith("or use --profile, or try --local"));
    }

    @Test
    void mfa_serial_parameter_then_variable_then_profile() throws Exception {
        env.put("AWS_PROFILE", "me");
        assertThat(resolve().mfaSerial()).isEqualTo("arn:aws:iam::123456789012:mfa/me");
        env.put("AWS_MFA_SERIAL", "arn:aws:iam::123456789012:mfa/env");
        assertThat(resolve().mfaSerial()).isEqualTo("arn:aws:iam::123456789012:mfa/env");
        assertThat(resolve(SessionParameters.builder().mfaSerial("GAHT12345678").build())
                        .mfaSerial())
                .isEqualTo("GAHT12345678");
    }

    @Test
    void ca_bundle_parameter_then_variable_then_profile_and_must_exist() throws Exception {
        write("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        write(".aws/config", "[default]\nregion = eu-west-1\nca_bundle = " + home.resolve("ca.pem") + "\n");
        assertThat(resolve().tls().caBundle()).isEqualTo(home.resolve("ca.pem"));
        assertThat(resolve().tls().caBundleDigest())
                .as("read once here, not again for the cache key")
                .isEqualTo(dev.ststoken.sts.TlsSettings.digest(Files.readAllBytes(home.resolve("ca.pem"))));
        env.put("AWS_CA_BUNDLE", home.resolve("missing.pem").toString());
        assertThatThrownBy(this::resolve).hasMessageContaining("CA bundle");
        assertThat(resolve(SessionParameters.builder().verifySsl(false).build())
                        .tls()
                        .verify())
                .isFalse();
        write("empty.pem", "no certificate here\n");
        env.put("AWS_CA_BUNDLE", home.resolve("empty.pem").toString());
        assertThatThrownBy(this::resolve).hasMessageContaining("holds no PEM certificate");
    }

    @Test
    void invalid_values_are_refused_before_any_call() {
        assertThatThrownBy(() ->
                        resolve(SessionParameters.builder().durationSeconds(100).build()))
                .hasMessageContaining("invalid duration 100");
        assertThatThrownBy(() ->
                        resolve(SessionParameters.builder().mfaSerial("abc").build()))
                .hasMessageContaining("invalid MFA serial number 'abc'");
        assertThatThrownBy(() -> resolve(SessionParameters.builder()
                        .mfaSerial("GAHT12345678")
                        .mfaToken("12345")
                        .build()))
                .hasMessageContaining("six digits");
        assertThatThrownBy(() ->
                        resolve(SessionParameters.builder().mfaToken("123456").build()))
                .hasMessageContaining("without an MFA serial");
        assertThatThrownBy(() -> resolve(
                        SessionParameters.builder().region("Not A Region").build()))
                .hasMessageContaining("invalid region");
        assertThatThrownBy(() -> resolve(
                        SessionParameters.builder().endpointUrl("ftp://x").build()))
                .hasMessageContaining("invalid endpoint URL");
    }

    // --- role profiles, as the AWS CLI defines them

    ResolvedSettings profile(String name) throws ConfigException {
        return resolve(SessionParameters.builder().profile(name).build());
    }

    void roleConfig() throws IOException {
        write(
                ".aws/config",
                String.join(
                        "\n",
                        "[profile me]",
                        "mfa_serial = arn:aws:iam::123456789012:mfa/me",
                        "duration_seconds = 43200",
                        "mfa_process = echo 123456",
                        "[profile admin]",
                        "role_arn = arn:aws:iam::123456789012:role/admin",
                        "source_profile = me",
                        "region = eu-west-1",
                        "duration_seconds = 7200",
                        "[profile auditor]",
                        "role_arn = arn:aws:iam::123456789012:role/auditor",
                        "source_profile = admin",
                        "role_session_name = audit",
                        "external_id = shared-secret",
                        "[profile loop-a]",
                        "role_arn = arn:aws:iam::123456789012:role/a",
                        "source_profile = loop-b",
                        "[profile loop-b]",
                        "role_arn = arn:aws:iam::123456789012:role/b",
                        "source_profile = loop-a",
                        "[profile from-env]",
                        "role_arn = arn:aws:iam::123456789012:role/env",
                        "credential_source = Environment",
                        "[profile from-metadata]",
                        "role_arn = arn:aws:iam::123456789012:role/env",
                        "credential_source = Ec2InstanceMetadata",
                        "[profile orphan]",
                        "source_profile = me",
                        ""));
        env.put("USER", "alice");
    }

    @Test
    void a_role_profile_takes_its_keys_and_device_from_its_source_and_its_region_and_duration_from_itself()
            throws Exception {
        roleConfig();
        ResolvedSettings s = profile("admin");
        assertThat(s.credentials().accessKeyId()).isEqualTo("AKIAME");
        assertThat(s.credentialSource()).isEqualTo("profile me (source of role profile 'admin')");
        assertThat(s.mfaSerial()).isEqualTo("arn:aws:iam::123456789012:mfa/me");
        assertThat(s.mfaProcess()).isEqualTo("echo 123456");
        assertThat(s.durationSeconds())
                .as("the MFA session's, from the source profile")
                .isEqualTo(43200);
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.roles())
                .singleElement()
                .isEqualTo(new RoleStep(
                        "arn:aws:iam::123456789012:role/admin", "sts-session-token-alice", 7200, null, "admin"));
    }

    @Test
    void chains_of_any_depth_are_followed_innermost_first() throws Exception {
        roleConfig();
        ResolvedSettings s = profile("auditor");
        assertThat(s.roles())
                .extracting(RoleStep::roleArn)
                .containsExactly("arn:aws:iam::123456789012:role/admin", "arn:aws:iam::123456789012:role/auditor");
        assertThat(s.roles().get(1).roleSessionName()).isEqualTo("audit");
        assertThat(s.roles().get(1).externalId()).isEqualTo("shared-secret");
        assertThat(s.roles().get(1).toString()).doesNotContain("shared-secret");
    }

    @Test
    void chained_roles_cannot_ask_for_more_than_an_hour() throws Exception {
        roleConfig();
        assertThatThrownBy(() -> resolve(SessionParameters.builder()
                        .profile("auditor")
                        .durationSeconds(7200)
                        .build()))
                .hasMessageContaining("role chaining")
                .hasMessageContaining("3600");
    }

    @Test
    void cycles_missing_sources_and_unsupported_sources_are_refused_by_name() throws Exception {
        roleConfig();
        assertThatThrownBy(() -> profile("loop-a"))
                .hasMessageContaining("cycle")
                .hasMessageContaining("loop-a -> loop-b -> loop-a");
        assertThatThrownBy(() -> profile("from-metadata")).hasMessageContaining("only Environment is supported");
        assertThatThrownBy(() -> profile("orphan")).hasMessageContaining("has source_profile but no role_arn");
    }

    @Test
    void credential_source_environment_takes_the_keys_from_the_environment() throws Exception {
        roleConfig();
        assertThatThrownBy(() -> profile("from-env")).hasMessageContaining("AWS_ACCESS_KEY_ID");
        env.put("AWS_ACCESS_KEY_ID", "AKIAFROMENV");
        env.put("AWS_SECRET_ACCESS_KEY", "s-env");
        assertThat(profile("from-env").credentials().accessKeyId()).isEqualTo("AKIAFROMENV");
    }

    @Test
    void role_arn_as_a_parameter_assumes_it_with_whatever_credentials_resolve() throws Exception {
        env.put("USER", "bob the builder");
        ResolvedSettings s = resolve(SessionParameters.builder()
                .profile("me")
                .roleArn("arn:aws:iam::123456789012:role/x")
                .build());
        assertThat(s.credentials().accessKeyId()).isEqualTo("AKIAME");
        assertThat(s.roles())
                .singleElement()
                .extracting(RoleStep::roleSessionName)
                .isEqualTo("sts-session-token-bob-the-builder");
        assertThatThrownBy(() -> resolve(SessionParameters.builder()
                        .roleArn("arn:aws:s3:::bucket")
                        .build()))
                .hasMessageContaining("invalid role ARN");
        assertThatThrownBy(() -> resolve(SessionParameters.builder()
                        .roleArn("arn:aws:iam::123456789012:role/x")
                        .roleSessionName("a b")
                        .build()))
                .hasMessageContaining("invalid role session name");
    }

    // ---- where the shared files are (checked against botocore in IniFileTest) ----

    @Test
    void shared_file_paths_expand_environment_variables_as_botocore_does() throws Exception {
        write("alt/config", "[profile alt]\nregion = ap-south-1\n");
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", "${HOME}/alt/config");
        assertThat(resolver().configFile()).isEqualTo(home.resolve("alt/config"));
        assertThat(resolver().loadProfile("alt").get("region")).isEqualTo("ap-south-1");
        env.put("AWS_CONFIG_FILE", "$HOME/alt/$UNSET/${}x$");
        assertThat(resolver().configFile()).isEqualTo(Path.of(home + "/alt/$UNSET/${}x$"));
    }

    @Test
    void a_role_profile_without_the_endpoint_its_source_profile_has_gets_a_hint_naming_both() throws Exception {
        write(
                ".aws/config",
                "[profile me]\nendpoint_url = http://127.0.0.1:4567\n\n"
                        + "[profile lost]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = me\n\n"
                        + "[profile found]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = me\n"
                        + "endpoint_url = http://127.0.0.1:4567\n");
        ResolvedSettings lost =
                resolve(SessionParameters.builder().profile("lost").build());
        assertThat(lost.endpoint().uri().getHost())
                .as("botocore's behaviour, kept")
                .endsWith(".amazonaws.com");
        assertThat(lost.endpointHint())
                .contains("profile 'lost' has no endpoint_url")
                .contains("source profile 'me' has one")
                .contains("[profile lost]")
                .doesNotContain("4567");
        assertThat(resolve(SessionParameters.builder().profile("found").build()).endpointHint())
                .isNull();
        assertThat(resolve(SessionParameters.builder().profile("me").build()).endpointHint())
                .isNull();
        env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4567");
        assertThat(resolve(SessionParameters.builder().profile("lost").build()).endpointHint())
                .isNull();
    }

    @Test
    void the_keys_profile_is_the_profile_the_keys_came_from_default_when_none_was_named() throws Exception {
        assertThat(resolve().keysProfile()).isEqualTo("default");
        assertThat(resolve().profile()).isNull();
        assertThat(resolve(SessionParameters.builder().profile("me").build()).keysProfile())
                .isEqualTo("me");
        write(
                ".aws/config",
                "[profile me]\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = me\n");
        ResolvedSettings admin =
                resolve(SessionParameters.builder().profile("admin").build());
        assertThat(admin.profile()).isEqualTo("admin");
        assertThat(admin.keysProfile())
                .as("the MFA session under the role is me's")
                .isEqualTo("me");
        env.put("AWS_ACCESS_KEY_ID", "AKIAENV");
        env.put("AWS_SECRET_ACCESS_KEY", "s-env");
        assertThat(resolve().keysProfile())
                .as("keys from the environment are no profile's")
                .isNull();
    }
}
