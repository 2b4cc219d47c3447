package dev.ststoken.webidentity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where web identity stands among the credential sources, as botocore's chain has it: after the
 * environment's keys, before the profile's own keys; its variables over the profile's settings; a
 * web identity profile's role_arn is its own role, not a step of a role chain, and a role profile
 * may take one as its source_profile.
 */
class WebIdentitySourceTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/ci";

    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve("token"), "eyJ.eyJ.sig\n");
    }

    private ResolvedSettings resolve(String profile) throws ConfigException {
        SessionParameters.Builder params = SessionParameters.builder();
        if (profile != null) {
            params.profile(profile);
        }
        return Sessions.create(env, home, Clock.systemUTC()).resolve(SessionRequest.of(params.build()));
    }

    private WebIdentitySignIn signIn(ResolvedSettings settings) {
        assertThat(settings.signIn()).isInstanceOf(WebIdentitySignIn.class);
        return (WebIdentitySignIn) settings.signIn();
    }

    @Test
    void a_web_identity_profile_trades_its_token_for_its_own_role_with_no_chain() throws Exception {
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile ci]\nweb_identity_token_file = ~/token\nrole_arn = " + ROLE + "\nrole_session_name = job\n");
        ResolvedSettings settings = resolve("ci");
        assertThat(settings.roles()).isEmpty();
        assertThat(signIn(settings).roleArn()).isEqualTo(ROLE);
        assertThat(signIn(settings).sessionName()).isEqualTo("job");
        assertThat(signIn(settings).tokenFile()).isEqualTo(home.resolve("token"));
        assertThat(settings.signIn().action()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(settings.signIn().identity()).doesNotContain("eyJ").contains("token=sha256:");
    }

    @Test
    void the_variables_win_over_the_profile_and_over_its_static_keys() throws Exception {
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[default]\naws_access_key_id = AKIAEXAMPLE\n" + "aws_secret_access_key = secret\n");
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("token").toString());
        env.put("AWS_ROLE_ARN", ROLE);
        ResolvedSettings settings = resolve(null);
        assertThat(signIn(settings).sessionName()).isEqualTo(WebIdentitySource.DEFAULT_SESSION_NAME);
        assertThat(settings.credentialSource()).contains("(environment)");

        env.put("AWS_ACCESS_KEY_ID", "AKIAFROMENV");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        assertThat(resolve(null).signIn())
                .as("the environment's keys come first")
                .isNull();
    }

    @Test
    void a_role_profile_may_start_from_a_web_identity_profile() throws Exception {
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile ci]\nweb_identity_token_file = ~/token\nrole_arn = " + ROLE
                        + "\n\n[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = ci\n");
        ResolvedSettings settings = resolve("deploy");
        assertThat(settings.roles())
                .singleElement()
                .satisfies(step -> assertThat(step.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/deploy"));
        assertThat(signIn(settings).roleArn()).isEqualTo(ROLE);
    }

    @Test
    void contradictions_and_missing_roles_are_one_line_each() throws Exception {
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile both]\nweb_identity_token_file = ~/token\nrole_arn = "
                        + ROLE + "\nsource_profile = other\n\n[profile norole]\nweb_identity_token_file = ~/token\n"
                        + "\n[profile badname]\nweb_identity_token_file = ~/token\nrole_arn = " + ROLE
                        + "\nrole_session_name = has space\n");
        assertThatThrownBy(() -> resolve("both"))
                .hasMessageContaining("has both web_identity_token_file and source_profile");
        assertThatThrownBy(() -> resolve("norole")).hasMessageContaining("set AWS_ROLE_ARN or the profile's role_arn");
        assertThatThrownBy(() -> resolve("badname")).isInstanceOf(ConfigException.class);
    }
}
