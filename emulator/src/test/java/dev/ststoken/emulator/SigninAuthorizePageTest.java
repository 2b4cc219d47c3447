package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorize page over real HTTP as a browser uses it: the form (escaped, CSRF token and cookie),
 * password and MFA code checked, the redirect to the loopback URI with code and state, and the code
 * redeemed at the token endpoint for the user's credentials. Login profiles through IAM.
 */
class SigninAuthorizePageTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "page-verifier-page-verifier-page-verifier-page-0123";
    static final String PASSWORD = "correct horse battery";
    static final String STATE = "st\"ate<x>&'1";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    final HttpClient http = HttpClient.newHttpClient();
    Emulator emulator;
    IamClient client;
    DemoIdentity demo;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(
                EmulatorConfig.forTests(dir.resolve("state")).withClock(clock).withMaxSkew(Duration.ofDays(3650)));
        client = new IamClient(emulator, clock);
        demo = emulator.demoIdentity();
        client.call(emulator.rootCredentials(), "CreateLoginProfile", "UserName", "demo", "Password", PASSWORD);
        clock.advance(Duration.ofMinutes(1)); // past any MFA step the bootstrap used
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static String challenge() throws Exception {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
    }

    Map<String, String> request(String redirect) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", CLIENT);
        params.put("redirect_uri", redirect);
        params.put("state", STATE);
        params.put("code_challenge", challenge());
        params.put("code_challenge_method", "S256");
        return params;
    }

    static String form(Map<String, String> params) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(params.entrySet());
        return PercentEncoding.formEncode(pairs);
    }

    HttpResponse<String> get(Map<String, String> params) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/v1/authorize?" + form(params)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(Map<String, String> fields, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/v1/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The form's hidden fields as a browser would send them back, and its cookie. */
    record Form(Map<String, String> fields, String cookie) {}

    Form open() throws Exception {
        HttpResponse<String> page = get(request(REDIRECT));
        assertThat(page.statusCode()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">")
                .matcher(page.body());
        while (hidden.find()) {
            fields.put(hidden.group(1), unescape(hidden.group(2)));
        }
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Form(fields, cookie);
    }

    static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    String code() {
        return Totp.code(demo.mfaSeed(), clock.instant());
    }

    HttpResponse<String> signIn(Form form, String password, String mfaCode) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.put("username", "demo");
        fields.put("password", password);
        fields.put("mfa_code", mfaCode);
        return post(fields, form.cookie());
    }

    @Test
    void the_page_escapes_what_it_shows_and_forbids_framing_and_external_content() throws Exception {
        HttpResponse<String> page = get(request(REDIRECT));

        assertThat(page.body())
                .contains("value=\"st&quot;ate&lt;x&gt;&amp;&#39;1\"")
                .doesNotContain(STATE);
        assertThat(page.body())
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("<img")
                .doesNotContain("<style")
                .doesNotContain("src=")
                .doesNotContain("href=");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'")
                .contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict");
    }

    @Test
    void password_and_mfa_code_send_the_browser_to_the_loopback_uri_with_a_code_that_redeems() throws Exception {
        HttpResponse<String> answer = signIn(open(), PASSWORD, code());

        assertThat(answer.statusCode()).isEqualTo(302);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getHost()).isEqualTo("127.0.0.1");
        assertThat(location.getPort()).isEqualTo(49152);
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(location.getRawQuery(), false)) {
            query.put(pair.getKey(), pair.getValue());
        }
        assertThat(query.get("state")).isEqualTo(STATE);

        String url = emulator.endpoint() + "/v1/token";
        DpopKey key = DpopKey.generate(new SecureRandom());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", CLIENT);
        input.put("grantType", "authorization_code");
        input.put("code", query.get("code"));
        input.put("redirectUri", REDIRECT);
        input.put("codeVerifier", VERIFIER);
        HttpResponse<String> token = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("DPoP", key.proof("POST", url, clock.instant().getEpochSecond()))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(input)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<?, ?> access = (Map<?, ?>) Json.parseObject(token.body()).get("accessToken");
        AwsCredentials credentials =
                new AwsCredentials((String) access.get("accessKeyId"), (String) access.get("secretAccessKey"), (String)
                        access.get("sessionToken"));
        assertThat(client.sts(credentials, "GetCallerIdentity").textAt("Arn")).endsWith(":user/demo");
    }

    @Test
    void a_wrong_password_is_refused_without_spending_the_mfa_code() throws Exception {
        Form form = open();
        String mfa = code();

        HttpResponse<String> wrong = signIn(form, "not the password", mfa);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Location")).isEmpty();
        assertThat(wrong.body()).contains("not right");
        assertThat(signIn(form, PASSWORD, mfa).statusCode()).isEqualTo(302);
    }

    @Test
    void a_used_or_wrong_mfa_code_is_refused() throws Exception {
        Form form = open();
        String mfa = code();
        assertThat(signIn(form, PASSWORD, mfa).statusCode()).isEqualTo(302);

        assertThat(signIn(form, PASSWORD, mfa).statusCode()).isEqualTo(401);
        assertThat(signIn(form, PASSWORD, "000000".equals(mfa) ? "111111" : "000000")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void a_post_without_the_cookie_or_with_a_stale_or_forged_token_is_refused() throws Exception {
        Form form = open();
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.put("username", "demo");
        fields.put("password", PASSWORD);
        fields.put("mfa_code", code());

        assertThat(post(fields, null).statusCode()).isEqualTo(403);
        assertThat(post(fields, "signin_csrf=someone-elses").statusCode()).isEqualTo(403);
        Map<String, String> forged = new LinkedHashMap<>(fields);
        String csrf = fields.get("csrf");
        forged.put("csrf", csrf.substring(0, csrf.lastIndexOf('.') + 1) + "AAAA");
        assertThat(post(forged, form.cookie()).statusCode()).isEqualTo(403);
        clock.advance(Duration.ofMinutes(11));
        assertThat(post(fields, form.cookie()).statusCode()).isEqualTo(403);
    }

    @Test
    void a_redirect_uri_off_the_loopback_or_a_plain_challenge_is_refused_without_a_redirect() throws Exception {
        for (String redirect : List.of(
                "https://attacker.example/cb", "http://127.0.0.1/cb", "http://user@127.0.0.1:1/cb", "javascript:x")) {
            HttpResponse<String> page = get(request(redirect));
            assertThat(page.statusCode()).as(redirect).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).isEmpty();
        }
        Map<String, String> plain = request(REDIRECT);
        plain.put("code_challenge_method", "plain");
        assertThat(get(plain).statusCode()).isEqualTo(400);
    }

    @Test
    void login_profiles_follow_iam() throws Exception {
        AwsCredentials root = emulator.rootCredentials();
        StsServiceException twice =
                client.refusal(root, "CreateLoginProfile", "UserName", "demo", "Password", "another password");
        assertThat(twice.code()).isEqualTo("EntityAlreadyExists");
        client.call(root, "CreateUser", "UserName", "bob");
        assertThat(client.refusal(root, "CreateLoginProfile", "UserName", "bob", "Password", "short")
                        .code())
                .isEqualTo("PasswordPolicyViolation");
        client.call(root, "CreateLoginProfile", "UserName", "bob", "Password", "long enough");
        assertThat(client.refusal(root, "DeleteUser", "UserName", "bob").code()).isEqualTo("DeleteConflict");
        client.call(root, "DeleteLoginProfile", "UserName", "bob");
        assertThat(client.refusal(root, "GetLoginProfile", "UserName", "bob").code())
                .isEqualTo("NoSuchEntity");
        client.call(root, "DeleteUser", "UserName", "bob");

        // A changed password: the old one no longer signs in.
        client.call(root, "UpdateLoginProfile", "UserName", "demo", "Password", "a new password");
        assertThat(signIn(open(), PASSWORD, code()).statusCode()).isEqualTo(401);
    }
}
