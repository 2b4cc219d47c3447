package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestClock;
import dev.ststoken.junit.TestUser;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * --prompt and mfa_prompt: the code asked for without a terminal (the launcher run under setsid,
 * so it has none), each driver a stand-in on PATH that records its argv and answers the code the
 * test leaves in a file (the real zenity, kdialog, osascript and ykman are not installed here, and
 * a real dialog or key needs a person). Each run moves the emulator's clock one TOTP step, so each
 * code is fresh without waiting for one.
 */
class PromptDriverTest {
    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    TestClock clock;
    TestUser demo;
    Path bin;
    Path records;
    Path codeFile;

    @BeforeEach
    void setUp() throws Exception {
        clock = sts.clock();
        demo = sts.demo();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile base]\nendpoint_url = " + sts.endpoint() + "\nmfa_serial = "
                        + demo.mfa().serial() + "\n");
        bin = Files.createDirectories(home.resolve("bin"));
        records = Files.createDirectories(home.resolve("records"));
        codeFile = home.resolve("code.txt");
        for (String driver : List.of("zenity", "kdialog", "osascript", "ykman", "notify-send")) {
            standIn(driver, driver.equals("notify-send") ? "" : "cat " + codeFile + "\n");
        }
    }

    /** An executable that appends its argv (one word a line, then a blank line) to records/NAME, then runs {@code body}. */
    Path standIn(String name, String body) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(
                file,
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> " + records.resolve(name) + "\necho >> "
                        + records.resolve(name) + "\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** The words each call of {@code name} was given, or an empty list when it was never called. */
    List<List<String>> calls(String name) throws Exception {
        Path file = records.resolve(name);
        List<List<String>> calls = new ArrayList<>();
        if (!Files.exists(file)) {
            return calls;
        }
        List<String> call = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isEmpty()) {
                calls.add(call);
                call = new ArrayList<>();
            } else {
                call.add(line);
            }
        }
        return calls;
    }

    /** The next TOTP step's code, left in the file the stand-ins print. */
    String nextCode() throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        String code = demo.mfa().code();
        Files.writeString(codeFile, code.substring(0, 3) + " " + code.substring(3) + "\n");
        return code;
    }

    /** The launcher without a controlling terminal, the stand-ins first on PATH. */
    Processes.Result launch(String... args) {
        Map<String, String> env = new HashMap<>(KeyFixtures.baseEnv(home));
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(KeyProcessesTest.launcher(args));
        return Processes.run(command, env, home, null, Duration.ofSeconds(120));
    }

    void assertSession(Processes.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Json.parseObject(r.stdout()).get("AccessKeyId").toString()).startsWith("ASIA");
    }

    /** No argv of any driver or notification held the code. */
    void assertNoCodeInArgv(String code) throws Exception {
        for (String name : List.of("zenity", "kdialog", "osascript", "ykman", "notify-send")) {
            for (List<String> call : calls(name)) {
                assertThat(String.join(" ", call).replace(" ", "")).as(name).doesNotContain(code);
            }
        }
    }

    @Test
    void zenity_and_kdialog_ask_with_the_serial_in_a_hidden_entry_and_a_notification_says_so() throws Exception {
        String code = nextCode();
        assertSession(launch("get", "--profile", "base", "--prompt", "zenity", "-o", "credential-process"));
        assertThat(calls("zenity"))
                .containsExactly(List.of(
                        "--entry",
                        "--hide-text",
                        "--title",
                        "sts-session-token",
                        "--text",
                        "MFA code for " + demo.mfa().serial()));
        assertThat(calls("notify-send"))
                .containsExactly(List.of(
                        "--app-name=sts-session-token",
                        "sts-session-token",
                        "MFA code for " + demo.mfa().serial()));

        String second = nextCode();
        assertSession(
                launch("get", "--profile", "base", "--prompt", "kdialog", "--no-cache", "-o", "credential-process"));
        assertThat(calls("kdialog"))
                .containsExactly(List.of(
                        "--title",
                        "sts-session-token",
                        "--password",
                        "MFA code for " + demo.mfa().serial()));
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(2);
        assertNoCodeInArgv(code);
        assertNoCodeInArgv(second);
    }

    @Test
    void osascript_gets_the_serial_as_an_argument_of_its_script_never_inside_its_text() throws Exception {
        String code = nextCode();
        assertSession(launch("get", "--profile", "base", "--prompt", "osascript", "-o", "credential-process"));
        List<List<String>> calls = calls("osascript");
        assertThat(calls).hasSize(1);
        List<String> argv = calls.get(0);
        assertThat(argv.get(argv.size() - 1)).isEqualTo(demo.mfa().serial());
        assertThat(argv.subList(0, argv.size() - 1))
                .as("the script's text")
                .noneMatch(word -> word.contains(demo.mfa().serial()))
                .anyMatch(word -> word.contains("with hidden answer"));
        assertNoCodeInArgv(code);
    }

    @Test
    void ykman_reads_the_profile_account_says_touch_your_yubikey_and_defaults_to_the_serial() throws Exception {
        Files.writeString(
                home.resolve(".aws/config"),
                "mfa_prompt = ykman\nmfa_ykman_account = Amazon Web Services:demo@example\n",
                StandardOpenOption.APPEND);
        String code = nextCode();
        Processes.Result r = launch("get", "--profile", "base", "-o", "credential-process");
        assertSession(r);
        assertThat(r.stderr()).contains("touch your YubiKey");
        nextCode();
        assertSession(launch(
                "get",
                "--profile",
                "base",
                "--no-cache",
                "--mfa-serial-number",
                demo.mfa().serial(),
                "-o",
                "credential-process"));
        assertThat(calls("ykman"))
                .containsExactly(
                        List.of("oath", "accounts", "code", "--single", "Amazon Web Services:demo@example"),
                        List.of("oath", "accounts", "code", "--single", "Amazon Web Services:demo@example"));

        // Without the account setting: the serial names the account.
        Files.writeString(
                home.resolve(".aws/config"),
                Files.readString(home.resolve(".aws/config")).replace("mfa_ykman_account", "# mfa_ykman_account"));
        nextCode();
        assertSession(launch("get", "--profile", "base", "--no-cache", "-o", "credential-process"));
        assertThat(calls("ykman").get(2))
                .containsExactly(
                        "oath", "accounts", "code", "--single", demo.mfa().serial());
        assertNoCodeInArgv(code);
    }

    @Test
    void a_command_prompts_through_sh_and_a_flag_wins_over_the_profiles_mfa_process_and_mfa_prompt() throws Exception {
        Path asker = standIn("my-asker", "cat " + codeFile + "\n");
        Files.writeString(
                home.resolve(".aws/config"), "mfa_process = false\nmfa_prompt = zenity\n", StandardOpenOption.APPEND);
        nextCode();
        assertSession(
                launch("get", "--profile", "base", "--prompt", asker + " --from test", "-o", "credential-process"));
        assertThat(calls("my-asker")).containsExactly(List.of("--from", "test"));
        assertThat(calls("zenity")).isEmpty();
        // The profile's mfa_prompt alone, with its mfa_process gone: zenity.
        Files.writeString(
                home.resolve(".aws/config"),
                Files.readString(home.resolve(".aws/config")).replace("mfa_process = false\n", ""));
        nextCode();
        assertSession(launch("get", "--profile", "base", "--no-cache", "-o", "credential-process"));
        assertThat(calls("zenity")).hasSize(1);
        // --prompt terminal: the terminal, and there is none here.
        Processes.Result r =
                launch("get", "--profile", "base", "--no-cache", "--prompt", "terminal", "-o", "credential-process");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).contains("no terminal to ask for the MFA code");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zenity", "ykman"})
    void a_cancelled_or_failing_driver_is_one_line_and_exit_2(String driver) throws Exception {
        standIn(driver, "exit 1\n");
        nextCode();
        Processes.Result r = launch("get", "--profile", "base", "--prompt", driver);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).contains(driver + " failed with exit code 1 (no MFA code)");
        assertThat(sts.emulator().actionCount("GetSessionToken")).isZero();
    }

    @Test
    void a_mistyped_driver_is_run_as_a_command_and_its_not_found_names_the_drivers() throws Exception {
        nextCode();
        Processes.Result r = launch("get", "--profile", "base", "--prompt", "zenty");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr())
                .contains("mfa_prompt failed with exit code 127: sh did not find the command (the drivers are "
                        + "terminal, zenity, kdialog, osascript, ykman; anything else is run as a command)");
    }

    @Test
    void a_driver_that_is_not_installed_says_so() {
        Map<String, String> env = new HashMap<>(KeyFixtures.baseEnv(home));
        env.put("PATH", "/usr/bin:/bin");
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(KeyProcessesTest.launcher("get", "--profile", "base", "--prompt", "kdialog"));
        Processes.Result r = Processes.run(command, env, home, null, Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr())
                .contains("cannot run kdialog: kdialog could not be started (is it installed and on PATH?)");
    }

    /**
     * The credential server of exec --server asks the driver again when the MFA session runs low in
     * the middle of the job (a command driver here: in-process, PATH is this JVM's).
     */
    @Test
    void the_credential_server_asks_the_driver_again_mid_job() throws Exception {
        CliRun cli = new CliRun(home);
        cli.clock = clock;
        Path asker = standIn("server-asker", "cat " + codeFile + "\n");
        Path answers = home.resolve("answers.txt");
        Path gate = Files.createDirectory(home.resolve("gate"));
        nextCode();
        List<String> command = new ArrayList<>(List.of(
                "exec",
                "--server",
                "--profile",
                "base",
                "--duration-seconds",
                "900",
                "--prompt",
                asker.toString(),
                "--"));
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CredentialFetches.class.getName(),
                "2",
                answers.toString(),
                gate.toString()));
        CompletableFuture<CliRun.Result> run =
                CompletableFuture.supplyAsync(() -> cli.run(command.toArray(String[]::new)));
        ExecServerTest.await(gate.resolve("fetched-0"), run);
        clock.advance(Duration.ofSeconds(700));
        nextCode();
        Files.createFile(gate.resolve("go-0"));
        CliRun.Result r = run.get(120, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(answers)).hasSize(2).allMatch(line -> line.startsWith("200 ASIA"));
        assertThat(calls("server-asker"))
                .as("asked at the start and again mid-job")
                .hasSize(2);
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(2);
    }

    /**
     * serve-credentials' background server cannot ask a terminal, but a --prompt driver other than
     * terminal asks without one: it renews the MFA session with the driver, and serve-credentials no
     * longer warns at start that it needs mfa_process (it did, though the driver would ask). The
     * session cache emptied once the server runs stands for the MFA session's end.
     */
    @Test
    void the_background_server_of_serve_credentials_renews_with_a_non_terminal_driver() throws Exception {
        Path asker = standIn("server-asker", "cat " + codeFile + "\n");
        String first = nextCode();
        Processes.Result r = launch("serve-credentials", "--profile", "base", "--prompt", asker.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> exported = new HashMap<>();
        for (String line : r.stdout().lines().toList()) {
            String l = line.replaceFirst("^export ", "");
            int eq = l.indexOf('=');
            if (eq > 0) exported.put(l.substring(0, eq), l.substring(eq + 1).replaceAll("^'|'$", ""));
        }
        long serverPid = Long.parseLong(exported.get(ServeCredentialsCommand.PID_VARIABLE));
        try {
            assertThat(r.stderr()).doesNotContain("warning", "needs mfa_process");
            Path log = home.resolve(".cache/sts-session-token")
                    .resolve(r.stderr().replaceFirst("(?s).*\\(log: [^)]*/(serve-credentials-\\d+\\.log)\\).*", "$1"));
            assertThat(log).exists();
            assertThat(fetch(exported).getKey())
                    .as("the session it started with")
                    .isEqualTo(200);
            try (java.util.stream.Stream<Path> cached = Files.list(log.getParent())) {
                for (Path file : cached.toList()) {
                    if (Files.isRegularFile(file) && !file.equals(log)) {
                        Files.delete(file);
                    }
                }
            }
            String second = nextCode();
            Map.Entry<Integer, String> renewed = fetch(exported);
            assertThat(renewed.getKey()).as(renewed.getValue()).isEqualTo(200);
            assertThat(renewed.getValue()).contains("ASIA");
            assertThat(calls("server-asker"))
                    .as("asked in the foreground, then by the background server")
                    .hasSize(2);
            assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(2);
            assertThat(Files.readString(log)).doesNotContain("cannot ask", first, second);
        } finally {
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroy);
        }
    }

    /** A request as an SDK's container provider makes it: the status and the body. */
    static Map.Entry<Integer, String> fetch(Map<String, String> exported) throws Exception {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) java.net
                .URI
                .create(exported.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                .toURL()
                .openConnection();
        connection.setRequestProperty("Authorization", exported.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        int status = connection.getResponseCode();
        java.io.InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream();
        return Map.entry(status, new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** With --prompt terminal the background server still cannot ask: serve-credentials warns, naming both ways. */
    @Test
    void serve_credentials_with_the_terminal_driver_still_warns_and_names_both_ways() throws Exception {
        nextCode();
        Processes.Result r =
                launch("serve-credentials", "--profile", "base", "--prompt", "terminal", "--mfa-token", nextCode());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String pid = r.stdout().replaceFirst("(?s).*" + ServeCredentialsCommand.PID_VARIABLE + "='?(\\d+).*", "$1");
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
        assertThat(r.stderr())
                .contains("warning: the server runs in the background and cannot ask for an MFA code")
                .contains("mfa_process in the profile (or --mfa-process) or a non-terminal --prompt driver");
    }
}
