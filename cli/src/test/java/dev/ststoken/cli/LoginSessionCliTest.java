package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.signin.LoginCache;
import dev.ststoken.signin.LoginSessionCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login_session profile (aws login) from the command line against the emulator's sign-in service:
 * get and whoami as the signed-in user, a role profile with it as source_profile (what the SDKs
 * refuse), and the one-line errors of a missing sign-in (exit 1) and a cache file others can read
 * (exit 2, left as it is).
 */
class LoginSessionCliTest {
    static final String CLIENT = "arn:aws:signin:::devtools/same-device";
    static final String REDIRECT = "http://127.0.0.1:49152/oauth/callback";
    static final String VERIFIER = "cli-verifier-cli-verifier-cli-verifier-cli-verifier";
    static final String TRUST_THE_DEMO_USER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::%s:user/carol\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    CliRun cli;
    String session;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        // Not the demo user: its self-management policy denies everything without MFA, and a login
        // session carries none (docs/signin.md).
        session = "arn:aws:iam::" + sts.accountId() + ":user/carol";
        sts.user("carol");
        sts.role("deploy").withTrustPolicy(String.format(TRUST_THE_DEMO_USER, sts.accountId()));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                String.join(
                        "\n",
                        "[profile console]",
                        "login_session = " + session,
                        "region = us-east-1",
                        "endpoint_url = " + sts.endpoint(),
                        "",
                        "[profile deploy]",
                        "role_arn = arn:aws:iam::" + sts.accountId() + ":role/deploy",
                        "source_profile = console",
                        "endpoint_url = " + sts.endpoint(),
                        ""));
        cli.env.put("USER", "alice");
    }

    Path cacheFile() {
        return home.resolve(".aws/login/cache").resolve(LoginCache.fileName(session));
    }

    void signIn() throws Exception {
        signIn("carol", session);
    }

    void signIn(String user, String loginSession) throws Exception {
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes()));
        new LoginSessionCredentials(home.resolve(".aws/login/cache"), loginSession, sts.endpoint(), Clock.systemUTC())
                .redeem(
                        sts.emulator().signinAuthorizationCode(user, CLIENT, REDIRECT, challenge),
                        VERIFIER,
                        REDIRECT,
                        CLIENT,
                        DpopKey.generate(new SecureRandom()),
                        sts.accountId());
    }

    String arnOf(String profile) {
        CliRun.Result r = cli.run("whoami", "--profile", profile);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return (String) Json.parseObject(r.stdout()).get("Arn");
    }

    @Test
    void get_whoami_and_a_role_chain_work_from_a_login_session() throws Exception {
        signIn();

        CliRun.Result get = cli.run("get", "--profile", "console", "-o", "credential-process");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat((String) Json.parseObject(get.stdout()).get("AccessKeyId")).startsWith("ASIA");
        assertThat(arnOf("console")).isEqualTo(session);

        assertThat(arnOf("deploy")).startsWith("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/");
    }

    static final String TRUST_THE_DEMO_USER_WITH_MFA = "{\"Version\":\"2012-10-17\",\"Statement\":[{"
            + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:user/demo\"},"
            + "\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";

    @Test
    void a_role_demanding_mfa_over_a_login_session_gets_the_code_on_assume_role() throws Exception {
        TestUser demo = sts.demo();
        sts.role("guarded").withTrustPolicy(String.format(TRUST_THE_DEMO_USER_WITH_MFA, sts.accountId()));
        String demoSession = "arn:aws:iam::" + sts.accountId() + ":user/demo";
        Files.writeString(
                home.resolve(".aws/config"),
                String.join(
                        "\n",
                        "",
                        "[profile demo-console]",
                        "login_session = " + demoSession,
                        "region = us-east-1",
                        "endpoint_url = " + sts.endpoint(),
                        "",
                        "[profile guarded]",
                        "role_arn = arn:aws:iam::" + sts.accountId() + ":role/guarded",
                        "source_profile = demo-console",
                        "mfa_serial = " + demo.mfa().serial(),
                        "endpoint_url = " + sts.endpoint(),
                        ""),
                java.nio.file.StandardOpenOption.APPEND);
        signIn("demo", demoSession);
        // The login session itself carries no MFA: without a code the role refuses it.
        CliRun.Result without = cli.run("get", "--profile", "guarded");
        assertThat(without.exitCode()).as(without.toString()).isNotZero();

        CliRun.Result r =
                cli.run("get", "--profile", "guarded", "--mfa-token", demo.mfa().nextCode());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(arnOf("guarded")).startsWith("arn:aws:sts::" + sts.accountId() + ":assumed-role/guarded/");
    }

    @Test
    void a_missing_sign_in_is_one_line_naming_aws_login_with_exit_1() {
        CliRun.Result r = cli.run("get", "--profile", "console");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("aws login").doesNotContain("Exception");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void a_cache_file_others_can_read_is_refused_with_exit_2_and_left_as_it_is() throws Exception {
        signIn();
        String before = Files.readString(cacheFile());
        Files.setPosixFilePermissions(cacheFile(), PosixFilePermissions.fromString("rw-r--r--"));

        CliRun.Result r = cli.run("get", "--profile", "deploy");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("chmod 600").contains(cacheFile().toString());
        assertThat(Files.readString(cacheFile())).isEqualTo(before);
    }
}
