package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sso.TokenCache;
import dev.ststoken.testing.FakeIdentityCenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IAM Identity Center profile from the command line, against a loopback stand-in for the portal
 * and STS: get and whoami with a signed-in profile, the cache labelling its session, and the
 * one-line errors of a missing sign-in (exit 1) and of a corrupt token file (exit 2).
 */
class IdentityCenterCliTest {
    @TempDir
    Path home;

    FakeIdentityCenter fake;
    CliRun cli;
    Path token;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeIdentityCenter(Clock.systemUTC());
        cli = new CliRun(home);
        cli.env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint().toString());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                region = eu-west-1
                endpoint_url = %s

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """.formatted(fake.endpoint()));
        token = home.resolve(".aws/sso/cache/" + TokenCache.fileName("corp") + ".json");
    }

    @AfterEach
    void tearDown() throws IOException {
        fake.close();
    }

    void signIn() throws IOException {
        Files.createDirectories(token.getParent());
        Files.writeString(
                token,
                "{\"startUrl\": \"https://corp.awsapps.com/start\", \"region\": \"eu-west-1\", "
                        + "\"accessToken\": \"access-1\", \"expiresAt\": \""
                        + Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS) + "\"}");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        fake.acceptAccessToken("access-1");
    }

    @Test
    void get_whoami_and_cache_list_work_for_a_signed_in_profile() throws IOException {
        signIn();
        CliRun.Result get = cli.run("get", "--profile", "dev", "--output", "aws");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).contains("ASIASSOFAKE000000001").contains("ssotoken1+123456789012");
        assertThat(cli.run("get", "--profile", "dev", "--output", "aws").stdout())
                .contains("ASIASSOFAKE000000001");
        assertThat(fake.count("/federation/credentials")).isEqualTo(1);

        CliRun.Result whoami = cli.run("whoami", "--profile", "dev");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.stdout()).contains("assumed-role/AWSReservedSSO_Admin/me");
        FakeIdentityCenter.Request identity =
                fake.requests().get(fake.requests().size() - 1);
        assertThat(identity.headers().get("authorization")).contains("Credential=ASIASSOFAKE000000001/");
        assertThat(fake.count("/federation/credentials")).isEqualTo(1);

        CliRun.Result list = cli.run("cache", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("dev");
    }

    @Test
    void login_trades_the_sign_ins_role_session_for_a_console_url() throws IOException {
        signIn();
        CliRun.Result r = cli.run("login", "--profile", "dev");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .startsWith(fake.endpoint() + "/federation?Action=login")
                .contains("signin-for-ASIASSOFAKE");
    }

    @Test
    void a_missing_sign_in_is_one_line_naming_the_sign_in_command_with_exit_1() {
        CliRun.Result r = cli.run("get", "--profile", "dev");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr())
                .contains("sts-session-token sso login --profile dev")
                .doesNotContain("Exception");
        assertThat(r.stdout()).isEmpty();
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void a_corrupt_token_file_is_one_line_with_exit_2_and_is_left_as_it_is() throws IOException {
        signIn();
        Files.writeString(token, "{\"accessToken\"");
        CliRun.Result r = cli.run("get", "--profile", "dev");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains(token.toString()).contains("left as it is");
        assertThat(Files.readString(token)).isEqualTo("{\"accessToken\"");
    }
}
