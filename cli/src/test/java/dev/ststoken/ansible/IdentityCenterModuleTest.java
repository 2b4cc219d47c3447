package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.testing.FakeIdentityCenter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ansible module with an IAM Identity Center profile: the sign-in's role session, or a clean failure. */
class IdentityCenterModuleTest {
    @TempDir
    Path tmp;

    FakeIdentityCenter fake;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeIdentityCenter(Clock.systemUTC());
        env.put("HOME", tmp.toString());
        env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint().toString());
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(tmp.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("profile", "dev");
        args.put("_ansible_check_mode", false);
        args.put("_ansible_no_log", false);
        Path file = tmp.resolve("args");
        Files.writeString(file, Json.write(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AnsibleModule(new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), tmp)
                .run(List.of(file.toString()));
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_module_returns_the_sign_ins_role_session() throws Exception {
        Path token = tmp.resolve(".aws/sso/cache/" + TokenCache.fileName("corp") + ".json");
        Files.createDirectories(token.getParent());
        Files.writeString(
                token,
                "{\"accessToken\": \"access-1\", \"expiresAt\": \""
                        + Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS) + "\"}");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        fake.acceptAccessToken("access-1");

        Map<String, Object> result = run();

        assertThat(result).as(result.toString()).containsEntry("changed", true).doesNotContainKey("failed");
        assertThat(result.get("sts_creds").toString()).contains("ASIASSOFAKE000000001");
    }

    @Test
    void a_missing_sign_in_fails_the_task_with_the_sign_in_command() throws Exception {
        Map<String, Object> result = run();
        assertThat(result).containsEntry("failed", true);
        assertThat(result.get("msg").toString())
                .startsWith("An error occurred (SignInRequired) when calling the GetRoleCredentials operation: ")
                .contains("sts-session-token sso login --profile dev")
                .doesNotContain("\n");
        assertThat(fake.requests()).isEmpty();
    }
}
