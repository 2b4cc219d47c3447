package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.sso.Registration;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code sso login}, {@code sso logout} and {@code sso accounts} against the emulator's Identity
 * Center over real HTTP: the browser (a $BROWSER stand-in that hands the test the forwarding page,
 * then a client answering the page as a person would) signs in with the demo user's password and TOTP
 * code; the token and the registration land where and as the AWS CLI keeps them; refusals are one
 * line, exit 1, and leave the cache as it was. With botocore the sign-in is shared both ways: boto3
 * renews the token our login wrote, and our get uses the one botocore renewed.
 */
class SsoLoginCliTest extends SsoCliFixture {
    @Test
    void login_with_the_browser_writes_the_aws_clis_token_and_registration_and_get_uses_it() throws Exception {
        CliRun cli = cli();
        browserStandIn(cli);
        Running login = runAsync(cli, "sso", "login", "--profile", "dev");
        URI authorize = pageTarget();
        assertThat(authorize.toString())
                .startsWith(emulator.endpoint() + "/authorize?response_type=code&client_id=")
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A")
                .contains("code_challenge_method=S256");
        SignInRobot.Outcome answered = new SignInRobot().answer(authorize, "sso-demo", password(), totp(), "allow");
        assertThat(answered.error()).isNull();
        CliRun.Result result = login.result();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("signed in to sso-session corp until");
        // The argv of the opener held only the private page, never the authorize URL.
        assertThat(result.stderr()).doesNotContain("state=");

        Path token = cacheDir().resolve(TokenCache.fileName("corp") + ".json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
        Map<String, Object> json = Json.parseObject(Files.readString(token));
        assertThat(json)
                .containsKeys(
                        "startUrl",
                        "region",
                        "accessToken",
                        "expiresAt",
                        "clientId",
                        "clientSecret",
                        "registrationExpiresAt",
                        "refreshToken");
        assertThat(json.get("startUrl")).isEqualTo("https://corp.awsapps.example/start");
        Path registration = cacheDir()
                .resolve(Registration.cacheName(
                                "https://corp.awsapps.example/start",
                                "us-east-1",
                                List.of("sso:account:access"),
                                "corp")
                        + ".json");
        assertThat(registration).exists();
        assertThat(Json.parseObject(Files.readString(registration)).get("clientId"))
                .isEqualTo(json.get("clientId"));

        CliRun.Result get = cli.run("get", "--profile", "dev", "--output", "aws");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        CliRun.Result whoami = cli.run("whoami", "--profile", "dev");
        assertThat(whoami.stdout()).containsPattern("assumed-role/AWSReservedSSO_Demo_[0-9a-f]{16}/sso-demo");

        // A second sign-in reuses the registration (the loopback port differs, RFC 8252 lets it).
        String before = Files.readString(registration);
        Files.delete(home.resolve("page.html"));
        Running again = runAsync(cli, "sso", "login", "--sso-session", "corp");
        assertThat(new SignInRobot()
                        .answer(pageTarget(), "sso-demo", password(), totp(), "allow")
                        .error())
                .isNull();
        assertThat(again.result().exitCode()).isZero();
        assertThat(Files.readString(registration)).isEqualTo(before);
        assertThat(Json.parseObject(Files.readString(token)).get("accessToken")).isNotEqualTo(json.get("accessToken"));
    }

    @Test
    void device_code_with_no_browser_prints_the_code_and_a_wrong_code_then_a_denial_changes_nothing() throws Exception {
        CliRun cli = cli();
        cli.env.put("BROWSER", "/nonexistent/never-run");
        Running login = runAsync(cli, "sso", "login", "--profile", "dev", "--use-device-code", "--no-browser");
        String url = waitFor(login::stderr, Pattern.compile("open (http\\S+) on any device"));
        assertThat(login.stderr()).containsPattern("confirm the code [A-Z]{4}-[A-Z]{4}");
        SignInRobot robot = new SignInRobot();
        assertThat(robot.answer(URI.create(url), "sso-demo", password(), "000000", "allow")
                        .error())
                .isEqualTo("Wrong user name, password or MFA code.");
        assertThat(robot.answer(URI.create(url), "sso-demo", "wrong-password", totp(), "allow")
                        .error())
                .isEqualTo("Wrong user name, password or MFA code.");
        assertThat(robot.answer(URI.create(url), "sso-demo", "", "", "deny").error())
                .isNull();
        CliRun.Result result = login.result();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(result.stderr().lines().filter(l -> l.startsWith("sts-session-token: AccessDenied")))
                .hasSize(1);
        assertThat(result.stderr()).contains("was denied; nothing was written");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void device_code_approved_writes_the_token_and_logout_signs_out_and_removes_it() throws Exception {
        CliRun cli = cli();
        Running login = runAsync(cli, "sso", "login", "--profile", "dev", "--use-device-code", "--no-browser");
        String url = waitFor(login::stderr, Pattern.compile("open (http\\S+) on any device"));
        assertThat(new SignInRobot()
                        .answer(URI.create(url), "sso-demo", password(), totp(), "allow")
                        .error())
                .isNull();
        assertThat(login.result().exitCode()).isZero();
        Path token = cacheDir().resolve(TokenCache.fileName("corp") + ".json");
        String access = (String) Json.parseObject(Files.readString(token)).get("accessToken");

        CliRun.Result accounts = cli.run("sso", "accounts", "--profile", "dev");
        assertThat(accounts.exitCode()).as(accounts.toString()).isZero();
        assertThat(accounts.stdout()).contains(emulator.accountId() + "  Demo");

        CliRun.Result logout = cli.run("sso", "logout", "--profile", "dev");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.stdout()).contains("signed out of sso-session corp");
        assertThat(token).doesNotExist();
        // The portal forgot the sign-in: the old token no longer gets role credentials.
        assertThat(new Browser(emulator.endpoint()).portalStatus(access, emulator.accountId()))
                .isEqualTo(401);
        CliRun.Result get = cli.run("get", "--profile", "dev");
        assertThat(get.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(get.stderr()).contains("sso login --profile dev");
    }

    @Test
    void login_local_signs_the_demo_user_in_and_accounts_local_lists_its_role() throws Exception {
        CliRun cli = new CliRun(home);
        CliRun.Result login = cli.run("sso", "login", "--local");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stdout()).contains("signed in to sso-session sts-session-token-local");
        CliRun.Result device = cli.run("sso", "login", "--local", "--use-device-code");
        assertThat(device.exitCode()).as(device.toString()).isZero();
        CliRun.Result accounts = cli.run("sso", "accounts", "--local");
        assertThat(accounts.exitCode()).as(accounts.toString()).isZero();
        assertThat(accounts.stdout()).containsPattern("\\d{12}  Demo");
        CliRun.Result logout = cli.run("sso", "logout", "--local");
        assertThat(logout.stdout()).contains("signed out of sso-session sts-session-token-local");
        assertThat(cli.run("sso", "accounts", "--local").exitCode()).isEqualTo(ExitCode.REFUSED);
    }

    private static final String BOTO3 = String.join(
            "\n",
            "import json, os, boto3",
            "s = boto3.Session(profile_name='dev')",
            "c = s.get_credentials().get_frozen_credentials()",
            "sts = s.client('sts', endpoint_url=os.environ['EP'], region_name='us-east-1')",
            "print(json.dumps({'key': c.access_key[:4], 'arn': sts.get_caller_identity()['Arn']}))",
            "");

    @Test
    void boto3_renews_the_token_our_login_wrote_and_our_get_uses_the_one_botocore_renewed() throws Exception {
        Path python = Peers.requirePython("boto3");
        CliRun cli = cli();
        Running login = runAsync(cli, "sso", "login", "--profile", "dev", "--use-device-code", "--no-browser");
        String url = waitFor(login::stderr, Pattern.compile("open (http\\S+) on any device"));
        assertThat(new SignInRobot()
                        .answer(URI.create(url), "sso-demo", password(), totp(), "allow")
                        .error())
                .isNull();
        assertThat(login.result().exitCode()).isZero();

        Path token = cacheDir().resolve(TokenCache.fileName("corp") + ".json");
        Map<String, Object> ours = Json.parseObject(Files.readString(token));
        // Ten minutes left: inside botocore's fifteen-minute window, so it renews before using it.
        Map<String, Object> nearEnd = new HashMap<>(ours);
        nearEnd.put(
                "expiresAt",
                Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS).toString());
        Files.writeString(token, Json.write(nearEnd));

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("AWS_ENDPOINT_URL_SSO", emulator.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", emulator.endpoint().toString());
        env.put("EP", emulator.endpoint().toString());
        env.remove("AWS_PROFILE");
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        Processes.Result boto3 =
                Processes.run(List.of(python.toString(), "-c", BOTO3), env, null, null, Duration.ofSeconds(120));
        assertThat(boto3.exitCode()).as(boto3.toString()).isZero();
        Map<String, Object> out = Json.parseObject(boto3.stdout());
        assertThat(out.get("key")).isEqualTo("ASIA");
        assertThat((String) out.get("arn"))
                .matches("arn:aws:sts::" + emulator.accountId()
                        + ":assumed-role/AWSReservedSSO_Demo_[0-9a-f]{16}/sso-demo");

        String renewedText = Files.readString(token);
        Map<String, Object> renewed = Json.parseObject(renewedText);
        assertThat(renewed.get("accessToken")).isNotEqualTo(ours.get("accessToken"));
        assertThat(renewed.get("clientId")).isEqualTo(ours.get("clientId"));

        CliRun.Result get = cli.run("get", "--profile", "dev", "--no-cache", "--output", "aws");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).contains("ASIA");
        // Ours used botocore's token as it was: an hour left, nothing to renew, the file untouched.
        assertThat(Files.readString(token)).isEqualTo(renewedText);
    }

    /** The portal's GetRoleCredentials answer status for a token. */
    static final class Browser {
        final URI endpoint;

        Browser(URI endpoint) {
            this.endpoint = endpoint;
        }

        int portalStatus(String token, String account) throws Exception {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(endpoint.resolve(
                                            "/federation/credentials?role_name=Demo&account_id=" + account))
                                    .header("x-amz-sso_bearer_token", token)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
