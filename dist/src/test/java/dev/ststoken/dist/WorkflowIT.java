package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.internal.Json;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday MFA workflow with real processes: the launcher under the AWS CLI's credential_process,
 * eval/source of the shell formats, exec, the /dev/tty prompt in a pseudo-terminal, 20 concurrent runs.
 */
class WorkflowIT {
    static final Path LAUNCHER = Path.of(System.getProperty("dist.dir")).resolve("bin/sts-session-token");

    @TempDir
    Path home;

    ServeProcess serve;
    Path stateDir;
    String serial;
    String seed;

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        return env;
    }

    @BeforeEach
    void startServeAndWriteProfiles() throws Exception {
        stateDir = home.resolve("state");
        serve = ServeProcess.start(LAUNCHER, stateDir, env());
        Map<String, String> demo = IniFile.read(stateDir.resolve("credentials")).section("emulator-demo");
        serial = IniFile.read(stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        seed = Files.readString(stateDir.resolve("demo-mfa-seed.txt")).strip();
        Files.writeString(
                home.resolve("credentials"),
                "# hand-written\n[base]\naws_access_key_id = " + demo.get("aws_access_key_id")
                        + "\naws_secret_access_key = " + demo.get("aws_secret_access_key") + "\n");
        Files.writeString(
                home.resolve("config"),
                String.join(
                        "\n",
                        "[profile base]",
                        "region = us-east-1",
                        "endpoint_url = " + serve.endpoint,
                        "mfa_serial = " + serial,
                        "mfa_process = " + (Peers.which("oathtool") != null ? "oathtool --totp -b " + seed : "false"),
                        "",
                        "[profile prompted]",
                        "region = us-east-1",
                        "endpoint_url = " + serve.endpoint,
                        "mfa_serial = " + serial,
                        "",
                        "[profile cp]",
                        "region = us-east-1",
                        "credential_process = " + LAUNCHER + " get --profile base --output credential-process",
                        "",
                        "[profile cp-prompt]",
                        "region = us-east-1",
                        "credential_process = " + LAUNCHER + " get --profile prompted --output credential-process",
                        ""));
        Files.copy(home.resolve("credentials"), home.resolve("credentials-prompted"));
        // [prompted] needs keys too: same user.
        Files.writeString(
                home.resolve("credentials"),
                Files.readString(home.resolve("credentials")).replace("[base]", "[base]") + "\n[prompted]\n"
                        + Files.readString(home.resolve("credentials")).split("\\[base\\]\n")[1]);
    }

    @AfterEach
    void stopServe() throws Exception {
        serve.close();
    }

    Processes.Result run(Map<String, String> env, String... command) {
        return Processes.run(List.of(command), env, home, null, Duration.ofSeconds(120));
    }

    static Path awsV2() {
        Path v2 = AwsCliFlowIT.awsCli(2);
        return v2;
    }

    @Test
    void aws_cli_v2_credential_process_calls_sts_once_then_uses_the_cache() throws Exception {
        Peers.require("oathtool");
        Path aws = awsV2();
        for (int i = 0; i < 2; i++) {
            Processes.Result r = run(
                    env(),
                    aws.toString(),
                    "--profile",
                    "cp",
                    "--endpoint-url",
                    serve.endpoint.toString(),
                    "sts",
                    "get-caller-identity",
                    "--output",
                    "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Json.parseObject(r.stdout()).get("Arn").toString()).endsWith(":user/demo");
        }
        assertThat(serve.count("GetSessionToken", 200)).isEqualTo(1);
        assertThat(serve.count("GetCallerIdentity", 200)).isEqualTo(2);
    }

    @Test
    void eval_of_env_output_then_the_aws_cli_works_and_fish_source_too() throws Exception {
        Peers.require("oathtool");
        Path aws = awsV2();
        Processes.Result sh = run(
                env(),
                "/bin/sh",
                "-c",
                "eval \"$(" + LAUNCHER + " get --profile base --output env)\" && " + aws + " --endpoint-url "
                        + serve.endpoint + " sts get-caller-identity --output text --query Arn");
        assertThat(sh.exitCode()).as(sh.toString()).isZero();
        assertThat(sh.stdout().strip()).endsWith(":user/demo");
        Path fish = Peers.require("fish");
        Processes.Result f = run(
                env(),
                fish.toString(),
                "--no-config",
                "-c",
                LAUNCHER + " get --profile base --output fish | source; " + aws + " --endpoint-url " + serve.endpoint
                        + " sts get-caller-identity --output text --query Arn");
        assertThat(f.exitCode()).as(f.toString()).isZero();
        assertThat(f.stdout().strip()).endsWith(":user/demo");
    }

    @Test
    void exec_sets_the_session_variables_removes_the_profile_and_refuses_nesting() {
        Map<String, String> env = env();
        env.put("AWS_PROFILE", "should-go");
        env.put("AWS_DEFAULT_PROFILE", "should-go-too");
        Processes.Result r = run(env, LAUNCHER.toString(), "exec", "--local", "--", "sh", "-c", "env");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains(
                        "AWS_ACCESS_KEY_ID=ASIA",
                        "AWS_SECRET_ACCESS_KEY=",
                        "AWS_SESSION_TOKEN=",
                        "AWS_SECURITY_TOKEN=",
                        "AWS_CREDENTIAL_EXPIRATION=",
                        "STS_SESSION_TOKEN_EXEC=1",
                        "AWS_REGION=us-east-1")
                .doesNotContain("AWS_PROFILE=")
                .doesNotContain("AWS_DEFAULT_PROFILE=");
        Processes.Result nested = run(
                env,
                LAUNCHER.toString(),
                "exec",
                "--local",
                "--",
                LAUNCHER.toString(),
                "exec",
                "--local",
                "--",
                "true");
        assertThat(nested.exitCode()).isEqualTo(2);
        assertThat(nested.stderr()).contains("refusing to run exec inside another exec");
    }

    @Test
    void exec_returns_the_commands_exit_code_and_passes_sigterm_on() throws Exception {
        assertThat(run(env(), LAUNCHER.toString(), "exec", "--local", "--", "sh", "-c", "exit 7")
                        .exitCode())
                .isEqualTo(7);
        assertThat(run(env(), LAUNCHER.toString(), "exec", "--local", "--", "no-such-command-xyz")
                        .exitCode())
                .isEqualTo(127);
        ProcessBuilder builder = new ProcessBuilder(
                LAUNCHER.toString(),
                "exec",
                "--local",
                "--",
                "sh",
                "-c",
                "trap 'exit 42' TERM; echo ready; while true; do sleep 0.1; done");
        builder.environment().clear();
        builder.environment().putAll(env());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        java.io.BufferedReader out =
                new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
        assertThat(out.readLine()).isEqualTo("ready");
        process.destroy(); // SIGTERM to the JVM, which passes it to sh
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(42);
    }

    /**
     * The release runs on its own JDK 25 runtime, whose failure to start a program reads differently
     * from JDK 17's: exec's 127 and 126 must not depend on it. Run here on a JDK 25 through JAVA_HOME
     * (the JDK the release's runtime is linked from).
     */
    @Test
    void exec_of_a_missing_or_unrunnable_command_exits_127_or_126_on_jdk_25_too() throws Exception {
        Path jdk25 = jdk25();
        Peers.missing(jdk25 == null, "no JDK 25 in /usr/lib/jvm (the release's runtime is linked from one)");
        Map<String, String> env = env();
        env.put("JAVA_HOME", jdk25.toString());
        assertThat(run(env, LAUNCHER.toString(), "--version").stdout()).contains("(Java 25");
        Processes.Result missing = run(env, LAUNCHER.toString(), "exec", "--local", "--", "no-such-command-xyz");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.stderr()).contains("no-such-command-xyz: command not found");
        Processes.Result missingPath = run(
                env,
                LAUNCHER.toString(),
                "exec",
                "--local",
                "--",
                home.resolve("nowhere/cmd").toString());
        assertThat(missingPath.exitCode()).as(missingPath.toString()).isEqualTo(127);
        Path notExecutable = Files.writeString(home.resolve("script.sh"), "#!/bin/sh\n");
        Processes.Result denied = run(env, LAUNCHER.toString(), "exec", "--local", "--", notExecutable.toString());
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(126);
        assertThat(denied.stderr()).contains("cannot run it (not executable, or permission denied)");
    }

    /** A JDK 25 in /usr/lib/jvm, as the release build looks for one; null when there is none. */
    static Path jdk25() throws java.io.IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (java.util.stream.Stream<Path> homes = Files.list(jvms)) {
            for (Path jdk : homes.sorted().toList()) {
                Path release = jdk.resolve("release");
                if (!Files.isSymbolicLink(jdk)
                        && Files.isExecutable(jdk.resolve("bin/java"))
                        && Files.isReadable(release)
                        && Files.readString(release).contains("JAVA_VERSION=\"25")) {
                    return jdk;
                }
            }
        }
        return null;
    }

    @Test
    void the_prompt_works_on_the_terminal_under_credential_process() throws Exception {
        Path script = Peers.require("script");
        Path aws = awsV2();
        long step = Totp.step(Instant.now());
        String code = Totp.code(Base32.decode(seed), step + 1);
        // script gives the AWS CLI (and so our credential_process) a pseudo-terminal; the code is typed into it.
        String command = "(sleep 4; printf '%s\\n' " + code + ") | " + script + " -qefc '" + aws
                + " --profile cp-prompt " + "--endpoint-url " + serve.endpoint
                + " sts get-caller-identity --output text --query Arn' /dev/null";
        Processes.Result r = run(env(), "/bin/sh", "-c", command);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Enter MFA code for " + serial + ": ").contains(":user/demo");
    }

    @Test
    void the_prompt_takes_a_code_typed_with_a_space_as_apps_show_it() throws Exception {
        Path script = Peers.require("script");
        String code = Totp.code(Base32.decode(seed), Totp.step(Instant.now()) + 1);
        String spaced = code.substring(0, 3) + " " + code.substring(3);
        String command = "(sleep 3; printf '%s\\n' '" + spaced + "') | " + script + " -qefc '" + LAUNCHER
                + " get --profile prompted --no-cache -o credential-process' /dev/null";
        Processes.Result r = run(env(), "/bin/sh", "-c", command);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("\"AccessKeyId\": \"ASIA");
    }

    @Test
    void ctrl_c_at_the_prompt_leaves_the_terminal_on_a_new_line() throws Exception {
        Path script = Peers.require("script");
        // ^C typed into the pseudo-terminal: the line discipline sends SIGINT to the launcher's JVM.
        String command = "(sleep 3; printf '\\003'; sleep 2) | " + script + " -qefc '" + LAUNCHER
                + " get --profile prompted --no-cache' /dev/null";
        Processes.Result r = run(env(), "/bin/sh", "-c", command);
        String out = r.stdout();
        assertThat(out).as(r.toString()).contains("Enter MFA code for " + serial + ": ");
        String after = out.substring(
                out.indexOf("Enter MFA code for " + serial + ": ") + ("Enter MFA code for " + serial + ": ").length());
        assertThat(after).as("what the terminal shows after the prompt").contains("\n");
    }

    @Test
    void without_a_terminal_the_prompt_fails_clearly() {
        Processes.Result r = Processes.run(
                List.of("setsid", LAUNCHER.toString(), "get", "--profile", "prompted"),
                env(),
                home,
                null,
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("no terminal to ask for the MFA code");
    }

    @Test
    void twenty_concurrent_gets_make_one_sts_call_and_print_the_same_session() throws Exception {
        Peers.require("oathtool");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Processes.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(pool.submit(() ->
                    run(env(), LAUNCHER.toString(), "get", "--profile", "base", "--output", "credential-process")));
        }
        String first = null;
        for (Future<Processes.Result> run : runs) {
            Processes.Result r = run.get();
            assertThat(r.exitCode()).as(r.toString()).isZero();
            if (first == null) first = r.stdout();
            assertThat(r.stdout()).isEqualTo(first);
        }
        pool.shutdown();
        assertThat(serve.count("GetSessionToken", 200)).isEqualTo(1);
        assertThat(serve.log()).doesNotContain("GetSessionToken 403");
        try (var files = Files.list(home.resolve("cache/sts-session-token"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertThat(Json.parseObject(Files.readString(file))).containsEntry("format", 1L);
            }
        }
    }

    @Test
    void write_profile_changes_only_its_own_section() throws Exception {
        Peers.require("oathtool");
        String before = Files.readString(home.resolve("credentials"));
        Processes.Result r = run(env(), LAUNCHER.toString(), "get", "--profile", "base", "--write-profile", "base-mfa");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String after = Files.readString(home.resolve("credentials"));
        assertThat(after).startsWith(before);
        assertThat(after.substring(before.length()))
                .startsWith("\n[base-mfa]\n# managed by sts-session-token; expires ")
                .contains("aws_session_token = ");
        long calls = serve.count("GetSessionToken", 200);
        Processes.Result clobber = run(
                env(), LAUNCHER.toString(), "get", "--profile", "base", "--no-cache", "--write-profile", "prompted");
        assertThat(clobber.exitCode()).isEqualTo(2);
        assertThat(clobber.stderr()).contains("was not written by sts-session-token");
        // Refused before any call: no MFA code spent, no session made.
        assertThat(serve.count("GetSessionToken", 200)).isEqualTo(calls);
        assertThat(Files.readString(home.resolve("credentials"))).isEqualTo(after);
    }
}
