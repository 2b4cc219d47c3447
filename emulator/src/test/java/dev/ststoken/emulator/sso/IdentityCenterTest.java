package dev.ststoken.emulator.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity Center's refusals over real HTTP, on a clock the test moves: sign-in with a wrong
 * password or TOTP code, denial, an expired device code, polling too fast, another client's codes
 * and tokens, changed and expired tokens, an unassigned role, CSRF, escaping, and the PKCE flow's
 * redirect URI and verifier checks.
 */
class IdentityCenterTest {
    @TempDir
    Path stateDir;

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Emulator emulator;
    Browser browser;
    String password;
    byte[] seed;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        emulator.identityCenter();
        browser = new Browser(emulator.endpoint());
        password = Files.readString(stateDir.resolve(SsoHandler.DEMO_PASSWORD_FILE))
                .strip();
        seed = Base32.decode(
                Files.readString(stateDir.resolve(SsoHandler.DEMO_SEED_FILE)).strip());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** A code of a step no sign-in used yet: the clock moves to the next step first. */
    String nextCode() {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return Totp.code(seed, clock.instant());
    }

    Map<String, Object> call(String path, Map<String, Object> body, int status, String errorType) throws Exception {
        HttpResponse<String> response = browser.api("POST", path, Json.write(body), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType").orElse(null))
                .isEqualTo(errorType);
        return Json.parseObject(response.body());
    }

    Map<String, Object> register(String... scopes) throws Exception {
        return call(
                "/client/register",
                Map.of("clientName", "test", "clientType", "public", "scopes", List.of(scopes)),
                200,
                null);
    }

    Map<String, Object> device(Map<String, Object> client) throws Exception {
        return call(
                "/device_authorization",
                Map.of(
                        "clientId",
                        client.get("clientId"),
                        "clientSecret",
                        client.get("clientSecret"),
                        "startUrl",
                        "http://start"),
                200,
                null);
    }

    Map<String, Object> poll(Map<String, Object> client, Map<String, Object> device, int status, String error)
            throws Exception {
        return call(
                "/token",
                Map.of(
                        "clientId",
                        client.get("clientId"),
                        "clientSecret",
                        client.get("clientSecret"),
                        "grantType",
                        OidcApi.DEVICE_CODE,
                        "deviceCode",
                        device.get("deviceCode")),
                status,
                error);
    }

    HttpResponse<String> decide(Map<String, Object> device, String pass, String code, String action) throws Exception {
        browser.get("/sso/device?user_code=" + device.get("userCode"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", browser.csrf);
        form.put("user_code", (String) device.get("userCode"));
        form.put("username", "sso-demo");
        form.put("password", pass);
        form.put("totp", code);
        form.put("action", action);
        return browser.post("/sso/device", form);
    }

    @Test
    void a_wrong_password_or_totp_code_is_a_clear_error_on_the_page_and_approves_nothing() throws Exception {
        Map<String, Object> client = register("sso:account:access");
        Map<String, Object> device = device(client);
        HttpResponse<String> wrongPassword = decide(device, password + "x", nextCode(), "allow");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).contains("Wrong user name, password or MFA code.");
        HttpResponse<String> wrongCode = decide(
                device, password, "000000".equals(Totp.code(seed, clock.instant())) ? "111111" : "000000", "allow");
        assertThat(wrongCode.statusCode()).isEqualTo(401);
        assertThat(wrongCode.body()).contains("Wrong user name, password or MFA code.");
        assertThat(poll(client, device, 400, "AuthorizationPendingException").get("error"))
                .isEqualTo("authorization_pending");

        // The right ones approve; the same code again is refused as wrong (a code is used once).
        String code = nextCode();
        assertThat(decide(device, password, code, "allow").statusCode()).isEqualTo(200);
        Map<String, Object> again = device(client);
        assertThat(decide(again, password, code, "allow").statusCode()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(2));
        assertThat(poll(client, device, 200, null)).containsKeys("accessToken", "refreshToken");
    }

    @Test
    void five_wrong_sign_ins_lock_the_user_even_for_the_right_password() throws Exception {
        Map<String, Object> device = device(register());
        for (int i = 0; i < 5; i++) {
            assertThat(decide(device, "wrong-password", nextCode(), "allow").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> locked = decide(device, password, nextCode(), "allow");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins");
    }

    @Test
    void denial_ends_the_flow_with_access_denied() throws Exception {
        Map<String, Object> client = register();
        Map<String, Object> device = device(client);
        HttpResponse<String> denied = decide(device, "", "", "deny");
        assertThat(denied.statusCode()).isEqualTo(200);
        assertThat(denied.body()).contains("You denied the request");
        assertThat(poll(client, device, 400, "AccessDeniedException").get("error"))
                .isEqualTo("access_denied");
        // The flow is over: the device code no longer exists.
        assertThat(poll(client, device, 400, "InvalidGrantException").get("error"))
                .isEqualTo("invalid_grant");
    }

    @Test
    void polling_within_the_interval_is_slow_down_and_an_expired_device_code_is_expired_token() throws Exception {
        Map<String, Object> client = register();
        Map<String, Object> device = device(client);
        assertThat(device.get("interval")).isEqualTo(1L);
        poll(client, device, 400, "AuthorizationPendingException");
        assertThat(poll(client, device, 400, "SlowDownException").get("error")).isEqualTo("slow_down");
        clock.advance(Duration.ofSeconds(1));
        poll(client, device, 400, "AuthorizationPendingException");
        clock.advance(Duration.ofSeconds(600));
        assertThat(poll(client, device, 400, "ExpiredTokenException").get("error"))
                .isEqualTo("expired_token");
        // And the page no longer takes its user code.
        HttpResponse<String> late = decide(device, password, nextCode(), "allow");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("That code is not valid or has expired.");
    }

    @Test
    void another_clients_device_code_and_refresh_token_are_invalid_grants() throws Exception {
        Map<String, Object> mine = register("sso:account:access");
        Map<String, Object> other = register("sso:account:access");
        Map<String, Object> device = device(mine);
        assertThat(decide(device, password, nextCode(), "allow").statusCode()).isEqualTo(200);
        poll(other, device, 400, "InvalidGrantException");
        Map<String, Object> tokens = poll(mine, device, 200, null);
        call(
                "/token",
                Map.of(
                        "clientId",
                        other.get("clientId"),
                        "clientSecret",
                        other.get("clientSecret"),
                        "grantType",
                        "refresh_token",
                        "refreshToken",
                        tokens.get("refreshToken")),
                400,
                "InvalidGrantException");
        // An access token is not a refresh token either.
        call(
                "/token",
                Map.of(
                        "clientId",
                        mine.get("clientId"),
                        "clientSecret",
                        mine.get("clientSecret"),
                        "grantType",
                        "refresh_token",
                        "refreshToken",
                        tokens.get("accessToken")),
                400,
                "InvalidGrantException");
        call(
                "/token",
                Map.of(
                        "clientId",
                        mine.get("clientId"),
                        "clientSecret",
                        other.get("clientSecret"),
                        "grantType",
                        "refresh_token",
                        "refreshToken",
                        tokens.get("refreshToken")),
                401,
                "InvalidClientException");
        call(
                "/token",
                Map.of(
                        "clientId",
                        mine.get("clientId"),
                        "clientSecret",
                        mine.get("clientSecret"),
                        "grantType",
                        "password"),
                400,
                "UnsupportedGrantTypeException");
        call(
                "/token",
                Map.of("clientId", mine.get("clientId"), "clientSecret", mine.get("clientSecret")),
                400,
                "InvalidRequestException");
    }

    @Test
    void the_portal_refuses_changed_and_expired_tokens_and_roles_not_assigned() throws Exception {
        Map<String, Object> client = register();
        Map<String, Object> device = device(client);
        decide(device, password, nextCode(), "allow");
        Map<String, Object> tokens = poll(client, device, 200, null);
        assertThat(tokens).doesNotContainKey("refreshToken"); // a client without scopes, as on AWS
        String token = (String) tokens.get("accessToken");
        String account = emulator.accountId();
        String demo = "/federation/credentials?role_name=Demo&account_id=" + account;
        HttpResponse<String> ok = browser.api("GET", demo, null, token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).containsPattern("\"accessKeyId\": ?\"ASIA");

        // A character in the middle: the last one of unpadded base64 may carry only unused bits.
        int middle = token.length() / 2;
        String changed =
                token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A') + token.substring(middle + 1);
        assertPortalError(browser.api("GET", demo, null, changed), 401, "UnauthorizedException");
        assertPortalError(browser.api("GET", demo, null, null), 401, "UnauthorizedException");
        assertPortalError(
                browser.api("GET", "/federation/credentials?role_name=Other&account_id=" + account, null, token),
                403,
                "ForbiddenException");
        assertPortalError(
                browser.api("GET", "/federation/credentials?account_id=" + account, null, token),
                400,
                "InvalidRequestException");
        clock.advance(Duration.ofSeconds(OidcApi.ACCESS_SECONDS));
        assertPortalError(browser.api("GET", demo, null, token), 401, "UnauthorizedException");
        assertPortalError(browser.api("GET", "/assignment/accounts", null, token), 401, "UnauthorizedException");
    }

    @Test
    void a_user_sees_only_the_sets_assigned_to_them() throws Exception {
        Directory directory = emulator.identityCenter().directory();
        String aliceSeed = directory.createUser("alice", "correct horse battery");
        directory.putPermissionSet(
                "Admin",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"*\",\"Resource\":\"*\"}]}",
                List.of(),
                3600);
        directory.assign("alice", "Admin");
        seed = Base32.decode(aliceSeed);
        Map<String, Object> client = register();
        Map<String, Object> device = device(client);
        browser.get("/sso/device");
        HttpResponse<String> approved = browser.post(
                "/sso/device",
                Map.of(
                        "csrf",
                        browser.csrf,
                        "user_code",
                        (String) device.get("userCode"),
                        "username",
                        "alice",
                        "password",
                        "correct horse battery",
                        "totp",
                        nextCode(),
                        "action",
                        "allow"));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        String token = (String) poll(client, device, 200, null).get("accessToken");
        HttpResponse<String> roles =
                browser.api("GET", "/assignment/roles?account_id=" + emulator.accountId(), null, token);
        assertThat(Json.parseObject(roles.body()).get("roleList"))
                .isEqualTo(List.of(Map.of("roleName", "Admin", "accountId", emulator.accountId())));
        assertPortalError(
                browser.api(
                        "GET",
                        "/federation/credentials?role_name=Demo&account_id=" + emulator.accountId(),
                        null,
                        token),
                403,
                "ForbiddenException");
    }

    void assertPortalError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(type);
        assertThat(Json.parseObject(response.body())).containsKey("message");
    }

    @Test
    void a_form_post_without_the_token_or_with_another_browsers_is_refused() throws Exception {
        Map<String, Object> client = register();
        Map<String, Object> device = device(client);
        Map<String, String> form = new LinkedHashMap<>(Map.of(
                "user_code",
                (String) device.get("userCode"),
                "username",
                "sso-demo",
                "password",
                password,
                "totp",
                nextCode(),
                "action",
                "allow"));
        // No cookie and no token: a cross-site post.
        assertThat(browser.post("/sso/device", form).statusCode()).isEqualTo(403);
        // The cookie but no token, then a wrong token.
        browser.get("/sso/device");
        assertThat(browser.post("/sso/device", form).statusCode()).isEqualTo(403);
        form.put("csrf", browser.csrf + "x");
        assertThat(browser.post("/sso/device", form).statusCode()).isEqualTo(403);
        // Another browser's token with this browser's cookie.
        Browser other = new Browser(emulator.endpoint());
        other.get("/sso/device");
        form.put("csrf", other.csrf);
        HttpResponse<String> refused = browser.post("/sso/device", form);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This form has expired or was not sent from this page");
        poll(client, device, 400, "AuthorizationPendingException");
        // The page's own token is accepted.
        form.put("csrf", browser.csrf);
        assertThat(browser.post("/sso/device", form).statusCode()).isEqualTo(200);
    }

    @Test
    void the_pages_escape_what_they_echo_and_forbid_framing() throws Exception {
        HttpResponse<String> page = browser.get("/sso/device?user_code=%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(page.body()).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict");
        Map<String, String> form = new LinkedHashMap<>(Map.of(
                "csrf",
                browser.csrf,
                "user_code",
                "<b>x</b>",
                "username",
                "<img src=x onerror=alert(1)>",
                "password",
                "p",
                "totp",
                "1",
                "action",
                "allow"));
        HttpResponse<String> posted = browser.post("/sso/device", form);
        assertThat(posted.body())
                .doesNotContain("<img")
                .doesNotContain("<b>x")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    // The PKCE flow.

    static final String VERIFIER = "a-verifier-of-at-least-43-characters-for-pkce-0123456789";

    Map<String, Object> pkceClient(String redirect) throws Exception {
        return call(
                "/client/register",
                Map.of(
                        "clientName",
                        "<cli>",
                        "clientType",
                        "public",
                        "scopes",
                        List.of("sso:account:access"),
                        "redirectUris",
                        List.of(redirect),
                        "grantTypes",
                        List.of("authorization_code", "refresh_token")),
                200,
                null);
    }

    String authorizeQuery(Map<String, Object> client, String redirect) {
        return "/authorize?response_type=code&client_id=" + client.get("clientId") + "&redirect_uri="
                + dev.ststoken.internal.PercentEncoding.encode(redirect) + "&state=st%26te&code_challenge_method=S256"
                + "&code_challenge=" + OidcApi.challenge(VERIFIER) + "&scopes=sso%3Aaccount%3Aaccess";
    }

    /** Signs in on the authorize page; returns the redirect's Location. */
    String authorize(Map<String, Object> client, String redirect, String action) throws Exception {
        HttpResponse<String> page = browser.get(authorizeQuery(client, redirect));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;cli&gt;").doesNotContain("<cli>");
        Map<String, String> form = new LinkedHashMap<>();
        for (String name : List.of(
                "response_type",
                "client_id",
                "redirect_uri",
                "state",
                "code_challenge",
                "code_challenge_method",
                "scopes")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"")
                    .matcher(page.body());
            assertThat(m.find()).as(name).isTrue();
            form.put(name, m.group(1).replace("&amp;", "&"));
        }
        form.put("csrf", browser.csrf);
        form.put("username", "sso-demo");
        form.put("password", password);
        form.put("totp", nextCode());
        form.put("action", action);
        HttpResponse<String> redirected = browser.post("/authorize", form);
        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(302);
        return redirected.headers().firstValue("Location").orElseThrow();
    }

    Map<String, Object> redeem(
            Map<String, Object> client, String location, String redirect, String verifier, int status, String error)
            throws Exception {
        String code = java.util.regex.Pattern.compile("[?&]code=([^&]+)")
                .matcher(location)
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        return call(
                "/token",
                Map.of(
                        "clientId",
                        client.get("clientId"),
                        "clientSecret",
                        client.get("clientSecret"),
                        "grantType",
                        "authorization_code",
                        "code",
                        code,
                        "redirectUri",
                        redirect,
                        "codeVerifier",
                        verifier),
                status,
                error);
    }

    @Test
    void pkce_redirects_to_the_loopback_uri_with_the_code_and_state_and_checks_uri_and_verifier() throws Exception {
        String redirect = "http://127.0.0.1:51234/oauth/callback";
        Map<String, Object> client = pkceClient(redirect);
        assertThat(client.get("authorizationEndpoint")).isEqualTo(emulator.endpoint() + "/authorize");

        String location = authorize(client, redirect, "allow");
        assertThat(location).startsWith(redirect + "?code=").endsWith("&state=st%26te");
        redeem(client, location, redirect, VERIFIER + "x", 400, "InvalidGrantException");
        // A code is spent by its first use, right or wrong.
        redeem(client, location, redirect, VERIFIER, 400, "InvalidGrantException");

        location = authorize(client, redirect, "allow");
        redeem(client, location, "http://127.0.0.1:51234/other", VERIFIER, 400, "InvalidGrantException");

        location = authorize(client, redirect, "allow");
        Map<String, Object> tokens = redeem(client, location, redirect, VERIFIER, 200, null);
        assertThat(tokens).containsKeys("accessToken", "refreshToken");
        assertThat(browser.api("GET", "/assignment/accounts", null, (String) tokens.get("accessToken"))
                        .statusCode())
                .isEqualTo(200);

        assertThat(authorize(client, redirect, "deny")).isEqualTo(redirect + "?error=access_denied&state=st%26te");
    }

    @Test
    void pkce_never_redirects_to_an_unregistered_uri_and_registration_takes_only_loopback_ones() throws Exception {
        String redirect = "http://127.0.0.1:51234/cb";
        Map<String, Object> client = pkceClient(redirect);
        HttpResponse<String> page = browser.get(authorizeQuery(client, "http://evil.example/cb"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> plain =
                browser.get(authorizeQuery(client, redirect).replace("S256", "plain"));
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(plain.headers().firstValue("Location").orElseThrow())
                .startsWith(redirect + "?error=invalid_request");
        call(
                "/client/register",
                Map.of(
                        "clientName",
                        "x",
                        "clientType",
                        "public",
                        "redirectUris",
                        List.of("https://evil.example/cb"),
                        "grantTypes",
                        List.of("authorization_code")),
                400,
                "InvalidRedirectUriException");
        // A device flow is refused to a client registered for codes only.
        call(
                "/device_authorization",
                Map.of(
                        "clientId",
                        client.get("clientId"),
                        "clientSecret",
                        client.get("clientSecret"),
                        "startUrl",
                        "http://start"),
                400,
                "UnauthorizedClientException");
    }

    @Test
    void the_state_file_is_private_and_keeps_no_code_or_secret_in_clear() throws Exception {
        Map<String, Object> client = register("sso:account:access");
        Map<String, Object> device = device(client);
        String text = Files.readString(stateDir.resolve("sso.json"));
        assertThat(text)
                .doesNotContain((String) device.get("deviceCode"))
                .doesNotContain((String) client.get("clientSecret"))
                .doesNotContain(password);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(stateDir.resolve("sso.json"))))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(stateDir.resolve(SsoHandler.DEMO_PASSWORD_FILE))))
                .isEqualTo("rw-------");
        URI unused = emulator.endpoint();
        assertThat(unused).isNotNull();
    }
}
