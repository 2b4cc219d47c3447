package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's IAM Identity Center profiles against the emulator's Identity Center rather than a
 * stand-in: the demo user signs in with the device flow (the verification page, password and TOTP
 * code), the token goes where botocore and the CLI keep it, and get and whoami on an sso-session
 * profile get a real role session of the Demo permission set.
 */
class EmulatedIdentityCenterCliTest {
    @TempDir
    Path home;

    /** Its emulator; the tests use the running Emulator's Identity Center (emulator.identityCenter()). */
    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    Emulator emulator;
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        emulator = sts.emulator();
        emulator.identityCenter();
    }

    Map<String, Object> post(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(emulator.endpoint().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parseObject(response.body());
    }

    /** The device flow as a user does it: the page, then the form with its CSRF token and the cookie. */
    String signIn() throws Exception {
        Map<String, Object> client = post("/client/register", Map.of("clientName", "cli-test", "clientType", "public"));
        Map<String, Object> device = post(
                "/device_authorization",
                Map.of(
                        "clientId",
                        client.get("clientId"),
                        "clientSecret",
                        client.get("clientSecret"),
                        "startUrl",
                        emulator.endpoint() + "/start"));
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create((String) device.get("verificationUriComplete")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        Path state = emulator.stateDir();
        String form = PercentEncoding.formEncode(List.of(
                Map.entry("csrf", csrf.group(1)),
                Map.entry("user_code", (String) device.get("userCode")),
                Map.entry("username", "sso-demo"),
                Map.entry(
                        "password",
                        Files.readString(state.resolve("sso-demo-password.txt")).strip()),
                Map.entry(
                        "totp",
                        Totp.code(
                                Base32.decode(Files.readString(state.resolve("sso-demo-mfa-seed.txt"))
                                        .strip()),
                                sts.clock().instant())),
                Map.entry("action", "allow")));
        HttpResponse<String> approved = http.send(
                HttpRequest.newBuilder(emulator.endpoint().resolve("/sso/device"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return (String) post(
                        "/token",
                        Map.of(
                                "clientId",
                                client.get("clientId"),
                                "clientSecret",
                                client.get("clientSecret"),
                                "grantType",
                                "urn:ietf:params:oauth:grant-type:device_code",
                                "deviceCode",
                                device.get("deviceCode")))
                .get("accessToken");
    }

    @Test
    void get_and_whoami_on_an_sso_profile_get_a_session_of_the_permission_sets_role() throws Exception {
        String accessToken = signIn();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = emulator
                sso_account_id = %s
                sso_role_name = Demo
                region = us-east-1
                endpoint_url = %s

                [sso-session emulator]
                sso_start_url = %s/start
                sso_region = us-east-1
                """.formatted(
                        emulator.accountId(), emulator.endpoint(), emulator.endpoint()));
        Path token = home.resolve(".aws/sso/cache/" + TokenCache.fileName("emulator") + ".json");
        Files.createDirectories(token.getParent());
        Files.writeString(
                token,
                Json.write(Map.of(
                        "startUrl",
                        emulator.endpoint() + "/start",
                        "region",
                        "us-east-1",
                        "accessToken",
                        accessToken,
                        "expiresAt",
                        Instant.now()
                                .plusSeconds(3000)
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        CliRun cli = new CliRun(home);
        cli.env.put("AWS_ENDPOINT_URL_SSO", emulator.endpoint().toString());

        CliRun.Result get = cli.run("get", "--profile", "dev", "--output", "aws");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).contains("ASIA");
        CliRun.Result whoami = cli.run("whoami", "--profile", "dev");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.stdout())
                .containsPattern("arn:aws:sts::" + emulator.accountId()
                        + ":assumed-role/AWSReservedSSO_Demo_[0-9a-f]{16}/sso-demo");
    }
}
