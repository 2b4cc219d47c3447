package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestOidcIssuer;
import dev.ststoken.junit.TestRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a CI job's web identity: a profile with web_identity_token_file and role_arn, or the
 * AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN / AWS_ROLE_SESSION_NAME variables, as the AWS CLI reads
 * them, trade a token the test issuer signed for the role's session at the emulator (get, whoami,
 * credential_process output); a refused token is one line naming STS's error, and no token appears
 * in any output.
 */
class WebIdentityCliTest {
    private static final String MAIN = "repo:acme/app:ref:refs/heads/main";

    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    @TempDir
    Path home;

    TestOidcIssuer ci;
    TestRole deploy;
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        ci = sts.oidcIssuer();
        deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        cli = new CliRun(home);
        Files.createDirectories(home.resolve(".aws"));
    }

    private Path token(String text) throws Exception {
        return Files.writeString(home.resolve("token"), text + "\n");
    }

    private void profile(Path tokenFile) throws Exception {
        Files.writeString(home.resolve(".aws/config"), """
                [profile ci]
                web_identity_token_file = %s
                role_arn = %s
                role_session_name = job-17
                region = us-east-1
                endpoint_url = %s
                """.formatted(tokenFile, deploy.arn(), sts.endpoint()));
    }

    @Test
    void get_whoami_and_credential_process_on_a_web_identity_profile() throws Exception {
        String token = ci.token(MAIN).sign();
        profile(token(token));

        CliRun.Result get = cli.run("get", "--profile", "ci", "--output", "credential-process");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).contains("\"Version\": 1").contains("\"AccessKeyId\": \"ASIA");
        CliRun.Result whoami = cli.run("whoami", "--profile", "ci");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.stdout()).contains("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/job-17");
        assertThat(get.stdout() + get.stderr() + whoami.stdout() + whoami.stderr())
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void the_aws_cli_variables_need_no_profile() throws Exception {
        Path file =
                token(ci.token(MAIN).signedWith(TestOidcIssuer.Algorithm.ES256).sign());
        cli.env.put("AWS_WEB_IDENTITY_TOKEN_FILE", file.toString());
        cli.env.put("AWS_ROLE_ARN", deploy.arn());
        cli.env.put("AWS_ROLE_SESSION_NAME", "from-env");
        cli.env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());

        CliRun.Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.stdout()).contains(":assumed-role/deploy/from-env");
    }

    @Test
    void a_new_token_in_the_file_is_a_new_session_not_the_cached_one() throws Exception {
        profile(token(ci.token(MAIN).sign()));
        assertThat(cli.run("get", "--profile", "ci").exitCode()).isZero();
        // Another repository's job on the same runner, same profile: its token must be judged itself.
        token(ci.token("repo:evil/app:ref:refs/heads/main").sign());

        CliRun.Result refused = cli.run("get", "--profile", "ci");

        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr())
                .contains("AccessDenied")
                .contains("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void an_expired_token_is_one_line_naming_stss_error() throws Exception {
        String token = ci.token(MAIN).validFor(Duration.ofMinutes(10)).sign();
        profile(token(token));
        sts.clock().advance(Duration.ofMinutes(11));

        CliRun.Result get = cli.run("get", "--profile", "ci");

        assertThat(get.exitCode()).as(get.toString()).isNotZero();
        assertThat(get.stderr().strip().lines()).hasSize(1);
        assertThat(get.stderr())
                .contains("ExpiredTokenException")
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void a_token_file_that_is_a_fifo_too_large_or_missing_is_refused_without_reading_on() throws Exception {
        Path fifo = home.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        profile(fifo);
        CliRun.Result get = cli.run("get", "--profile", "ci");
        assertThat(get.exitCode()).as(get.toString()).isNotZero();
        assertThat(get.stderr()).contains("is not a regular file");

        profile(token("x".repeat(30_000)));
        get = cli.run("get", "--profile", "ci");
        assertThat(get.stderr()).contains("holds more than 20000 characters").doesNotContain("xxxx");

        profile(home.resolve("absent"));
        get = cli.run("get", "--profile", "ci");
        assertThat(get.stderr()).contains("does not exist");

        Files.writeString(
                home.resolve(".aws/config"), "[profile ci]\nweb_identity_token_file = " + home.resolve("token") + "\n");
        get = cli.run("get", "--profile", "ci");
        assertThat(get.stderr()).contains("set AWS_ROLE_ARN or the profile's role_arn");
    }
}
