package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role profiles and the credential server with real processes: the AWS CLI v2 through
 * credential_process role profiles over one MFA user (one prompt for all of them), and jobs that
 * read sessions from {@code exec --server} with the AWS CLI and boto3, refreshed mid-job.
 */
class RolesWorkflowIT {
    static final Path LAUNCHER = Path.of(System.getProperty("dist.dir")).resolve("bin/sts-session-token");
    static final List<String> ROLES = List.of("admin", "viewer", "auditor");

    @TempDir
    Path home;

    ServeProcess serve;
    Path stateDir;
    String serial;
    String seed;
    String account;

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("USER", "alice");
        return env;
    }

    Processes.Result run(Map<String, String> env, String... command) {
        return Processes.run(List.of(command), env, home, null, Duration.ofSeconds(120));
    }

    @BeforeEach
    void startServeCreateRolesAndWriteProfiles() throws Exception {
        stateDir = home.resolve("state");
        serve = ServeProcess.start(LAUNCHER, stateDir, env());
        Map<String, String> demo = IniFile.read(stateDir.resolve("credentials")).section("emulator-demo");
        Map<String, String> root = IniFile.read(stateDir.resolve("credentials")).section("emulator-root");
        serial = IniFile.read(stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        seed = Files.readString(stateDir.resolve("demo-mfa-seed.txt")).strip();
        account = serial.split(":")[4];
        Files.writeString(
                home.resolve("credentials"),
                "[base]\naws_access_key_id = " + demo.get("aws_access_key_id")
                        + "\naws_secret_access_key = " + demo.get("aws_secret_access_key")
                        + "\n\n[root]\naws_access_key_id = "
                        + root.get("aws_access_key_id") + "\naws_secret_access_key = "
                        + root.get("aws_secret_access_key") + "\n");
        List<String> config = new ArrayList<>(
                List.of("[profile base]", "endpoint_url = " + serve.endpoint, "mfa_serial = " + serial, ""));
        for (String role : ROLES) {
            config.addAll(List.of(
                    "[profile " + role + "-role]",
                    "role_arn = arn:aws:iam::" + account + ":role/" + role,
                    "source_profile = base",
                    "endpoint_url = " + serve.endpoint,
                    "",
                    "[profile " + role + "]",
                    "credential_process = " + LAUNCHER + " get --profile " + role + "-role --output credential-process",
                    ""));
        }
        config.addAll(List.of(
                "[profile short]",
                "role_arn = arn:aws:iam::" + account + ":role/admin",
                "source_profile = base",
                "endpoint_url = " + serve.endpoint,
                "duration_seconds = 900",
                "mfa_process = oathtool --totp -b " + seed,
                ""));
        Files.writeString(home.resolve("config"), String.join("\n", config));
        // Names the demo user itself: under IAM enforcement (as on AWS) the account root would also need
        // an identity policy allowing sts:AssumeRole.
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + account + ":user/demo\"},\"Action\":\"sts:AssumeRole\"}]}";
        Path aws = AwsCliFlowIT.awsCli(2);
        for (String role : ROLES) {
            Processes.Result r = run(
                    env(),
                    aws.toString(),
                    "--profile",
                    "root",
                    "--endpoint-url",
                    serve.endpoint.toString(),
                    "iam",
                    "create-role",
                    "--role-name",
                    role,
                    "--assume-role-policy-document",
                    trust);
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }

    @AfterEach
    void stopServe() throws Exception {
        serve.close();
    }

    String arnVia(Path aws, String profile) {
        Processes.Result r = run(
                env(),
                aws.toString(),
                "--profile",
                profile,
                "--endpoint-url",
                serve.endpoint.toString(),
                "sts",
                "get-caller-identity",
                "--output",
                "text",
                "--query",
                "Arn");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    @Test
    void the_aws_cli_through_credential_process_role_profiles_prompts_once_for_all_of_them() throws Exception {
        Path script = Peers.require("script");
        Path aws = AwsCliFlowIT.awsCli(2);
        String code = Totp.code(Base32.decode(seed), Totp.step(Instant.now()) + 1);
        // The first call runs in a pseudo-terminal, where our credential_process asks on /dev/tty.
        String command = "(sleep 4; printf '%s\\n' " + code + ") | " + script + " -qefc '" + aws + " --profile admin "
                + "--endpoint-url " + serve.endpoint + " sts get-caller-identity --output text --query Arn' /dev/null";
        Processes.Result first = run(env(), "/bin/sh", "-c", command);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout())
                .contains("Enter MFA code for " + serial + ": ")
                .contains("arn:aws:sts::" + account + ":assumed-role/admin/sts-session-token-alice");
        assertThat(serve.count("GetSessionToken", 200)).isEqualTo(1);

        // No terminal from here on: any prompt would fail, so success means nobody was asked.
        for (int i = 0; i < 10; i++) {
            String role = ROLES.get(i % ROLES.size());
            assertThat(arnVia(aws, role))
                    .isEqualTo("arn:aws:sts::" + account + ":assumed-role/" + role + "/sts-session-token-alice");
        }
        assertThat(serve.count("GetSessionToken", 200))
                .as("GetSessionToken calls")
                .isEqualTo(1);
        assertThat(serve.count("AssumeRole", 200))
                .as("one per role, the rest from the cache")
                .isEqualTo(3);
    }

    @Test
    void exec_server_hands_the_aws_cli_a_credential_endpoint_and_never_a_long_term_key() {
        Peers.require("oathtool");
        Path aws = AwsCliFlowIT.awsCli(2);
        Map<String, String> env = env();
        env.put("AWS_SECRET_KEY", "LONG-TERM-secret-under-an-old-name");
        Processes.Result r = run(
                env,
                LAUNCHER.toString(),
                "exec",
                "--server",
                "--profile",
                "short",
                "--",
                "/bin/sh",
                "-c",
                "env; " + aws + " --endpoint-url " + serve.endpoint
                        + " sts get-caller-identity --output text --query Arn");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:")
                .contains("AWS_CONTAINER_AUTHORIZATION_TOKEN=")
                .contains("arn:aws:sts::" + account + ":assumed-role/admin/sts-session-token-alice")
                .doesNotContain("AWS_SECRET_ACCESS_KEY=")
                .doesNotContain("AWS_ACCESS_KEY_ID=")
                .doesNotContain("LONG-TERM")
                .doesNotContain("AWS_SESSION_TOKEN=");
    }

    @Test
    void a_boto3_job_gets_a_refreshed_session_in_the_middle_without_restarting() {
        Peers.requirePython("boto3");
        Peers.require("oathtool");
        // A 900 s role session and --min-ttl 1000: every fetch finds the cached one too short and
        // assumes the role again, and botocore refreshes a session that close to expiry on each use.
        String job = String.join(
                "\n",
                "import boto3",
                "s = boto3.Session()",
                "sts = s.client('sts', endpoint_url='" + serve.endpoint + "')",
                "first = s.get_credentials().get_frozen_credentials().access_key",
                "print('arn', sts.get_caller_identity()['Arn'])",
                "second = s.get_credentials().get_frozen_credentials().access_key",
                "print('arn', sts.get_caller_identity()['Arn'])",
                "print('keys', first, second, first != second)");
        long before = serve.count("AssumeRole", 200);
        Processes.Result r = run(
                env(),
                LAUNCHER.toString(),
                "exec",
                "--server",
                "--profile",
                "short",
                "--min-ttl",
                "1000",
                "--",
                "python3",
                "-c",
                job);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("arn arn:aws:sts::" + account + ":assumed-role/admin/")
                .contains(" True");
        assertThat(serve.count("AssumeRole", 200) - before)
                .as("refreshed mid-job")
                .isGreaterThanOrEqualTo(2);
        assertThat(serve.count("GetSessionToken", 200))
                .as("one MFA session under all of them")
                .isEqualTo(1);
    }
}
