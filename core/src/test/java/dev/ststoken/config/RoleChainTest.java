package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.parameters.SessionParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk from a profile through source_profile to the keys that start the chain. */
class RoleChainTest {
    @TempDir
    Path home;

    SettingsResolver resolver;

    @BeforeEach
    void profiles() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                String.join(
                        "\n",
                        "[profile me]",
                        "mfa_serial = arn:aws:iam::123456789012:mfa/me",
                        "[profile admin]",
                        "role_arn = arn:aws:iam::123456789012:role/admin",
                        "source_profile = me",
                        "mfa_serial = arn:aws:iam::123456789012:mfa/admin-device",
                        "[profile auditor]",
                        "role_arn = arn:aws:iam::123456789012:role/auditor",
                        "source_profile = admin",
                        "[profile self]",
                        "role_arn = arn:aws:iam::123456789012:role/self",
                        "source_profile = self",
                        ""));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[me]\naws_access_key_id = AKIAME\naws_secret_access_key = s\n"
                        + "[self]\naws_access_key_id = AKIASELF\naws_secret_access_key = s\n");
        Map<String, String> env = new HashMap<>();
        env.put("USER", "alice");
        resolver = new SettingsResolver(env, home);
    }

    RoleChain walk(String profile) throws ConfigException {
        return RoleChain.walk(
                SessionParameters.builder().profile(profile).build(), resolver.loadProfile(profile), resolver);
    }

    @Test
    void a_chain_lists_its_roles_innermost_first_and_ends_at_the_profile_holding_the_keys() throws Exception {
        RoleChain chain = walk("auditor");
        assertThat(chain.steps()).extracting(RoleStep::profile).containsExactly("admin", "auditor");
        assertThat(chain.roleProfiles()).extracting(Profile::name).containsExactly("admin", "auditor");
        assertThat(chain.source().name()).isEqualTo("me");
        assertThat(chain.lastRoleProfile()).isEqualTo("admin");
        assertThat(chain.fromEnvironment()).isFalse();
    }

    @Test
    void a_profile_with_keys_may_be_its_own_source() throws Exception {
        RoleChain chain = walk("self");
        assertThat(chain.steps()).singleElement().extracting(RoleStep::profile).isEqualTo("self");
        assertThat(chain.source().name()).isEqualTo("self");
    }

    @Test
    void a_setting_comes_from_the_named_profile_then_the_nearest_role_then_the_source() throws Exception {
        RoleChain chain = walk("auditor");
        Profile named = resolver.loadProfile("auditor");
        assertThat(chain.first(named, chain.source(), "mfa_serial"))
                .as("admin, the nearest role that sets it, before me, the source")
                .isEqualTo("arn:aws:iam::123456789012:mfa/admin-device");
        assertThat(chain.first(named, chain.source(), "region")).isNull();
    }

    @Test
    void only_the_outermost_role_takes_the_duration_asked_for_and_chained_roles_stay_within_an_hour() throws Exception {
        RoleStep inner = new RoleStep("arn:aws:iam::123456789012:role/a", "s", null, null, "a");
        RoleStep outer = new RoleStep("arn:aws:iam::123456789012:role/b", "s", null, null, "b");
        assertThatThrownBy(() -> RoleChain.withOutermostDuration(List.of(inner, outer), 7200))
                .hasMessageContaining("role chaining");
        assertThat(RoleChain.withOutermostDuration(List.of(inner), 7200))
                .singleElement()
                .extracting(RoleStep::durationSeconds)
                .isEqualTo(7200);
    }
}
