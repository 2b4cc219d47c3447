package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.Json;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign-in service's token endpoint over real HTTP: a code redeemed with PKCE and a DPoP proof
 * gives the user's working credentials, refreshes rotate the refresh token up to 12 hours from
 * sign-in, and every bad proof or token is refused with the error botocore acts on.
 */
class SigninTokenEndpointTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "verifier-verifier-verifier-verifier-verifier-0123";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    final SecureRandom random = new SecureRandom();
    final HttpClient http = HttpClient.newHttpClient();
    Emulator emulator;
    IamClient client;
    String url;

    record Answer(int status, String errorType, Map<String, Object> body) {
        String error() {
            return (String) body.get("error");
        }
    }

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(
                EmulatorConfig.forTests(dir.resolve("state")).withClock(clock).withMaxSkew(Duration.ofDays(3650)));
        client = new IamClient(emulator, clock);
        url = emulator.endpoint() + "/v1/token";
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    String code() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes());
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        return emulator.signinAuthorizationCode("demo", CLIENT, REDIRECT, challenge);
    }

    Answer post(String dpop, Map<String, Object> input) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(input)));
        if (dpop != null) {
            request.header("DPoP", dpop);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                Json.parseObject(response.body()));
    }

    Map<String, Object> redeemInput(String code) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", CLIENT);
        input.put("grantType", "authorization_code");
        input.put("code", code);
        input.put("redirectUri", REDIRECT);
        input.put("codeVerifier", VERIFIER);
        return input;
    }

    static Map<String, Object> refreshInput(String refreshToken) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", CLIENT);
        input.put("grantType", "refresh_token");
        input.put("refreshToken", refreshToken);
        return input;
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    static AwsCredentials credentials(Answer answer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> token = (Map<String, Object>) answer.body().get("accessToken");
        return new AwsCredentials((String) token.get("accessKeyId"), (String) token.get("secretAccessKey"), (String)
                token.get("sessionToken"));
    }

    Answer signIn(DpopKey key) throws Exception {
        Answer answer = post(key.proof("POST", url, now()), redeemInput(code()));
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        return answer;
    }

    @Test
    void a_redeemed_code_gives_the_users_own_credentials_for_fifteen_minutes() throws Exception {
        DpopKey key = DpopKey.generate(random);

        Answer answer = signIn(key);

        assertThat(answer.body().get("tokenType")).isEqualTo("aws_sigv4");
        assertThat(answer.body().get("expiresIn")).isEqualTo(900L);
        QueryResult identity = client.sts(credentials(answer), "GetCallerIdentity");
        assertThat(identity.textAt("Arn")).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/demo");
    }

    @Test
    void refreshes_rotate_the_refresh_token_and_end_twelve_hours_after_sign_in() throws Exception {
        DpopKey key = DpopKey.generate(random);
        String refresh = (String) signIn(key).body().get("refreshToken");

        clock.advance(Duration.ofMinutes(14));
        Answer refreshed = post(key.proof("POST", url, now()), refreshInput(refresh));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(client.sts(credentials(refreshed), "GetCallerIdentity").textAt("Arn"))
                .endsWith(":user/demo");
        refresh = (String) refreshed.body().get("refreshToken");

        // Eleven hours fifty after sign-in: the credentials end with the session, not 15 minutes later.
        clock.advance(Duration.ofMinutes(11 * 60 + 36));
        Answer last = post(key.proof("POST", url, now()), refreshInput(refresh));
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.body().get("expiresIn")).isEqualTo(600L);

        clock.advance(Duration.ofMinutes(10));
        Answer ended = post(
                key.proof("POST", url, now()), refreshInput((String) last.body().get("refreshToken")));
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.errorType()).isEqualTo("AccessDeniedException");
        assertThat(ended.error()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void a_refresh_token_replayed_after_a_minute_is_refused_and_revokes_the_sign_in() throws Exception {
        DpopKey key = DpopKey.generate(random);
        String first = (String) signIn(key).body().get("refreshToken");
        Answer second = post(key.proof("POST", url, now()), refreshInput(first));
        assertThat(second.status()).isEqualTo(200);

        // Within a minute, the same token is answered again (two tools sharing one cache entry).
        clock.advance(Duration.ofSeconds(50));
        assertThat(post(key.proof("POST", url, now()), refreshInput(first)).status())
                .isEqualTo(200);

        clock.advance(Duration.ofSeconds(20));
        Answer replay = post(key.proof("POST", url, now()), refreshInput(first));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.error()).isEqualTo("TOKEN_EXPIRED");
        Answer afterRevocation = post(key.proof("POST", url, now()), refreshInput((String)
                second.body().get("refreshToken")));
        assertThat(afterRevocation.error()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void a_refresh_with_another_key_is_refused() throws Exception {
        String refresh = (String) signIn(DpopKey.generate(random)).body().get("refreshToken");

        Answer answer = post(DpopKey.generate(random).proof("POST", url, now()), refreshInput(refresh));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("ValidationException");
        assertThat(answer.error()).isEqualTo("INVALID_REQUEST");
        assertThat((String) answer.body().get("message")).contains("key");
    }

    @Test
    void bad_proofs_are_refused_and_spend_nothing() throws Exception {
        DpopKey key = DpopKey.generate(random);
        String refresh = (String) signIn(key).body().get("refreshToken");
        String replayed = key.proof("POST", url, now(), "jti-once");
        assertThat(post(replayed, refreshInput("SIRTnot-a-token")).error()).isEqualTo("INVALID_REQUEST");

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("missing", null);
        refused.put("replayed jti", replayed);
        refused.put("wrong htm", key.proof("GET", url, now()));
        refused.put("wrong htu", key.proof("POST", emulator.endpoint() + "/v1/other", now()));
        refused.put("wrong port", key.proof("POST", "http://127.0.0.1:1/v1/token", now()));
        refused.put("stale iat", key.proof("POST", url, now() - 600));
        refused.put("future iat", key.proof("POST", url, now() + 600));
        String good = key.proof("POST", url, now());
        refused.put(
                "tampered claims",
                good.substring(0, good.indexOf('.') + 1)
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(("{\"htm\":\"POST\",\"htu\":\"" + url + "\",\"iat\":" + now()
                                                + ",\"jti\":\"x\"}")
                                        .getBytes())
                        + good.substring(good.lastIndexOf('.')));
        refused.put("not a jws", "abc");
        for (Map.Entry<String, String> proof : refused.entrySet()) {
            Answer answer = post(proof.getValue(), refreshInput(refresh));
            assertThat(answer.status()).as(proof.getKey()).isEqualTo(400);
            assertThat(answer.error()).as(proof.getKey()).isEqualTo("INVALID_REQUEST");
        }
        // None of them spent the refresh token.
        assertThat(post(key.proof("POST", url, now()), refreshInput(refresh)).status())
                .isEqualTo(200);
    }

    @Test
    void a_tampered_refresh_token_is_refused() throws Exception {
        DpopKey key = DpopKey.generate(random);
        String refresh = (String) signIn(key).body().get("refreshToken");
        char last = refresh.charAt(refresh.length() - 5);
        String tampered = refresh.substring(0, refresh.length() - 5)
                + (last == 'A' ? 'B' : 'A')
                + refresh.substring(refresh.length() - 4);

        Answer answer = post(key.proof("POST", url, now()), refreshInput(tampered));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void codes_are_single_use_checked_against_pkce_and_redirect_and_expire() throws Exception {
        DpopKey key = DpopKey.generate(random);
        String code = code();
        Map<String, Object> wrongVerifier = redeemInput(code);
        wrongVerifier.put("codeVerifier", VERIFIER.replace('0', '1'));
        assertThat(post(key.proof("POST", url, now()), wrongVerifier).error()).isEqualTo("INVALID_REQUEST");
        Map<String, Object> wrongRedirect = redeemInput(code);
        wrongRedirect.put("redirectUri", "http://127.0.0.1:1/other");
        assertThat(post(key.proof("POST", url, now()), wrongRedirect).error()).isEqualTo("INVALID_REQUEST");

        assertThat(post(key.proof("POST", url, now()), redeemInput(code)).status())
                .isEqualTo(200);
        Answer again = post(key.proof("POST", url, now()), redeemInput(code));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.error()).isEqualTo("AUTHCODE_EXPIRED");

        String late = code();
        clock.advance(Duration.ofMinutes(6));
        assertThat(post(key.proof("POST", url, now()), redeemInput(late)).error())
                .isEqualTo("AUTHCODE_EXPIRED");
    }

    @Test
    void a_deleted_user_cannot_refresh() throws Exception {
        DpopKey key = DpopKey.generate(random);
        String refresh = (String) signIn(key).body().get("refreshToken");
        AwsCredentials root = emulator.rootCredentials();
        client.call(root, "CreateUser", "UserName", "carol");
        String code = emulator.signinAuthorizationCode(
                "carol",
                CLIENT,
                REDIRECT,
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes())));
        Answer carol = post(key.proof("POST", url, now()), redeemInput(code));
        client.call(root, "DeleteUser", "UserName", "carol");

        Answer answer = post(key.proof("POST", url, now()), refreshInput((String)
                carol.body().get("refreshToken")));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).isEqualTo("USER_CREDENTIALS_CHANGED");
        assertThat(post(key.proof("POST", url, now()), refreshInput(refresh)).status())
                .isEqualTo(200);
    }
}
