package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sso-admin}: the Identity Center directory made from the command line, in the state dir serve uses. */
class SsoAdminCommandTest {
    @TempDir
    Path home;

    @Test
    void a_user_a_permission_set_and_an_assignment_make_the_role_in_the_account() throws Exception {
        CliRun cli = new CliRun(home);
        Path dir = home.resolve("state");
        CliRun.Result added = cli.runWithInput(
                "correct horse battery\n",
                "sso-admin",
                "add-user",
                "--user-name",
                "alice",
                "--state-dir",
                dir.toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();
        Path seed = dir.resolve("sso-alice-mfa-seed.txt");
        assertThat(added.stdout()).contains(seed.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seed)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(seed).strip()).matches("[A-Z2-7]{32}");

        Path policy = home.resolve("admin.json");
        Files.writeString(
                policy,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                        + "\"Resource\":\"*\"}]}");
        CliRun.Result set = cli.run(
                "sso-admin",
                "put-permission-set",
                "--permission-set",
                "Admin",
                "--policy-file",
                policy.toString(),
                "--state-dir",
                dir.toString());
        assertThat(set.exitCode()).as(set.toString()).isZero();
        CliRun.Result assigned = cli.run(
                "sso-admin",
                "assign",
                "--user-name",
                "alice",
                "--permission-set",
                "Admin",
                "--state-dir",
                dir.toString());
        assertThat(assigned.exitCode()).as(assigned.toString()).isZero();

        CliRun.Result list = cli.run("sso-admin", "list", "--state-dir", dir.toString());
        assertThat(list.stdout())
                .contains("user sso-demo ")
                .contains("user alice ")
                .containsPattern("permission-set Admin role AWSReservedSSO_Admin_[0-9a-f]{16} inline-policy")
                .containsPattern("assignment alice \\d{12} Admin");
        String role = list.stdout().replaceAll("(?s).*role (AWSReservedSSO_Admin_[0-9a-f]{16}).*", "$1");
        assertThat(Files.readString(dir.resolve("state.json"))).contains(role);
        // Nothing secret on stdout: neither the password nor the seed.
        assertThat(added.stdout() + list.stdout())
                .doesNotContain("correct horse")
                .doesNotContain(Files.readString(seed).strip());
    }

    @Test
    void refusals_are_one_line_with_exit_2() {
        CliRun cli = new CliRun(home);
        String dir = home.resolve("state").toString();
        CliRun.Result noPassword = cli.run("sso-admin", "add-user", "--user-name", "bob", "--state-dir", dir);
        assertThat(noPassword.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noPassword.stderr()).contains("reads the user's password from stdin");
        CliRun.Result shortPassword =
                cli.runWithInput("short\n", "sso-admin", "add-user", "--user-name", "bob", "--state-dir", dir);
        assertThat(shortPassword.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(shortPassword.stderr()).contains("a password is 8 to 128 characters");
        CliRun.Result badName =
                cli.runWithInput("long enough\n", "sso-admin", "add-user", "--user-name", "../x/y", "--state-dir", dir);
        assertThat(badName.exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun.Result noSet = cli.run(
                "sso-admin", "assign", "--user-name", "sso-demo", "--permission-set", "Missing", "--state-dir", dir);
        assertThat(noSet.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noSet.stderr()).contains("no permission set Missing");
    }
}
