package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.signin.LoginCache;
import dev.ststoken.sts.QueryClient;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signin}: the aws login flow from our command line. With --local, against the in-process
 * emulator whose page the command answers for the demo user: the same-device flow (PKCE, the one-shot
 * loopback receiver, the token endpoint with a DPoP proof) and the cross-device one (--remote: the
 * confirmation page's code) each write the AWS CLI's cache entry and a login_session profile that get
 * then uses. Bad input: a pasted code of another sign-in or not a code, a profile with other
 * credentials: one line, exit 2, nothing written.
 */
class SigninCommandTest {
    @TempDir
    Path home;

    Path stateDir() {
        return home.resolve("data/sts-session-token/emulator");
    }

    Path cacheFile(String session) {
        return home.resolve(".aws/login/cache").resolve(LoginCache.fileName(session));
    }

    /** What the written profile gives: the cached credentials, checked at the emulator's STS. */
    void assertSignedInAsDemo(CliRun cli, CliRun.Result result, String profile) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(stateDir()))) {
            String session = "arn:aws:iam::" + emulator.accountId() + ":user/demo";
            assertThat(result.stderr()).contains("Signed in as " + session);
            assertThat(Files.readString(home.resolve(".aws/config")))
                    .contains("[profile " + profile + "]")
                    .contains("login_session = " + session)
                    .contains("region = us-east-1");
            Path file = cacheFile(session);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            Map<String, Object> token = Json.parseObject(Files.readString(file));
            assertThat(token).containsKeys("accessToken", "refreshToken", "idToken", "dpopKey", "clientId");
            Map<?, ?> access = (Map<?, ?>) token.get("accessToken");
            assertThat(access.get("accountId")).isEqualTo(emulator.accountId());
            StsClient sts = new StsClient(new QueryClient(
                    new StsEndpoint(emulator.endpoint(), "us-east-1"),
                    TlsSettings.DEFAULT,
                    Clock.systemUTC(),
                    Transport.DEFAULT,
                    "sts",
                    StsClient.STS_VERSION));
            AwsCredentials credentials = new AwsCredentials(
                    (String) access.get("accessKeyId"), (String) access.get("secretAccessKey"), (String)
                            access.get("sessionToken"));
            assertThat(sts.call("GetCallerIdentity", List.of(), credentials).textAt("Arn"))
                    .isEqualTo(session);
            // get on the written profile: the cache entry serves it (no refresh needed).
            cli.env.put("AWS_ENDPOINT_URL_SIGNIN", emulator.endpoint().toString());
            cli.env.put("AWS_ENDPOINT_URL_STS", emulator.endpoint().toString());
            CliRun.Result get = cli.run("get", "--profile", profile, "-o", "json");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(get.stdout()).contains((String) access.get("accessKeyId"));
        }
    }

    @Test
    void signin_local_answers_the_page_for_the_demo_user_and_writes_cache_and_profile() throws Exception {
        CliRun cli = new CliRun(home);
        assertSignedInAsDemo(cli, cli.run("signin", "--local", "--profile", "dev"), "dev");
        assertThat(Files.readString(stateDir().resolve("demo-password.txt"))).isNotBlank();
    }

    @Test
    void signin_remote_takes_the_code_the_confirmation_page_shows() throws Exception {
        CliRun cli = new CliRun(home);
        CliRun.Result result = cli.run("signin", "--local", "--remote", "--profile", "far");
        assertThat(result.stderr())
                .contains("/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3A"
                        + "devtools%2Fcross-device");
        assertSignedInAsDemo(cli, result, "far");
    }

    @Test
    void a_pasted_code_of_another_sign_in_or_no_code_is_refused_and_nothing_is_written() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("emulator")))) {
            CliRun cli = new CliRun(home);
            cli.env.put("AWS_ENDPOINT_URL_SIGNIN", emulator.endpoint().toString());
            String foreign = Base64.getEncoder().encodeToString("state=someone-else&code=abc".getBytes());

            CliRun.Result other = cli.runWithInput(foreign + "\n", "signin", "--remote");
            CliRun.Result garbage = cli.runWithInput("not a code!\n", "signin", "--remote");
            CliRun.Result nothing = cli.runWithInput("", "signin", "--remote");

            assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
            assertThat(other.stderr()).contains("belongs to another sign-in");
            assertThat(garbage.exitCode()).isEqualTo(2);
            assertThat(garbage.stderr()).contains("not the code the sign-in page shows");
            assertThat(nothing.exitCode()).isEqualTo(2);
            assertThat(home.resolve(".aws/login")).doesNotExist();
            assertThat(home.resolve(".aws/config")).doesNotExist();
        }
    }

    @Test
    void a_profile_with_other_credentials_is_left_alone() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        String config = "[profile keys]\naws_access_key_id = AKIAEXAMPLE\n";
        Files.writeString(home.resolve(".aws/config"), config);
        CliRun cli = new CliRun(home);

        CliRun.Result result = cli.run("signin", "--local", "--profile", "keys");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("profile 'keys' already has aws_access_key_id");
        assertThat(Files.readString(home.resolve(".aws/config"))).isEqualTo(config);
    }

    @Test
    void the_help_of_signin_and_login_says_which_is_which() {
        CliRun cli = new CliRun(home);
        assertThat(cli.run("signin", "--help").stdout())
                .contains("as aws login does")
                .contains("Not 'login'");
        assertThat(cli.run("login", "--help").stdout()).contains("Not 'signin'");
        assertThat(cli.run("--help").stdout()).contains("signin   sign in as aws login does");
    }
}
