package dev.ststoken.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import dev.ststoken.testing.FakeIdentityCenter;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token cache is the AWS CLI's: botocore (the AWS CLI's library) reads a token our renewal
 * wrote, and we read a token botocore renewed, each then getting the role's credentials from the
 * same local stand-in for the portal and OIDC service (both pointed there with
 * AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC). The stand-in accepts only access tokens it
 * issued by renewal, so a success proves the renewed token went through the file. Real time on both
 * sides: botocore judges the token with its own clock.
 */
class BotocoreInteropTest {
    private static final String SCRIPT = """
            import json, os, sys
            os.environ["HOME"] = sys.argv[1]  # botocore fixes ~/.aws/sso/cache when it is imported
            import botocore.session
            session = botocore.session.Session(profile="dev")
            frozen = session.get_credentials().get_frozen_credentials()
            print(json.dumps({"accessKeyId": frozen.access_key}))
            """;

    @TempDir
    Path home;

    final Clock clock = Clock.systemUTC();
    FakeIdentityCenter fake;
    Path python;
    Path token;

    @BeforeEach
    void setUp() throws IOException {
        python = Peers.requirePython("botocore.session");
        fake = new FakeIdentityCenter(clock);
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
        token = home.resolve(".aws/sso/cache/" + TokenCache.fileName("corp") + ".json");
        Files.createDirectories(token.getParent());
        // As the AWS CLI leaves it, five minutes from its end: within the refresh window of both.
        Files.writeString(
                token,
                "{\"startUrl\": \"https://corp.awsapps.com/start\", \"region\": \"eu-west-1\", "
                        + "\"accessToken\": \"login-access\", \"expiresAt\": \""
                        + Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS)
                        + "\", \"clientId\": \"client-1\", \"clientSecret\": \"client-secret-1\", "
                        + "\"registrationExpiresAt\": \""
                        + Instant.now().plus(Duration.ofDays(80)).truncatedTo(ChronoUnit.SECONDS)
                        + "\", \"refreshToken\": \"login-refresh\"}");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        fake.acceptRefreshToken("login-refresh", "client-1");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fake != null) {
            fake.close();
        }
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint().toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        return env;
    }

    SessionResult ours() throws Exception {
        Sessions sessions = Sessions.create(env(), home, clock);
        return sessions.session(
                SessionRequest.of(SessionParameters.builder().profile("dev").build()), null);
    }

    String botocore() throws IOException {
        Path script = home.resolve("botocore_sso.py");
        Files.writeString(script, SCRIPT);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(env());
        Processes.Result result = Processes.run(
                List.of(python.toString(), script.toString(), home.toString()),
                env,
                home,
                null,
                Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return (String) Json.parseObject(result.stdout().strip()).get("accessKeyId");
    }

    @Test
    void botocore_reads_the_token_our_renewal_wrote() throws Exception {
        SessionResult result = ours();
        assertThat(result.session().accessKeyId()).startsWith("ASIASSOFAKE");
        assertThat(fake.count("/token")).isEqualTo(1);
        String renewed = (String) Json.parseObject(Files.readString(token)).get("accessToken");
        assertThat(renewed).startsWith("renewed-access-");

        String botocoreKey = botocore();

        assertThat(botocoreKey)
                .startsWith("ASIASSOFAKE")
                .isNotEqualTo(result.session().accessKeyId());
        assertThat(fake.count("/token"))
                .as("botocore found the renewed token good for hours")
                .isEqualTo(1);
        FakeIdentityCenter.Request last = fake.requests().get(fake.requests().size() - 1);
        assertThat(last.headers()).containsEntry("x-amz-sso_bearer_token", renewed);
    }

    @Test
    void we_read_the_token_botocore_renewed() throws Exception {
        String botocoreKey = botocore();
        assertThat(botocoreKey).startsWith("ASIASSOFAKE");
        assertThat(fake.count("/token")).isEqualTo(1);
        Map<String, Object> written = Json.parseObject(Files.readString(token));
        assertThat((String) written.get("accessToken")).startsWith("renewed-access-");

        SessionResult result = ours();

        assertThat(result.session().accessKeyId()).startsWith("ASIASSOFAKE").isNotEqualTo(botocoreKey);
        assertThat(fake.count("/token"))
                .as("we found botocore's renewed token good for hours")
                .isEqualTo(1);
        FakeIdentityCenter.Request last = fake.requests().get(fake.requests().size() - 1);
        assertThat(last.headers()).containsEntry("x-amz-sso_bearer_token", (String) written.get("accessToken"));
    }
}
