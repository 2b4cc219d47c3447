package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Role profiles through the CLI against the emulator over HTTP: one MFA code per device, not per role. */
@SuppressWarnings("unchecked")
class RolesTest {
    /**
     * Names the demo user (and the admin role, for chaining) directly: with IAM enforced, as on AWS, a
     * trust policy naming the account would also need an identity policy allowing sts:AssumeRole,
     * and the demo user's self-management policy allows nothing without MFA.
     */
    static final String TRUST_THE_DEMO_USER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":[\"arn:aws:iam::%1$s:user/demo\",\"arn:aws:iam::%1$s:role/admin\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    CliRun cli;
    TestUser demo;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        demo = sts.demo();
        for (String role : List.of("admin", "viewer", "auditor", "deployer")) {
            sts.role(role).withTrustPolicy(String.format(TRUST_THE_DEMO_USER, sts.accountId()));
        }
        String account = sts.accountId();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                home.resolve(".aws/config"),
                String.join(
                        "\n",
                        "[profile base]",
                        "endpoint_url = " + sts.endpoint(),
                        "mfa_serial = " + demo.mfa().serial(),
                        "",
                        "[profile admin]",
                        "role_arn = arn:aws:iam::" + account + ":role/admin",
                        "source_profile = base",
                        "endpoint_url = " + sts.endpoint(),
                        "",
                        "[profile viewer]",
                        "role_arn = arn:aws:iam::" + account + ":role/viewer",
                        "source_profile = base",
                        "endpoint_url = " + sts.endpoint(),
                        "role_session_name = looking",
                        "",
                        "[profile auditor]",
                        "role_arn = arn:aws:iam::" + account + ":role/auditor",
                        "source_profile = admin",
                        "endpoint_url = " + sts.endpoint(),
                        "",
                        "[profile deployer]",
                        "role_arn = arn:aws:iam::" + account + ":role/deployer",
                        "source_profile = base",
                        "endpoint_url = " + sts.endpoint(),
                        "mfa_on_assume_role = true",
                        ""));
        cli.env.put("USER", "alice");
    }

    /** A code of the demo device the emulator accepts now: its test clock moves to the next step, no wait. */
    String code() {
        return demo.mfa().nextCode();
    }

    String arnOf(String profile) {
        CliRun.Result r = cli.run("whoami", "--profile", profile);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return (String) Json.parseObject(r.stdout()).get("Arn");
    }

    @Test
    void three_role_profiles_over_one_user_cost_one_code_and_one_get_session_token() throws Exception {
        CliRun.Result first = cli.run("get", "--profile", "admin", "--mfa-token", code(), "-o", "credential-process");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        // No code from here on: without a terminal, asking would fail, so success means nobody asked.
        for (String profile : List.of("viewer", "auditor", "admin", "viewer", "auditor")) {
            CliRun.Result r = cli.run("get", "--profile", profile, "-o", "credential-process");
            assertThat(r.exitCode()).as(profile + ": " + r).isZero();
        }
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);
        assertThat(sts.emulator().actionCount("AssumeRole"))
                .as("admin, viewer, auditor (over admin)")
                .isEqualTo(3);
        String account = sts.accountId();
        assertThat(arnOf("admin")).isEqualTo("arn:aws:sts::" + account + ":assumed-role/admin/sts-session-token-alice");
        assertThat(arnOf("viewer")).isEqualTo("arn:aws:sts::" + account + ":assumed-role/viewer/looking");
        assertThat(arnOf("auditor"))
                .isEqualTo("arn:aws:sts::" + account + ":assumed-role/auditor/sts-session-token-alice");
    }

    @Test
    void mfa_on_assume_role_sends_the_code_with_assume_role_and_makes_no_get_session_token() throws Exception {
        CliRun.Result r = cli.run("get", "--profile", "deployer", "--mfa-token", code());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sts.emulator().actionCount("GetSessionToken")).isZero();
        assertThat(sts.emulator().actionCount("AssumeRole")).isEqualTo(1);
        assertThat(cli.run("get", "--profile", "deployer").exitCode())
                .as("cached")
                .isZero();
        assertThat(sts.emulator().actionCount("AssumeRole")).isEqualTo(1);
    }

    @Test
    void role_arn_flag_does_the_same_without_a_role_profile() throws Exception {
        String arn = "arn:aws:iam::" + sts.accountId() + ":role/viewer";
        CliRun.Result r = cli.run(
                "get",
                "--profile",
                "base",
                "--role-arn",
                arn,
                "--role-session-name",
                "by-flag",
                "--mfa-token",
                code(),
                "-o",
                "env");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("export AWS_SESSION_TOKEN=");
        CliRun.Result who = cli.run("whoami", "--profile", "base", "--role-arn", arn, "--role-session-name", "by-flag");
        assertThat(who.stdout()).contains("assumed-role/viewer/by-flag");
    }

    /**
     * whoami on a role profile with nothing cached assumes the role, which needs a code; with no terminal
     * the error told the user to pass --mfa-token, an option whoami refused.
     */
    @Test
    void whoami_on_a_role_profile_with_nothing_cached_takes_the_code_as_get_does() throws Exception {
        CliRun.Result r = cli.run("whoami", "--profile", "admin", "--mfa-token", code());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat((String) Json.parseObject(r.stdout()).get("Arn")).contains(":assumed-role/admin/");
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);
        CliRun.Result noCode = cli.run("whoami", "--profile", "viewer", "--no-cache");
        assertThat(noCode.exitCode()).as(noCode.toString()).isEqualTo(2);
        assertThat(noCode.stderr()).contains("--mfa-token");
        assertThat(cli.run("whoami", "--help").stdout()).contains("--mfa-token");
    }

    @Test
    void chained_roles_asking_for_more_than_an_hour_are_refused_before_any_call() {
        long before = sts.emulator().requestCount();
        CliRun.Result r = cli.run("get", "--profile", "auditor", "--duration-seconds", "7200");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("role chaining").contains("3600");
        assertThat(sts.emulator().requestCount()).isEqualTo(before);
    }

    @Test
    void a_duration_above_the_roles_maximum_is_awss_error_with_a_hint() throws Exception {
        CliRun.Result r = cli.run("get", "--profile", "admin", "--duration-seconds", "7200", "--mfa-token", code());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("ValidationError").contains("hint:");
    }
}
