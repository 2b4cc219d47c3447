package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.internal.Json;
import dev.ststoken.sts.IamClient;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher's main in child JVMs: a credential_process that calls us back, and kill -9 during rotation. */
class KeyProcessesTest {
    @TempDir
    Path home;

    Emulator emulator;

    @AfterEach
    void tearDown() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static List<String> launcher(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("dev.ststoken.launch.Main");
        command.addAll(List.of(args));
        return command;
    }

    static String shellQuoted(List<String> words) {
        StringBuilder text = new StringBuilder();
        for (String word : words) {
            text.append(text.length() == 0 ? "" : " ")
                    .append('\'')
                    .append(word.replace("'", "'\\''"))
                    .append('\'');
        }
        return text.toString();
    }

    @Test
    void a_credential_process_that_calls_us_back_for_its_own_profile_is_refused_instead_of_forking_forever()
            throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile loop]\ncredential_process = "
                        + shellQuoted(launcher("get", "--profile", "loop", "-o", "credential-process")) + "\n");
        Map<String, String> env = KeyFixtures.baseEnv(home);

        Processes.Result result = Processes.run(
                launcher("get", "--profile", "loop", "-o", "credential-process"),
                env,
                home,
                null,
                Duration.ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr())
                .contains("profile 'loop' gets its keys from a credential_process that calls "
                        + "sts-session-token for profile 'loop' again")
                .contains("credential_process of profile 'loop' failed");
        assertThat(result.stdout()).isEmpty();
    }

    /** Reads the terminal transcript until {@code text} shows (or the process ends). */
    static String readUntil(java.io.InputStream in, StringBuilder transcript, String text) throws java.io.IOException {
        while (transcript.indexOf(text) < 0) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            transcript.append((char) c);
        }
        return transcript.toString();
    }

    @Test
    void keys_add_reads_the_secret_from_the_terminal_without_echoing_it() throws Exception {
        dev.ststoken.testing.Peers.require("script");
        emulator = Emulator.start(EmulatorConfig.forTests(Files.createTempDirectory("tty-emulator")));
        DemoIdentity demo = emulator.demoIdentity();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile dev]\nendpoint_url = " + emulator.endpoint() + "\npassphrase_process = printf pw\n");
        // script(1) gives the launcher a pseudo-terminal as its controlling terminal, as a person's would be.
        ProcessBuilder builder = new ProcessBuilder(
                        "script",
                        "-qfec",
                        shellQuoted(launcher("keys", "add", "--profile", "dev", "--key-store", "file")),
                        "/dev/null")
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(KeyFixtures.baseEnv(home));
        Process process = builder.start();
        StringBuilder transcript = new StringBuilder();
        try (java.io.OutputStream keyboard = process.getOutputStream()) {
            readUntil(process.getInputStream(), transcript, "Access key ID for profile dev: ");
            keyboard.write((demo.credentials().accessKeyId() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keyboard.flush();
            readUntil(process.getInputStream(), transcript, "(not shown): ");
            keyboard.write(
                    (demo.credentials().secretAccessKey() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keyboard.flush();
            readUntil(process.getInputStream(), transcript, "\u0000never");
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(transcript.toString()).isZero();
        assertThat(transcript.toString())
                .contains(demo.credentials().accessKeyId())
                .contains("stored access key " + demo.credentials().accessKeyId())
                .doesNotContain(demo.credentials().secretAccessKey());
        assertThat(Files.readString(home.resolve(".aws/config"))).contains("key_store = file");
        assertThat(KeyFixtures.filesContaining(home, demo.credentials().secretAccessKey()))
                .isEmpty();
    }

    @Test
    void after_keys_import_the_aws_cli_still_uses_the_profile_through_keys_credential_process() throws Exception {
        java.nio.file.Path aws = dev.ststoken.testing.Peers.require("aws");
        emulator = Emulator.start(EmulatorConfig.forTests(Files.createTempDirectory("import-emulator")));
        DemoIdentity demo = emulator.demoIdentity();
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("sts-session-token");
        Files.writeString(launcher, "#!/bin/sh\nexec " + shellQuoted(launcher()) + " \"$@\"\n");
        launcher.toFile().setExecutable(true);
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"), "[profile dev]\nregion = us-east-1\npassphrase_process = printf pw\n");
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[dev]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Map<String, String> env = KeyFixtures.baseEnv(home);
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());

        Processes.Result imported = Processes.run(
                launcher("keys", "import", "--profile", "dev", "--key-store", "file"),
                env,
                home,
                null,
                Duration.ofSeconds(60));
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(Files.readString(home.resolve(".aws/credentials"))).isEmpty();

        Processes.Result identity = Processes.run(
                List.of(
                        aws.toString(),
                        "--profile",
                        "dev",
                        "--endpoint-url",
                        emulator.endpoint().toString(),
                        "sts",
                        "get-caller-identity",
                        "--output",
                        "json"),
                env,
                home,
                null,
                Duration.ofSeconds(120));
        assertThat(identity.exitCode()).as(identity.toString()).isZero();
        assertThat((String) Json.parseObject(identity.stdout()).get("Arn")).endsWith(":user/demo");
        assertThat(KeyFixtures.filesContaining(home, demo.credentials().secretAccessKey()))
                .isEmpty();
    }

    /**
     * Rotation killed with SIGKILL at random moments, run after run. After each, the key in the store
     * works; the only debris a kill may leave is a key IAM created whose secret never reached the
     * store, which keys rotate names (and which is removed here as its hint says).
     */
    @Test
    void a_rotation_killed_at_any_point_never_leaves_the_store_without_a_working_key() throws Exception {
        // Each finished rotation needs an MFA session for the new key, so a new code: the emulator's clock
        // moves a step ahead before every run instead of the test waiting 30 s.
        MutableClock clock = new MutableClock(Instant.now());
        emulator = Emulator.start(EmulatorConfig.forTests(Files.createTempDirectory("rotation-emulator"))
                .withMaxSkew(Duration.ofDays(1))
                .withClock(clock));
        DemoIdentity demo = emulator.demoIdentity();
        Path codeFile = home.resolve("code");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                String.join(
                        "\n",
                        "[profile dev]",
                        "endpoint_url = " + emulator.endpoint(),
                        "mfa_serial = " + demo.mfaSerial(),
                        "mfa_process = cat " + codeFile,
                        "passphrase_process = printf pw",
                        ""));
        Map<String, String> env = KeyFixtures.baseEnv(home);
        KeyFixtures.Run add = KeyFixtures.run(
                env,
                home,
                context -> new KeysCommand(
                                context,
                                new KeyFixtures.ScriptedTerminal()
                                        .answer(
                                                demo.credentials().accessKeyId(),
                                                demo.credentials().secretAccessKey()))
                        .run(List.of("add", "--profile", "dev", "--key-store", "file")));
        assertThat(add.exitCode()).as(add.toString()).isZero();
        StsClient sts = new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                Clock.systemUTC(),
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
                        .withMaxAttempts(1),
                "sts",
                StsClient.STS_VERSION));
        IamClient iam = new IamClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                Clock.systemUTC(),
                Transport.DEFAULT);
        String user = sts.getCallerIdentity(demo.credentials()).arn();

        Random random = new Random();
        int completed = 0;
        int killed = 0;
        int orphans = 0;
        long fullRunMillis = 4000;
        for (int run = 0; run < 30; run++) {
            clock.advance(Duration.ofSeconds(31));
            Files.writeString(codeFile, Totp.code(demo.mfaSeed(), Totp.step(clock.instant())) + "\n");
            long killAfter = run == 0 ? Long.MAX_VALUE : (long) ((0.4 + 0.8 * random.nextDouble()) * fullRunMillis);
            ProcessBuilder builder = new ProcessBuilder(launcher("keys", "rotate", "--profile", "dev"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            long started = System.nanoTime();
            Process process = builder.start();
            if (process.waitFor(Math.min(killAfter, 120_000), TimeUnit.MILLISECONDS)) {
                if (run == 0) {
                    fullRunMillis = Math.max(500, (System.nanoTime() - started) / 1_000_000);
                    assertThat(process.exitValue())
                            .as("an uninterrupted rotation succeeds")
                            .isZero();
                }
                completed += process.exitValue() == 0 ? 1 : 0;
            } else {
                process.destroyForcibly(); // SIGKILL
                process.waitFor();
                killed++;
            }

            AwsCredentials stored = storedKey(env);
            assertThat(sts.getCallerIdentity(stored).arn())
                    .as("run " + run + ": the stored key works")
                    .isEqualTo(user);
            for (IamClient.AccessKeyInfo key : iam.listAccessKeys(emulator.rootCredentials(), "demo")) {
                if (!key.accessKeyId().equals(stored.accessKeyId()) && !isPendingOrRetiring(env, key.accessKeyId())) {
                    // what the refusal's hint tells the person to do
                    iam.deleteAccessKey(emulator.rootCredentials(), "demo", key.accessKeyId());
                    orphans++;
                }
            }
        }
        assertThat(completed).as("some runs finished").isPositive();
        assertThat(killed).as("some runs were killed").isPositive();
        System.out.println("rotation kill test: " + completed + " finished, " + killed + " killed, " + orphans
                + " orphaned key(s) removed; a full run took " + fullRunMillis + " ms");

        // A last uninterrupted run finishes whatever was left half done.
        clock.advance(Duration.ofSeconds(31));
        Files.writeString(codeFile, Totp.code(demo.mfaSeed(), Totp.step(clock.instant())) + "\n");
        Processes.Result last =
                Processes.run(launcher("keys", "rotate", "--profile", "dev"), env, home, null, Duration.ofSeconds(120));
        assertThat(last.exitCode()).as(last.toString()).isZero();
        AwsCredentials stored = storedKey(env);
        assertThat(iam.listAccessKeys(emulator.rootCredentials(), "demo"))
                .extracting(IamClient.AccessKeyInfo::accessKeyId)
                .containsExactly(stored.accessKeyId());
        try {
            sts.getCallerIdentity(demo.credentials());
            throw new AssertionError("the original key should have been deleted");
        } catch (StsServiceException e) {
            assertThat(e.code()).isEqualTo("InvalidClientTokenId");
        }
    }

    private AwsCredentials storedKey(Map<String, String> env) {
        KeyFixtures.Run printed = KeyFixtures.run(
                env,
                home,
                context -> new KeysCommand(context, new KeyFixtures.ScriptedTerminal())
                        .run(List.of("credential-process", "--profile", "dev")));
        assertThat(printed.exitCode()).as(printed.toString()).isZero();
        Map<String, Object> json = Json.parseObject(printed.stdout());
        return new AwsCredentials((String) json.get("AccessKeyId"), (String) json.get("SecretAccessKey"));
    }

    private boolean isPendingOrRetiring(Map<String, String> env, String accessKeyId) throws Exception {
        dev.ststoken.keystore.StoredKey entry = dev.ststoken.keystore.KeyStores.open(
                        "file", env, home, "printf pw", null)
                .readKey("dev");
        return (entry.pending() != null && entry.pending().accessKeyId().equals(accessKeyId))
                || accessKeyId.equals(entry.retiring());
    }

    /** An emulator, a launcher stub named sts-session-token on PATH, and the demo key in the credentials file. */
    Map<String, String> importSetUp(String... profiles) throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(Files.createTempDirectory("keys-emulator")));
        DemoIdentity demo = emulator.demoIdentity();
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("sts-session-token");
        Files.writeString(launcher, "#!/bin/sh\nexec " + shellQuoted(launcher()) + " \"$@\"\n");
        launcher.toFile().setExecutable(true);
        Files.createDirectories(home.resolve(".aws"));
        StringBuilder config = new StringBuilder();
        StringBuilder credentials = new StringBuilder();
        for (String profile : profiles) {
            config.append("[profile ")
                    .append(profile)
                    .append("]\nregion = us-east-1\nendpoint_url = ")
                    .append(emulator.endpoint())
                    .append("\npassphrase_process = printf pw\n\n");
            credentials
                    .append('[')
                    .append(profile)
                    .append("]\naws_access_key_id = ")
                    .append(demo.credentials().accessKeyId())
                    .append("\naws_secret_access_key = ")
                    .append(demo.credentials().secretAccessKey())
                    .append("\n\n");
        }
        Files.writeString(home.resolve(".aws/config"), config.toString());
        Files.writeString(home.resolve(".aws/credentials"), credentials.toString());
        Map<String, String> env = KeyFixtures.baseEnv(home);
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    @Test
    void keys_import_of_a_profile_named_like_a_shell_command_writes_a_credential_process_that_runs_nothing_else()
            throws Exception {
        // Both names were run by sh -c as written: the first ran touch after ';', the second in $(...).
        List<String> names = List.of("x;touch${IFS}pwned1", "$(touch${IFS}pwned2)");
        Map<String, String> env = importSetUp(names.toArray(new String[0]));
        DemoIdentity demo = emulator.demoIdentity();
        for (String name : names) {
            Processes.Result imported = Processes.run(
                    launcher("keys", "import", "--profile", name, "--key-store", "file"),
                    env,
                    home,
                    null,
                    Duration.ofSeconds(60));
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            String line = dev.ststoken.config.IniFile.read(home.resolve(".aws/config"))
                    .section("profile " + name)
                    .get("credential_process");
            assertThat(line).isEqualTo("sts-session-token keys credential-process --profile '" + name + "'");

            // As the Java and Go SDKs run it (and the AWS CLI v1 and boto3 on their way through shlex, below).
            Processes.Result shell =
                    Processes.run(List.of("/bin/sh", "-c", line), env, home, null, Duration.ofSeconds(60));
            assertThat(shell.exitCode()).as(shell.toString()).isZero();
            assertThat(Json.parseObject(shell.stdout()))
                    .containsEntry("AccessKeyId", demo.credentials().accessKeyId());
        }
        try (var files = Files.list(home)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("nothing the profile names hold ran")
                    .doesNotContain("pwned1", "pwned2");
        }

        // botocore splits credential_process with shlex.split (compat_shell_split on POSIX) and runs it without a
        // shell.
        java.nio.file.Path aws = dev.ststoken.testing.Peers.require("aws");
        for (String name : names) {
            Processes.Result identity = Processes.run(
                    List.of(
                            aws.toString(),
                            "--profile",
                            name,
                            "--endpoint-url",
                            emulator.endpoint().toString(),
                            "sts",
                            "get-caller-identity",
                            "--output",
                            "json"),
                    env,
                    home,
                    null,
                    Duration.ofSeconds(120));
            assertThat(identity.exitCode()).as(identity.toString()).isZero();
            assertThat((String) Json.parseObject(identity.stdout()).get("Arn")).endsWith(":user/demo");
        }
    }

    @Test
    void keys_remove_of_an_imported_key_without_a_terminal_needs_force_and_on_a_terminal_asks() throws Exception {
        Map<String, String> env = importSetUp("dev");
        DemoIdentity demo = emulator.demoIdentity();
        Processes.Result imported = Processes.run(
                launcher("keys", "import", "--profile", "dev", "--key-store", "file"),
                env,
                home,
                null,
                Duration.ofSeconds(60));
        assertThat(imported.exitCode()).as(imported.toString()).isZero();

        // setsid: no controlling terminal, as under cron or a service manager.
        List<String> noTty = new ArrayList<>(List.of("setsid"));
        noTty.addAll(launcher("keys", "remove", "--profile", "dev"));
        Processes.Result refused = Processes.run(noTty, env, home, null, Duration.ofSeconds(60));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.stderr())
                .contains("access key " + demo.credentials().accessKeyId() + " of profile dev stays active in IAM")
                .contains("holds the only copy of its secret")
                .contains("pass --force");
        assertThat(Files.readString(home.resolve(".aws/config"))).contains("key_store = file");

        // On a terminal: the warning, then a question; "n" keeps the key.
        dev.ststoken.testing.Peers.require("script");
        for (String answer : List.of("n", "y")) {
            ProcessBuilder builder = new ProcessBuilder(
                            "script", "-qfec", shellQuoted(launcher("keys", "remove", "--profile", "dev")), "/dev/null")
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            StringBuilder transcript = new StringBuilder();
            try (java.io.OutputStream keyboard = process.getOutputStream()) {
                readUntil(process.getInputStream(), transcript, "Remove it from file? [y/N] ");
                keyboard.write((answer + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                keyboard.flush();
                readUntil(process.getInputStream(), transcript, "\u0000never");
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(transcript.toString())
                    .contains("stays active in IAM")
                    .contains("holds the only copy of its secret");
            if (answer.equals("n")) {
                assertThat(process.exitValue()).as(transcript.toString()).isEqualTo(ExitCode.USAGE);
                assertThat(transcript.toString()).contains("nothing was removed");
                assertThat(Files.readString(home.resolve(".aws/config"))).contains("key_store = file");
            } else {
                assertThat(process.exitValue()).as(transcript.toString()).isZero();
                assertThat(transcript.toString()).contains("removed the key of profile dev from file");
                assertThat(Files.readString(home.resolve(".aws/config"))).doesNotContain("key_store");
            }
        }
    }

    @Test
    void keys_remove_with_force_and_no_terminal_removes_the_key_and_still_warns() throws Exception {
        Map<String, String> env = importSetUp("dev");
        assertThat(Processes.run(
                                launcher("keys", "import", "--profile", "dev", "--key-store", "file"),
                                env,
                                home,
                                null,
                                Duration.ofSeconds(60))
                        .exitCode())
                .isZero();
        List<String> noTty = new ArrayList<>(List.of("setsid"));
        noTty.addAll(launcher("keys", "remove", "--profile", "dev", "--force"));
        Processes.Result removed = Processes.run(noTty, env, home, null, Duration.ofSeconds(60));
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(removed.stderr()).contains("warning: access key").contains("stays active in IAM");
        assertThat(removed.stdout()).contains("removed the key of profile dev from file");
    }

    @Test
    void the_mfa_code_typed_at_the_prompt_is_not_echoed() throws Exception {
        dev.ststoken.testing.Peers.require("script");
        MutableClock clock = new MutableClock(Instant.now());
        emulator = Emulator.start(EmulatorConfig.forTests(Files.createTempDirectory("prompt-emulator"))
                .withMaxSkew(Duration.ofHours(1))
                .withClock(clock));
        DemoIdentity demo = emulator.demoIdentity();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile dev]\nendpoint_url = " + emulator.endpoint() + "\nmfa_serial = " + demo.mfaSerial() + "\n");
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[dev]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        String code = Totp.code(demo.mfaSeed(), Totp.step(clock.instant()));
        ProcessBuilder builder = new ProcessBuilder(
                        "script",
                        "-qfec",
                        shellQuoted(launcher("get", "--profile", "dev", "--no-cache", "-o", "credential-process")),
                        "/dev/null")
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(KeyFixtures.baseEnv(home));
        Process process = builder.start();
        StringBuilder transcript = new StringBuilder();
        String prompt = "Enter MFA code for " + demo.mfaSerial() + ": ";
        try (java.io.OutputStream keyboard = process.getOutputStream()) {
            readUntil(process.getInputStream(), transcript, prompt);
            // Typed as an app shows it: a space in the middle.
            keyboard.write((code.substring(0, 3) + " " + code.substring(3) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keyboard.flush();
            readUntil(process.getInputStream(), transcript, "\u0000never");
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(transcript.toString()).isZero();
        // The pseudo-terminal shows line breaks as \r\n.
        String after = transcript
                .substring(transcript.indexOf(prompt) + prompt.length())
                .replace("\r", "");
        assertThat(after)
                .as("what the terminal shows after the prompt")
                .contains("\"AccessKeyId\"")
                .doesNotContain(code.substring(0, 3) + " " + code.substring(3))
                .startsWith("\n")
                .doesNotStartWith("\n\n");
    }

    /**
     * A stand-in for secret-tool 0.20.5 (Debian bookworm's libsecret-tools) in {@code bin}: {@code search --all}
     * prints each item's label and secret on stdout and its attributes on stderr.
     */
    static void secretTool0205(Path bin, Path entryFile) throws Exception {
        Path tool = bin.resolve("secret-tool");
        Files.writeString(
                tool,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "case \"$1\" in",
                        "search)",
                        "  printf '[/org/freedesktop/secrets/collection/login/1]\\nlabel = sts-session-token key of profile "
                                + "dev\\nsecret = %s\\ncreated = 2026-12-01 10:00:00\\nmodified = 2026-12-01 10:00:00\\n"
                                + "schema = org.freedesktop.Secret.Generic\\n' \"$(cat '" + entryFile + "')\"",
                        "  printf 'attribute.profile = dev\\nattribute.service = sts-session-token\\n' >&2 ;;",
                        "lookup) cat '" + entryFile + "' ;;",
                        "*) exit 1 ;;",
                        "esac",
                        ""));
        tool.toFile().setExecutable(true);
    }

    @Test
    void
            keys_list_shows_secret_service_keys_when_secret_tool_prints_the_attributes_on_stderr_and_names_a_store_it_cannot_read()
                    throws Exception {
        Map<String, String> env = importSetUp("dev");
        DemoIdentity demo = emulator.demoIdentity();
        Path bin = home.resolve("bin");
        Path entry = Files.writeString(
                home.resolve("entry.json"),
                dev.ststoken.keystore.StoredKey.of(demo.credentials()).toJson());
        secretTool0205(bin, entry);
        Files.writeString(home.resolve(".aws/credentials"), "");
        Files.writeString(
                home.resolve(".aws/config"), "[profile dev]\nregion = us-east-1\nkey_store = secret-service\n");
        Processes.Result list = Processes.run(launcher("keys", "list"), env, home, null, Duration.ofSeconds(60));
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout())
                .containsPattern("dev +secret-service +" + demo.credentials().accessKeyId())
                .doesNotContain(demo.credentials().secretAccessKey());

        // A file store that exists but cannot be opened now (its passphrase_process fails, as a locked vault's
        // would): the secret-service rows are still listed, stderr names the file store, and the exit code is 2.
        dev.ststoken.keystore.KeyStores.file(
                        home.resolve(".local/share/sts-session-token/keys.enc"),
                        (file, confirm) -> "pw".toCharArray(),
                        100_000)
                .write("locked", "{}");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile dev]\nregion = us-east-1\nkey_store = secret-service\n\n[profile locked]\nkey_store = file\n"
                        + "passphrase_process = false\n");
        Processes.Result partial = Processes.run(launcher("keys", "list"), env, home, null, Duration.ofSeconds(60));
        assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(partial.stdout())
                .containsPattern("dev +secret-service +" + demo.credentials().accessKeyId());
        assertThat(partial.stderr())
                .isEqualTo("sts-session-token: keys list: the keys in file are not listed: passphrase_process failed "
                        + "with exit code 1\n");
    }
}
