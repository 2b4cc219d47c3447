package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.sso.TokenCache;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sso command's bad input as a user meets it, each one line with its exit code and the cache as
 * it was: a denial in the browser, an unassigned role, a tampered token, a file that is no token;
 * and --write-profiles keeping every other byte of the config file.
 */
class SsoRefusalsCliTest extends SsoCliFixture {

    /** Signs dev in with the device flow, approved on the page. */
    void signIn(CliRun cli) throws Exception {
        Running login = runAsync(cli, "sso", "login", "--profile", "dev", "--use-device-code", "--no-browser");
        String url = waitFor(login::stderr, Pattern.compile("open (http\\S+) on any device"));
        assertThat(new SignInRobot()
                        .answer(URI.create(url), "sso-demo", password(), totp(), "allow")
                        .error())
                .isNull();
        assertThat(login.result().exitCode()).isZero();
    }

    static long lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void a_denial_on_the_authorize_page_is_one_line_exit_1_and_writes_nothing() throws Exception {
        CliRun cli = cli();
        browserStandIn(cli);
        Running login = runAsync(cli, "sso", "login", "--profile", "dev");
        URI authorize = pageTarget();
        SignInRobot robot = new SignInRobot();
        assertThat(robot.answer(authorize, "sso-demo", password(), "000000", "allow")
                        .error())
                .isEqualTo("Wrong user name, password or MFA code.");
        assertThat(robot.answer(authorize, "sso-demo", "", "", "deny").error()).isNull();
        CliRun.Result result = login.result();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(lines(
                        result.stderr(),
                        "sts-session-token: AccessDeniedException: the sign-in was refused in "
                                + "the browser (access_denied"))
                .isEqualTo(1);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void an_unassigned_role_a_tampered_token_and_a_file_that_is_no_token_change_nothing() throws Exception {
        CliRun cli = cli();
        signIn(cli);
        Files.writeString(
                home.resolve(".aws/config"),
                Files.readString(home.resolve(".aws/config")) + "\n[profile admin]\nsso_session = corp\n"
                        + "sso_account_id = " + emulator.accountId() + "\nsso_role_name = Admin\n");
        Map<String, String> before = cacheFiles();

        CliRun.Result unassigned = cli.run("get", "--profile", "admin");
        assertThat(unassigned.exitCode()).as(unassigned.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(lines(unassigned.stderr(), "sts-session-token: ForbiddenException"))
                .isEqualTo(1);
        assertThat(cacheFiles()).isEqualTo(before);

        Path token = cacheDir().resolve(TokenCache.fileName("corp") + ".json");
        Map<String, Object> json = Json.parseObject(Files.readString(token));
        String access = (String) json.get("accessToken");
        json.put("accessToken", access.substring(0, access.length() - 2) + (access.endsWith("AA") ? "BB" : "AA"));
        Files.writeString(token, Json.write(json));
        Map<String, String> tampered = cacheFiles();
        CliRun.Result refused = cli.run("get", "--profile", "dev");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(lines(refused.stderr(), "sts-session-token: SignInRequired:"))
                .isEqualTo(1);
        assertThat(refused.stderr()).contains("refused by the portal").contains("sso login --profile dev");
        assertThat(cacheFiles()).isEqualTo(tampered);

        Files.writeString(token, "{not json");
        Map<String, String> corrupt = cacheFiles();
        for (String[] args : new String[][] {
            {"get", "--profile", "dev"}, {"sso", "accounts", "--profile", "dev"}, {"sso", "logout", "--profile", "dev"}
        }) {
            CliRun.Result result = cli.run(args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(result.stderr().lines()).hasSize(1);
            assertThat(result.stderr()).contains("is not a JSON object").doesNotContain("Exception");
            assertThat(cacheFiles()).isEqualTo(corrupt);
        }
    }

    @Test
    void write_profiles_adds_a_profile_per_role_and_keeps_every_other_byte() throws Exception {
        CliRun cli = cli();
        // CRLF, a comment, odd spacing and a profile the tool must not touch
        String original = Files.readString(home.resolve(".aws/config")).replace("\n", "\r\n")
                + "\r\n;  keep me\r\n[profile Demo-" + emulator.accountId() + "]\r\nregion=eu-west-1\r\n";
        Files.writeString(home.resolve(".aws/config"), original);
        signIn(cli);
        CliRun.Result first = cli.run("sso", "accounts", "--profile", "dev", "--write-profiles");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout())
                .contains(emulator.accountId() + "  Demo")
                .contains("[Demo-" + emulator.accountId() + "]");
        assertThat(first.stderr()).contains("wrote 0 profiles");
        assertThat(Files.readString(home.resolve(".aws/config"))).isEqualTo(original);

        Files.writeString(home.resolve(".aws/config"), original.substring(0, original.indexOf("\r\n[profile Demo-")));
        String without = Files.readString(home.resolve(".aws/config"));
        CliRun.Result second = cli.run("sso", "accounts", "--profile", "dev", "--write-profiles");
        assertThat(second.stderr()).contains("wrote 1 profile to");
        String written = Files.readString(home.resolve(".aws/config"));
        assertThat(written).startsWith(without);
        assertThat(written.substring(without.length()))
                .isEqualTo(
                        "\r\n\r\n[profile Demo-" + emulator.accountId() + "]\r\nsso_session = corp\r\nsso_account_id = "
                                + emulator.accountId() + "\r\nsso_role_name = Demo\r\n");
        CliRun.Result get = cli.run("get", "--profile", "Demo-" + emulator.accountId());
        assertThat(get.exitCode()).as(get.toString()).isZero();
    }
}
