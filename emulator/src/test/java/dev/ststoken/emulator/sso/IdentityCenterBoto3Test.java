package dev.ststoken.emulator.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * botocore, a client no one here wrote, drives Identity Center on the emulator: it registers a
 * client, starts a device authorization and polls it (pending, then slow_down: typed exceptions),
 * a browser approves on the verification page with the demo user's password and TOTP code, then
 * botocore gets and refreshes tokens, lists the account and its role, gets the role's credentials
 * and calls STS GetCallerIdentity with them on the emulator; an unassigned role, a changed token
 * and a logged-out token are refused with the portal's exceptions.
 */
class IdentityCenterBoto3Test {
    @TempDir
    Path stateDir;

    MutableClock clock = new MutableClock(Instant.now());
    Emulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        emulator.identityCenter(); // the demo SSO user and its files
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static final String HEAD = String.join(
            "\n",
            "import json, os, sys, boto3, botocore.exceptions",
            "ep = os.environ['EP']",
            "oidc = boto3.client('sso-oidc', region_name='us-east-1')",
            "sso = boto3.client('sso', region_name='us-east-1')",
            "out = {}",
            "def expect(name, call):",
            "    try:",
            "        call()",
            "        out[name] = 'no error'",
            "    except botocore.exceptions.ClientError as e:",
            "        out[name] = [type(e).__name__, e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]",
            "");

    private static final String START = HEAD
            + String.join(
                    "\n",
                    "c = oidc.register_client(clientName='boto3-test', clientType='public', scopes=['sso:account:access'])",
                    "d = oidc.start_device_authorization(clientId=c['clientId'], clientSecret=c['clientSecret'], startUrl=ep + '/start')",
                    "grant = 'urn:ietf:params:oauth:grant-type:device_code'",
                    "poll = lambda: oidc.create_token(clientId=c['clientId'], clientSecret=c['clientSecret'], grantType=grant, deviceCode=d['deviceCode'])",
                    "expect('first poll', poll)",
                    "expect('second poll', poll)",
                    "out.update(client=c, device=d)",
                    "print(json.dumps(out, default=str))",
                    "");

    private static final String FINISH = HEAD
            + String.join(
                    "\n",
                    "c = json.loads(os.environ['CLIENT']); d = json.loads(os.environ['DEVICE'])",
                    "t = oidc.create_token(clientId=c['clientId'], clientSecret=c['clientSecret'],",
                    "    grantType='urn:ietf:params:oauth:grant-type:device_code', deviceCode=d['deviceCode'])",
                    "out['token'] = {k: t.get(k) is not None for k in ('accessToken', 'refreshToken')}",
                    "out['tokenType'] = t['tokenType']",
                    "r = oidc.create_token(clientId=c['clientId'], clientSecret=c['clientSecret'], grantType='refresh_token',",
                    "    refreshToken=t['refreshToken'])",
                    "token = r['accessToken']",
                    "out['refreshed'] = token != t['accessToken']",
                    "accounts = sso.list_accounts(accessToken=token)['accountList']",
                    "out['accounts'] = accounts",
                    "account = accounts[0]['accountId']",
                    "out['roles'] = sso.list_account_roles(accessToken=token, accountId=account)['roleList']",
                    "rc = sso.get_role_credentials(accessToken=token, accountId=account, roleName='Demo')['roleCredentials']",
                    "out['expiration'] = rc['expiration']",
                    "sts = boto3.client('sts', endpoint_url=ep, region_name='us-east-1', aws_access_key_id=rc['accessKeyId'],",
                    "    aws_secret_access_key=rc['secretAccessKey'], aws_session_token=rc['sessionToken'])",
                    "out['identity'] = sts.get_caller_identity()['Arn']",
                    "expect('unassigned role', lambda: sso.get_role_credentials(accessToken=token, accountId=account, roleName='Admin'))",
                    "expect('other account', lambda: sso.get_role_credentials(accessToken=token, accountId='000000000000', roleName='Demo'))",
                    "expect('changed token', lambda: sso.list_accounts(accessToken=token[:-2] + ('AA' if token[-2:] != 'AA' else 'BB')))",
                    "sso.logout(accessToken=token)",
                    "expect('after logout', lambda: sso.get_role_credentials(accessToken=token, accountId=account, roleName='Demo'))",
                    "expect('refresh after logout', lambda: oidc.create_token(clientId=c['clientId'], clientSecret=c['clientSecret'],",
                    "    grantType='refresh_token', refreshToken=r['refreshToken']))",
                    "expect('wrong secret', lambda: oidc.start_device_authorization(clientId=c['clientId'], clientSecret='x' + c['clientSecret'], startUrl=ep))",
                    "print(json.dumps(out, default=str))",
                    "");

    @SuppressWarnings("unchecked")
    @Test
    void boto3_signs_in_with_the_device_flow_and_calls_sts_with_the_role_credentials() throws Exception {
        Path python = Peers.requirePython("boto3");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("EP", emulator.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO", emulator.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", emulator.endpoint().toString());
        env.put("AWS_CONFIG_FILE", stateDir.resolve("none").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", stateDir.resolve("none").toString());
        env.put("AWS_ACCESS_KEY_ID", "unused");
        env.put("AWS_SECRET_ACCESS_KEY", "unused");
        env.put("AWS_MAX_ATTEMPTS", "1");

        Processes.Result started =
                Processes.run(List.of(python.toString(), "-c", START), env, null, null, Duration.ofSeconds(120));
        assertThat(started.exitCode()).as(started.toString()).isZero();
        Map<String, Object> first = Json.parseObject(started.stdout());
        assertThat(first.get("first poll"))
                .isEqualTo(List.of("AuthorizationPendingException", "AuthorizationPendingException", 400L));
        // botocore polls again at once; the emulator's clock has not moved a whole interval.
        assertThat(first.get("second poll")).isEqualTo(List.of("SlowDownException", "SlowDownException", 400L));
        Map<String, Object> device = (Map<String, Object>) first.get("device");
        assertThat((String) device.get("verificationUriComplete"))
                .startsWith(emulator.endpoint() + "/sso/device?user_code=");

        // The browser: the page from verificationUriComplete, then the form posted with its token.
        Browser browser = new Browser(emulator.endpoint());
        String complete = (String) device.get("verificationUriComplete");
        HttpResponse<String> page =
                browser.get(complete.substring(emulator.endpoint().toString().length()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"" + device.get("userCode") + "\"");
        HttpResponse<String> approved = browser.post(
                "/sso/device",
                Map.of(
                        "csrf",
                        browser.csrf,
                        "user_code",
                        (String) device.get("userCode"),
                        "username",
                        "sso-demo",
                        "password",
                        Files.readString(stateDir.resolve("sso-demo-password.txt"))
                                .strip(),
                        "totp",
                        Totp.code(
                                Base32.decode(Files.readString(stateDir.resolve("sso-demo-mfa-seed.txt"))
                                        .strip()),
                                clock.instant()),
                        "action",
                        "allow"));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("You approved the request");
        clock.advance(Duration.ofSeconds(2));

        env.put("CLIENT", Json.write(first.get("client")));
        env.put("DEVICE", Json.write(device));
        Processes.Result finished =
                Processes.run(List.of(python.toString(), "-c", FINISH), env, null, null, Duration.ofSeconds(120));
        assertThat(finished.exitCode()).as(finished.toString()).isZero();
        Map<String, Object> out = Json.parseObject(finished.stdout());
        assertThat(out.get("token")).isEqualTo(Map.of("accessToken", true, "refreshToken", true));
        assertThat(out.get("tokenType")).isEqualTo("Bearer");
        assertThat(out.get("refreshed")).isEqualTo(true);
        assertThat(out.get("accounts").toString()).contains(emulator.accountId());
        assertThat(out.get("roles")).isEqualTo(List.of(Map.of("roleName", "Demo", "accountId", emulator.accountId())));
        assertThat((String) out.get("identity"))
                .matches("arn:aws:sts::" + emulator.accountId()
                        + ":assumed-role/AWSReservedSSO_Demo_[0-9a-f]{16}/sso-demo");
        assertThat(out.get("unassigned role")).isEqualTo(List.of("ClientError", "ForbiddenException", 403L));
        assertThat(out.get("other account")).isEqualTo(List.of("ClientError", "ForbiddenException", 403L));
        assertThat(out.get("changed token")).isEqualTo(List.of("UnauthorizedException", "UnauthorizedException", 401L));
        assertThat(out.get("after logout")).isEqualTo(List.of("UnauthorizedException", "UnauthorizedException", 401L));
        assertThat(out.get("refresh after logout"))
                .isEqualTo(List.of("InvalidGrantException", "InvalidGrantException", 400L));
        assertThat(out.get("wrong secret"))
                .isEqualTo(List.of("InvalidClientException", "InvalidClientException", 401L));
    }

    private static final String PROFILE = String.join(
            "\n",
            "import json, os, boto3",
            "s = boto3.Session(profile_name='sso-demo')",
            "sts = s.client('sts', endpoint_url=os.environ['EP'])",
            "print(json.dumps({'arn': sts.get_caller_identity()['Arn']}))",
            "");

    /**
     * botocore's own SSO credential chain: a profile with an sso-session, its token in botocore's
     * cache about to expire. botocore refreshes it with CreateToken (refresh_token), writes the new
     * one to its cache, gets the role's credentials with it and signs STS calls with them.
     */
    @SuppressWarnings("unchecked")
    @Test
    void a_boto3_sso_profile_refreshes_its_cached_token_and_gets_role_credentials() throws Exception {
        Path python = Peers.requirePython("boto3");
        Browser browser = new Browser(emulator.endpoint());
        Map<String, Object> client = Json.parseObject(browser.api(
                        "POST",
                        "/client/register",
                        Json.write(Map.of(
                                "clientName",
                                "botocore",
                                "clientType",
                                "public",
                                "scopes",
                                List.of("sso:account:access"))),
                        null)
                .body());
        Map<String, Object> device = Json.parseObject(browser.api(
                        "POST",
                        "/device_authorization",
                        Json.write(Map.of(
                                "clientId",
                                client.get("clientId"),
                                "clientSecret",
                                client.get("clientSecret"),
                                "startUrl",
                                emulator.endpoint() + "/start")),
                        null)
                .body());
        browser.get("/sso/device");
        HttpResponse<String> approved = browser.post(
                "/sso/device",
                Map.of(
                        "csrf",
                        browser.csrf,
                        "user_code",
                        (String) device.get("userCode"),
                        "username",
                        "sso-demo",
                        "password",
                        Files.readString(stateDir.resolve("sso-demo-password.txt"))
                                .strip(),
                        "totp",
                        Totp.code(
                                Base32.decode(Files.readString(stateDir.resolve("sso-demo-mfa-seed.txt"))
                                        .strip()),
                                clock.instant()),
                        "action",
                        "allow"));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Map<String, Object> token = Json.parseObject(browser.api(
                        "POST",
                        "/token",
                        Json.write(Map.of(
                                "clientId",
                                client.get("clientId"),
                                "clientSecret",
                                client.get("clientSecret"),
                                "grantType",
                                "urn:ietf:params:oauth:grant-type:device_code",
                                "deviceCode",
                                device.get("deviceCode"))),
                        null)
                .body());

        Path home = stateDir.resolve("home");
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        String sessionKey = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-1")
                        .digest("emulator".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, Object> cached = new java.util.LinkedHashMap<>();
        cached.put("startUrl", emulator.endpoint() + "/start");
        cached.put("region", "us-east-1");
        cached.put("accessToken", token.get("accessToken"));
        // Within botocore's 15-minute refresh window: it refreshes before using it.
        cached.put(
                "expiresAt",
                Instant.now()
                        .plusSeconds(60)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        cached.put("clientId", client.get("clientId"));
        cached.put("clientSecret", client.get("clientSecret"));
        cached.put(
                "registrationExpiresAt",
                Instant.now()
                        .plusSeconds(86400)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        cached.put("refreshToken", token.get("refreshToken"));
        Files.writeString(cache.resolve(sessionKey + ".json"), Json.write(cached));
        Path config = home.resolve("config");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "[profile sso-demo]",
                        "sso_session = emulator",
                        "sso_account_id = " + emulator.accountId(),
                        "sso_role_name = Demo",
                        "region = us-east-1",
                        "[sso-session emulator]",
                        "sso_start_url = " + emulator.endpoint() + "/start",
                        "sso_region = us-east-1",
                        "sso_registration_scopes = sso:account:access",
                        ""));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("EP", emulator.endpoint().toString());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString());
        env.put("AWS_ENDPOINT_URL_SSO", emulator.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", emulator.endpoint().toString());
        Processes.Result result =
                Processes.run(List.of(python.toString(), "-c", PROFILE), env, null, null, Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat((String) Json.parseObject(result.stdout()).get("arn"))
                .matches("arn:aws:sts::" + emulator.accountId()
                        + ":assumed-role/AWSReservedSSO_Demo_[0-9a-f]{16}/sso-demo");
        Map<String, Object> refreshed = Json.parseObject(Files.readString(cache.resolve(sessionKey + ".json")));
        assertThat(refreshed.get("accessToken")).isNotEqualTo(token.get("accessToken"));
        assertThat(refreshed.get("refreshToken")).isNotEqualTo(token.get("refreshToken"));
    }
}
