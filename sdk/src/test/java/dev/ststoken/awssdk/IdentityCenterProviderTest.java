package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.sso.TokenCache;
import dev.ststoken.testing.FakeIdentityCenter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The SDK provider with an IAM Identity Center profile: the sign-in's role session, cached, or a clean failure. */
class IdentityCenterProviderTest {
    @TempDir
    Path home;

    FakeIdentityCenter fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeIdentityCenter(Clock.systemUTC());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
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

    MfaSessionCredentialsProvider provider() {
        return MfaSessionCredentialsProvider.builder()
                .profileName("dev")
                .environment(Map.of("AWS_ENDPOINT_URL_SSO", fake.endpoint().toString(), "HOME", home.toString()))
                .homeDirectory(home)
                .clock(Clock.systemUTC())
                .build();
    }

    @Test
    void the_provider_hands_out_the_sign_ins_role_session_from_the_shared_cache() throws Exception {
        Path token = home.resolve(".aws/sso/cache/" + TokenCache.fileName("corp") + ".json");
        Files.createDirectories(token.getParent());
        Files.writeString(
                token,
                "{\"accessToken\": \"access-1\", \"expiresAt\": \""
                        + Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS) + "\"}");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        fake.acceptAccessToken("access-1");

        AwsSessionCredentials first = (AwsSessionCredentials) provider().resolveCredentials();
        AwsSessionCredentials second = (AwsSessionCredentials) provider().resolveCredentials();

        assertThat(first.accessKeyId()).isEqualTo("ASIASSOFAKE000000001");
        assertThat(first.sessionToken()).isEqualTo("ssotoken1+123456789012");
        assertThat(second.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(fake.count("/federation/credentials")).isEqualTo(1);
    }

    @Test
    void a_missing_sign_in_is_an_sdk_client_exception_naming_the_sign_in_command() {
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("sts-session-token sso login --profile dev")
                .hasMessageStartingWith("cannot get a session for profile 'dev': the IAM Identity Center sign-in");
        assertThat(fake.requests()).isEmpty();
    }
}
