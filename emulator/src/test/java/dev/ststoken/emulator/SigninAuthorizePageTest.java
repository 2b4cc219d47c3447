package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.internal.Html;
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
    /** The document of AWS's managed policy SignInLocalDevelopmentAccess (v3), which aws login asks users to have. */
    static final String SIGN_IN_LOCAL_DEVELOPMENT_ACCESS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
            + "\"Allow\",\"Action\":[\"signin:AuthorizeOAuth2Access\",\"signin:CreateOAuth2Token\"],"
            + "\"Resource\":\"arn:aws:signin:*:*:oauth2/public-client/*\"}]}";

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
        client.call(
                emulator.rootCredentials(),
                "PutUserPolicy",
                "UserName",
                "demo",
                "PolicyName",
                "aws-login",
                "PolicyDocument",
                SIGN_IN_LOCAL_DEVELOPMENT_ACCESS);
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
            fields.put(hidden.group(1), Html.unescape(hidden.group(2)));
        }
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Form(fields, cookie);
    }

    String code() {
        return Totp.code(demo.mfaSeed(), clock.instant());
    }

    HttpResponse<String> signIn(Form form, String password, String mfaCode) throws Exception {
        return signIn(form, "iam", "demo", password, mfaCode);
    }

    HttpResponse<String> signIn(Form form, String principal, String user, String password, String mfaCode)
            throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.put("principal", principal);
        fields.put("username", user);
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

    /** The code the redirect carries, redeemed at the token endpoint with a fresh DPoP key. */
    AwsCredentials redeem(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(location.getRawQuery(), false)) {
            query.put(pair.getKey(), pair.getValue());
        }
        return redeemCode(emulator, http, clock.instant(), query.get("code"), REDIRECT);
    }

    /** Trades an authorization code (made for {@link #challenge}) for credentials at /v1/token. */
    static AwsCredentials redeemCode(Emulator emulator, HttpClient http, Instant now, String code, String redirect)
            throws Exception {
        String url = emulator.endpoint() + "/v1/token";
        DpopKey key = DpopKey.generate(new SecureRandom());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", CLIENT);
        input.put("grantType", "authorization_code");
        input.put("code", code);
        input.put("redirectUri", redirect);
        input.put("codeVerifier", VERIFIER);
        HttpResponse<String> token = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("DPoP", key.proof("POST", url, now.getEpochSecond()))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(input)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<?, ?> access = (Map<?, ?>) Json.parseObject(token.body()).get("accessToken");
        return new AwsCredentials((String) access.get("accessKeyId"), (String) access.get("secretAccessKey"), (String)
                access.get("sessionToken"));
    }

    @Test
    void an_iam_user_without_signin_authorize_oauth2_access_is_refused_with_awss_error() throws Exception {
        AwsCredentials root = emulator.rootCredentials();
        client.call(root, "CreateUser", "UserName", "bob");
        client.call(root, "CreateLoginProfile", "UserName", "bob", "Password", PASSWORD);
        var device = client.call(root, "CreateVirtualMFADevice", "VirtualMFADeviceName", "bob")
                .child("VirtualMFADevice");
        String serial = device.textAt("SerialNumber");
        byte[] seed = dev.ststoken.totp.Base32.decode(new String(
                java.util.Base64.getDecoder().decode(device.textAt("Base32StringSeed")),
                java.nio.charset.StandardCharsets.US_ASCII));
        client.call(
                root,
                "EnableMFADevice",
                "UserName",
                "bob",
                "SerialNumber",
                serial,
                "AuthenticationCode1",
                Totp.code(seed, clock.instant().minusSeconds(30)),
                "AuthenticationCode2",
                Totp.code(seed, clock.instant()));
        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> refused = signIn(open(), "iam", "bob", PASSWORD, Totp.code(seed, clock.instant()));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
        assertThat(Html.unescape(refused.body()))
                .contains("AccessDeniedException (INSUFFICIENT_PERMISSIONS): User: arn:aws:iam::"
                        + emulator.accountId() + ":user/bob is not authorized to perform:"
                        + " signin:AuthorizeOAuth2Access on resource: arn:aws:signin:us-east-1:"
                        + emulator.accountId() + ":oauth2/public-client/localhost because no identity-based"
                        + " policy allows the signin:AuthorizeOAuth2Access action")
                .contains("SignInLocalDevelopmentAccess");

        // With AWS's policy attached, the same user gets a code; an explicit deny takes it away again.
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "bob",
                "PolicyName",
                "aws-login",
                "PolicyDocument",
                SIGN_IN_LOCAL_DEVELOPMENT_ACCESS);
        clock.advance(Duration.ofSeconds(30));
        AwsCredentials bob = redeem(signIn(open(), "iam", "bob", PASSWORD, Totp.code(seed, clock.instant())));
        assertThat(client.sts(bob, "GetCallerIdentity").textAt("Arn")).endsWith(":user/bob");
        client.call(
                root,
                "PutUserPolicy",
                "UserName",
                "bob",
                "PolicyName",
                "no-login",
                "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"signin:*\","
                        + "\"Resource\":\"*\"}}");
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> denied = signIn(open(), "iam", "bob", PASSWORD, Totp.code(seed, clock.instant()));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(Html.unescape(denied.body())).contains("with an explicit deny in an identity-based policy");
    }

    @Test
    void the_root_user_signs_in_with_its_password_and_mfa_code_and_gets_root_credentials() throws Exception {
        Form form = open();
        String password = java.nio.file.Files.readString(dir.resolve("state/root-password.txt"))
                .strip();
        byte[] seed =
                dev.ststoken.totp.Base32.decode(java.nio.file.Files.readString(dir.resolve("state/root-mfa-seed.txt"))
                        .strip());
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("state/root-password.txt")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(form.fields()).doesNotContainKey("principal"); // chosen by the person, not carried hidden
        assertThat(open().fields()).isNotEmpty();

        // Root's password with a user's code, or root's code with the demo user's password, is refused.
        assertThat(signIn(form, "root", "", PASSWORD, Totp.code(seed, clock.instant()))
                        .statusCode())
                .isEqualTo(401);
        assertThat(signIn(form, "root", "", password, code()).statusCode()).isEqualTo(401);

        AwsCredentials root = redeem(signIn(form, "root", "", password, Totp.code(seed, clock.instant())));

        var identity = client.sts(root, "GetCallerIdentity");
        assertThat(identity.textAt("Arn")).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":root");
        assertThat(root.sessionToken()).isNotNull();
        // The code is spent: the same one again is refused.
        assertThat(signIn(open(), "root", "", password, Totp.code(seed, clock.instant()))
                        .statusCode())
                .isEqualTo(401);
        // The state keeps a hash of root's password, never the password.
        assertThat(java.nio.file.Files.readString(dir.resolve("state/state.json")))
                .contains("\"rootLoginPassword\"")
                .doesNotContain(password);
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

    /** aws login --remote: the cross-device client may only be sent to this service's confirmation page. */
    @Test
    void the_cross_device_client_lands_only_on_the_confirmation_page_which_shows_only_a_well_formed_code()
            throws Exception {
        String confirmation = emulator.endpoint() + "/v1/sessions/confirmation";
        Map<String, String> remote = request(confirmation);
        remote.put("client_id", "arn:aws:signin:::devtools/cross-device");
        remote.put("code_challenge_method", "SHA-256"); // as the AWS CLI names it
        assertThat(get(remote).statusCode()).isEqualTo(200);
        Map<String, String> loopback = request(REDIRECT);
        loopback.put("client_id", "arn:aws:signin:::devtools/cross-device");
        assertThat(get(loopback).statusCode()).isEqualTo(400);

        HttpResponse<String> shown = http.send(
                HttpRequest.newBuilder(URI.create(confirmation + "?code=abc.DEF-1&state=s1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body())
                .contains("<code id=\"verification-code\">"
                        + java.util.Base64.getEncoder().encodeToString("state=s1&code=abc.DEF-1".getBytes())
                        + "</code>");
        for (String query : List.of("code=%3Cscript%3E&state=s1", "code=abc", "state=s1", "code=a%20b&state=s1")) {
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create(confirmation + "?" + query))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.body()).doesNotContain("<script");
        }
    }
}
