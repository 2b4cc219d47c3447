package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.signin.LoginCredentials;
import dev.ststoken.signin.LoginSessionCredentials;
import dev.ststoken.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK for Java v2's own login_session provider (the {@code signin} module's
 * LoginProfileCredentialsProviderFactory, found by ProfileCredentialsProvider for a profile with
 * {@code login_session}) against the emulator: it reads the cache entry OUR sign-in wrote, refreshes
 * it at the emulator's /v1/token with its own DPoP proof (its own key loading, signing and
 * request), writes the refreshed entry back, and its credentials call STS. Then our client reads the
 * entry the SDK wrote: a cache hit on the SDK's credentials, and later our own refresh with the
 * refresh token the SDK stored. The SDK decides on the real clock, so the emulator runs on it too;
 * the sign-in happens 14.5 minutes in the past so that 30 s are left, within the SDK's 1-minute
 * stale time (no sleep, no edited file).
 */
class JavaSdkLoginSessionTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "sdk-verifier-sdk-verifier-sdk-verifier-sdk-verifier-01";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofSeconds(870)));
    Emulator emulator;
    String previousCacheDir;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(
                EmulatorConfig.forTests(dir.resolve("state")).withClock(clock).withMaxSkew(Duration.ofHours(1)));
        previousCacheDir = System.getProperty("aws.loginCacheDirectory");
    }

    @AfterEach
    void stop() {
        if (previousCacheDir == null) {
            System.clearProperty("aws.loginCacheDirectory");
        } else {
            System.setProperty("aws.loginCacheDirectory", previousCacheDir);
        }
        emulator.close();
    }

    @Test
    void the_sdk_refreshes_the_cache_our_sign_in_wrote_and_our_client_uses_what_it_wrote_back() throws Exception {
        Path cache = dir.resolve("home/.aws/login/cache");
        String loginSession = "arn:aws:iam::" + emulator.accountId() + ":user/demo";
        LoginSessionCredentials ours = new LoginSessionCredentials(cache, loginSession, emulator.endpoint(), clock);
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
        LoginCredentials signedIn = ours.redeem(
                emulator.signinAuthorizationCode("demo", CLIENT, REDIRECT, challenge),
                VERIFIER,
                REDIRECT,
                CLIENT,
                DpopKey.generate(new SecureRandom()),
                emulator.accountId());
        String ourRefreshToken =
                (String) Json.parseObject(Files.readString(ours.file())).get("refreshToken");

        // Now the real time: 30 s of the first credentials are left.
        clock.set(Instant.now());
        Path config = Files.writeString(
                dir.resolve("config"),
                "[profile signed-in]\nlogin_session = " + loginSession + "\nregion = us-east-1\nendpoint_url = "
                        + emulator.endpoint() + "\n");
        System.setProperty("aws.loginCacheDirectory", cache.toString());
        ProfileFile profiles = ProfileFile.builder()
                .content(config)
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
        long tokenCalls = emulator.requestCount();
        AwsSessionCredentials sdk;
        try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                .profileFile(profiles)
                .profileName("signed-in")
                .build()) {
            sdk = (AwsSessionCredentials) provider.resolveCredentials();
            try (StsClient sts = StsClient.builder()
                    .region(Region.US_EAST_1)
                    .endpointOverride(emulator.endpoint())
                    .credentialsProvider(provider)
                    .build()) {
                assertThat(sts.getCallerIdentity().arn()).isEqualTo(loginSession);
            }
        }

        // The SDK refreshed (a token call with its own proof) and wrote the entry back for everyone.
        assertThat(sdk.accessKeyId()).isNotEqualTo(signedIn.accessKeyId());
        assertThat(emulator.requestCount()).isGreaterThan(tokenCalls);
        Map<String, Object> written = Json.parseObject(Files.readString(ours.file()));
        assertThat(written.get("refreshToken")).isNotEqualTo(ourRefreshToken);
        assertThat(((Map<?, ?>) written.get("accessToken")).get("accessKeyId")).isEqualTo(sdk.accessKeyId());

        // Our client: a cache hit on what the SDK wrote (no request), then our refresh with its token.
        long before = emulator.requestCount();
        LoginCredentials hit = ours.credentials(Duration.ofMinutes(5), false);
        assertThat(hit.accessKeyId()).isEqualTo(sdk.accessKeyId());
        assertThat(hit.sessionToken()).isEqualTo(sdk.sessionToken());
        assertThat(emulator.requestCount()).isEqualTo(before);

        clock.advance(Duration.ofMinutes(11));
        LoginCredentials refreshed = ours.credentials(Duration.ofMinutes(5), false);
        assertThat(refreshed.accessKeyId()).isNotEqualTo(sdk.accessKeyId());
        assertThat(refreshed.expiration())
                .isEqualTo(clock.instant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .plusSeconds(900));
    }
}
