package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real AWS CLI, v1 and v2, drives IAM and STS against {@code serve} in a subprocess: a user, an
 * access key, a virtual MFA device enabled with two consecutive oathtool codes, then a session.
 */
class AwsCliFlowIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));

    @TempDir
    Path home;

    /** v1 is the aws on PATH (pip); v2 is Debian's awscli package in /usr/bin. */
    static Path awsCli(int major) {
        List<Path> candidates = new ArrayList<>();
        Path onPath = Peers.which("aws");
        if (onPath != null) candidates.add(onPath);
        candidates.add(Path.of("/usr/bin/aws"));
        candidates.add(Path.of("/usr/local/bin/aws"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                Processes.Result r = Processes.run(
                        List.of(candidate.toString(), "--version"), null, null, null, Duration.ofSeconds(60));
                if ((r.stdout() + r.stderr()).startsWith("aws-cli/" + major + ".")) {
                    return candidate;
                }
            }
        }
        Peers.missing(true, "AWS CLI v" + major + " not found");
        return null;
    }

    Map<String, String> baseEnv() {
        Map<String, String> env = DistEnv.of(home);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        return env;
    }

    Processes.Result aws(Path cli, Map<String, String> env, Emulator serve, String... args) {
        List<String> command = new ArrayList<>(
                List.of(cli.toString(), "--endpoint-url", serve.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        return Processes.run(command, env, home, null, Duration.ofSeconds(120));
    }

    Map<String, Object> ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().isBlank() ? Map.of() : Json.parseObject(r.stdout());
    }

    static String oathtool(Path oathtool, String seed, String when, int window) {
        Processes.Result r = Processes.run(
                List.of(oathtool.toString(), "--totp", "-b", seed, "-N", when, "-w", Integer.toString(window)),
                null,
                null,
                null,
                Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "AWS CLI v{0}")
    @ValueSource(ints = {1, 2})
    void aws_cli_creates_a_user_key_and_mfa_device_then_gets_a_session(int major) throws Exception {
        Path cli = awsCli(major);
        Path oathtool = Peers.require("oathtool");
        Path stateDir = home.resolve("state");
        // The emulator runs in-process on a clock the test holds, 5 s into a TOTP step, so the codes
        // below belong to known steps without waiting for a fresh window (ServeIT runs serve as a process).
        MutableClock clock =
                new MutableClock(Instant.ofEpochSecond((Instant.now().getEpochSecond() / 30) * 30 + 5));
        java.io.ByteArrayOutputStream accessLog = new java.io.ByteArrayOutputStream();
        try (Emulator serve = Emulator.start(EmulatorConfig.builder()
                .stateDir(stateDir)
                .clock(clock)
                .accessLog(new java.io.PrintStream(accessLog, true, java.nio.charset.StandardCharsets.UTF_8))
                .build())) {
            Map<String, String> root = baseEnv();
            root.put("AWS_CONFIG_FILE", stateDir.resolve("config").toString());
            root.put(
                    "AWS_SHARED_CREDENTIALS_FILE",
                    stateDir.resolve("credentials").toString());
            root.put("AWS_PROFILE", "emulator-root");

            Map<String, Object> user =
                    (Map<String, Object>) ok(aws(cli, root, serve, "iam", "create-user", "--user-name", "alice"))
                            .get("User");
            String aliceArn = (String) user.get("Arn");
            assertThat(aliceArn).matches("arn:aws:iam::\\d{12}:user/alice");
            // IAM is enforced: alice gets the self-management-with-MFA policy the demo user has.
            ok(aws(
                    cli,
                    root,
                    serve,
                    "iam",
                    "attach-user-policy",
                    "--user-name",
                    "alice",
                    "--policy-arn",
                    aliceArn.replace(":user/alice", ":policy/SelfManageCredentialsWithMFA")));

            Map<String, Object> key =
                    (Map<String, Object>) ok(aws(cli, root, serve, "iam", "create-access-key", "--user-name", "alice"))
                            .get("AccessKey");
            assertThat((String) key.get("AccessKeyId")).startsWith("AKIA");

            Path seedFile = home.resolve("alice-seed.txt");
            Map<String, Object> device = (Map<String, Object>) ok(aws(
                            cli,
                            root,
                            serve,
                            "iam",
                            "create-virtual-mfa-device",
                            "--virtual-mfa-device-name",
                            "alice",
                            "--outfile",
                            seedFile.toString(),
                            "--bootstrap-method",
                            "Base32StringSeed"))
                    .get("VirtualMFADevice");
            String serial = (String) device.get("SerialNumber");
            String seed = Files.readString(seedFile).strip();
            assertThat(seed).matches("[A-Z2-7]{64}");

            String[] consecutive = oathtool(
                            oathtool, seed, "@" + (clock.instant().getEpochSecond() - 30), 1)
                    .split("\\s+");
            ok(aws(
                    cli,
                    root,
                    serve,
                    "iam",
                    "enable-mfa-device",
                    "--user-name",
                    "alice",
                    "--serial-number",
                    serial,
                    "--authentication-code1",
                    consecutive[0],
                    "--authentication-code2",
                    consecutive[1]));
            Map<String, Object> devices = ok(aws(cli, root, serve, "iam", "list-mfa-devices", "--user-name", "alice"));
            assertThat(devices.toString()).contains(serial);

            Map<String, String> alice = baseEnv();
            alice.put("AWS_ACCESS_KEY_ID", (String) key.get("AccessKeyId"));
            alice.put("AWS_SECRET_ACCESS_KEY", (String) key.get("SecretAccessKey"));
            clock.advance(Duration.ofSeconds(30)); // the enabling codes are spent; the next step's is fresh
            String code = oathtool(oathtool, seed, "@" + clock.instant().getEpochSecond(), 0);
            Map<String, Object> creds = (Map<String, Object>) ok(aws(
                            cli,
                            alice,
                            serve,
                            "sts",
                            "get-session-token",
                            "--duration-seconds",
                            "3600",
                            "--serial-number",
                            serial,
                            "--token-code",
                            code))
                    .get("Credentials");
            assertThat((String) creds.get("AccessKeyId")).startsWith("ASIA");

            Map<String, String> session = baseEnv();
            session.put("AWS_ACCESS_KEY_ID", (String) creds.get("AccessKeyId"));
            session.put("AWS_SECRET_ACCESS_KEY", (String) creds.get("SecretAccessKey"));
            session.put("AWS_SESSION_TOKEN", (String) creds.get("SessionToken"));
            assertThat(ok(aws(cli, session, serve, "sts", "get-caller-identity"))
                            .get("Arn"))
                    .isEqualTo(aliceArn);
            // A session made with MFA may manage the user's own keys.
            assertThat(ok(aws(cli, session, serve, "iam", "list-access-keys")).toString())
                    .contains(key.get("AccessKeyId").toString());

            Processes.Result reused =
                    aws(cli, alice, serve, "sts", "get-session-token", "--serial-number", serial, "--token-code", code);
            assertThat(reused.exitCode()).isNotZero();
            assertThat(reused.stderr()).contains("AccessDenied").contains("invalid MFA one time pass code");

            Processes.Result tooLong =
                    aws(cli, alice, serve, "sts", "get-session-token", "--duration-seconds", "129601");
            assertThat(tooLong.exitCode()).isNotZero();
            assertThat(tooLong.stderr())
                    .contains("ValidationError")
                    .contains("Member must have value less than or equal to 129600");

            // QR bootstrap: the PNG holds the otpauth URI with a fresh seed.
            Path png = home.resolve("bob.png");
            ok(aws(
                    cli,
                    root,
                    serve,
                    "iam",
                    "create-virtual-mfa-device",
                    "--virtual-mfa-device-name",
                    "bob",
                    "--outfile",
                    png.toString(),
                    "--bootstrap-method",
                    "QRCodePNG"));
            assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

            assertThat(accessLog.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("GetSessionToken 200 ")
                    .contains("EnableMFADevice 200 ")
                    .doesNotContain((String) key.get("SecretAccessKey"))
                    .doesNotContain((String) creds.get("SessionToken"));
        }
    }
}
