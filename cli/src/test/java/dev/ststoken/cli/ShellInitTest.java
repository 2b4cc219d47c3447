package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code shell-init} in the real shells, typed into on a terminal (tmux) as a person would: the
 * init line of the guide, the prompt snippet of the guide, then {@code sts-assume} against the
 * emulator in-process, the MFA code typed at the question the launcher asks on the terminal. The
 * variables are read back from the same shell with {@code env}, and the emulator counts the
 * GetSessionToken calls.
 */
class ShellInitTest {
    static final List<String> SESSION_VARS = List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION",
            "AWS_REGION",
            "STS_SESSION_TOKEN_PROFILE",
            "STS_SESSION_TOKEN_EXPIRATION");

    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    TestUser demo;

    @BeforeEach
    void setUp() throws Exception {
        demo = sts.demo();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[admin]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile admin]\nregion = eu-west-3\nendpoint_url = " + sts.endpoint() + "\nmfa_serial = "
                        + demo.mfa().serial() + "\n");
    }

    /** The launcher as installed: sts-session-token on PATH, this build's classes behind it. */
    Map<String, String> env() throws Exception {
        return env(home);
    }

    /** The same for another test's home. */
    static Map<String, String> env(Path home) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve(Cli.NAME);
        Files.writeString(
                launcher, "#!/bin/sh\nexec " + KeyProcessesTest.shellQuoted(KeyProcessesTest.launcher()) + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = new HashMap<>(KeyFixtures.baseEnv(home));
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("TERM", "xterm");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** How each shell is started without the user's files, loads the function, and reports a status. */
    record Shell(String name, List<String> start, String init, String status) {
        static Shell of(String name) {
            return switch (name) {
                case "bash" ->
                    new Shell(
                            name,
                            List.of("bash", "--norc", "--noprofile", "-i"),
                            "eval \"$(sts-session-token shell-init bash)\"",
                            "$?");
                case "zsh" ->
                    new Shell(name, List.of("zsh", "-f", "-i"), "eval \"$(sts-session-token shell-init zsh)\"", "$?");
                case "fish" ->
                    new Shell(
                            name,
                            List.of("fish", "--no-config", "-i"),
                            "sts-session-token shell-init fish | source",
                            "$status");
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** {@code command}, then its status and the shell's environment into {@code file}, then a line to wait for. */
        String step(String command, String tag, Path file) {
            String save = name.equals("fish") ? "set r " + status : "r=" + status;
            return command + "; " + save + "; env > " + file + "; echo \"" + tag + " rc=$r\"";
        }
    }

    /** The snippet the guide gives for {@code shell}'s prompt, as written there. */
    static String guidePrompt(String shell) throws Exception {
        String guide = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/guide.md"));
        int marker = guide.indexOf("<!-- prompt: " + shell + " -->");
        assertThat(marker).as("the guide's prompt snippet for " + shell).isNotNegative();
        int start = guide.indexOf('\n', guide.indexOf("```", marker)) + 1;
        return guide.substring(start, guide.indexOf("\n```", start) + 1);
    }

    static Map<String, String> readEnv(Path file) throws Exception {
        Map<String, String> vars = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    /** Waits for the step's line and returns its exit status. */
    static int status(Tmux tmux, String tag) throws Exception {
        Matcher m = tmux.await("^" + tag + " rc=(\\d+)$");
        return Integer.parseInt(m.group(1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void sts_assume_sets_the_session_in_the_same_shell_reuses_the_cache_keeps_it_on_errors_and_unsets_it(String name)
            throws Exception {
        Peers.require(name);
        Shell shell = Shell.of(name);
        try (Tmux tmux = Tmux.start(env(), home, shell.start().toArray(String[]::new))) {
            tmux.type(shell.init());
            for (String line : guidePrompt(name).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    tmux.type(line);
                }
            }
            tmux.type("echo \"ready\"");
            tmux.await("^ready$");
            String before = tmux.screen();
            assertThat(before.substring(before.lastIndexOf("\nready\n")))
                    .as("the prompt")
                    .doesNotContain("[aws:");

            // The first call asks for the code on the terminal, through the function's $(...).
            tmux.type(shell.step("sts-assume admin", "first", home.resolve("env-first")));
            tmux.await("Enter MFA code for "
                    + java.util.regex.Pattern.quote(demo.mfa().serial()) + ":\\s*$");
            tmux.type(demo.mfa().code());
            assertThat(status(tmux, "first")).as(tmux.screen()).isZero();
            Map<String, String> first = readEnv(home.resolve("env-first"));
            assertThat(first.get("AWS_ACCESS_KEY_ID")).startsWith("ASIA");
            assertThat(first)
                    .containsKeys("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
                    .containsEntry("AWS_REGION", "eu-west-3")
                    .containsEntry("STS_SESSION_TOKEN_PROFILE", "admin")
                    .containsEntry("STS_SESSION_TOKEN_EXPIRATION", first.get("AWS_CREDENTIAL_EXPIRATION"));
            assertThat(Instant.parse(first.get("STS_SESSION_TOKEN_EXPIRATION"))).isAfter(Instant.now());
            assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);
            // The prompt shows the profile and the end of its session (HH:MM of the UTC expiry).
            String until = first.get("STS_SESSION_TOKEN_EXPIRATION").substring(11, 16);
            tmux.await(java.util.regex.Pattern.quote("[aws:admin until " + until + "Z]"));

            // Again: the cached session, no question, no call.
            tmux.type(shell.step("sts-assume admin", "second", home.resolve("env-second")));
            assertThat(status(tmux, "second")).as(tmux.screen()).isZero();
            Map<String, String> second = readEnv(home.resolve("env-second"));
            for (String var : SESSION_VARS) {
                assertThat(second.get(var)).as(var).isEqualTo(first.get(var));
            }
            assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);

            // A refused code: get's exit code, the shell's session as it was.
            String valid = demo.mfa().code();
            String wrong = valid.equals("000000") ? "111111" : "000000";
            tmux.type(shell.step("sts-assume admin --force-refresh", "refused", home.resolve("env-refused")));
            tmux.await("(?s)second rc=0.*Enter MFA code for [^\\n]*:\\s*$");
            tmux.type(wrong);
            assertThat(status(tmux, "refused")).as(tmux.screen()).isEqualTo(ExitCode.REFUSED);
            // An unknown profile: a usage error, nothing changed either.
            tmux.type(shell.step("sts-assume nosuch", "unknown", home.resolve("env-unknown")));
            assertThat(status(tmux, "unknown")).as(tmux.screen()).isEqualTo(ExitCode.USAGE);
            for (String file : List.of("env-refused", "env-unknown")) {
                Map<String, String> after = readEnv(home.resolve(file));
                for (String var : SESSION_VARS) {
                    assertThat(after.get(var)).as(file + ": " + var).isEqualTo(first.get(var));
                }
            }

            tmux.type(shell.step("sts-assume --unset", "unset", home.resolve("env-unset")));
            assertThat(status(tmux, "unset")).isZero();
            Map<String, String> unset = readEnv(home.resolve("env-unset"));
            assertThat(unset).doesNotContainKeys(SESSION_VARS.toArray(String[]::new));
            assertThat(unset).doesNotContainKeys("AWS_SECURITY_TOKEN", "AWS_DEFAULT_REGION");
            tmux.type("echo \"end\"");
            tmux.await("^end$");
            String screen = tmux.screen();
            assertThat(screen.substring(screen.lastIndexOf("unset rc=0")))
                    .as("the prompt after --unset")
                    .doesNotContain("[aws:");
        }
    }

    /** The README's few lines for bash: the init line and a one-line prompt segment, as written there. */
    @Test
    void the_readme_s_bash_lines_define_sts_assume_and_show_the_profile_and_its_end_in_the_prompt() throws Exception {
        Peers.require("bash");
        String readme =
                Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        int marker = readme.indexOf("<!-- readme: bash -->");
        assertThat(marker).as("the README's bash lines").isNotNegative();
        int start = readme.indexOf('\n', readme.indexOf("```", marker)) + 1;
        String lines = readme.substring(start, readme.indexOf("\n```", start) + 1);
        try (Tmux tmux = Tmux.start(env(), home, "bash", "--norc", "--noprofile", "-i")) {
            tmux.type("PS1='$ '");
            for (String line : lines.split("\n")) {
                tmux.type(line);
            }
            tmux.type("echo \"ready\"");
            tmux.await("^ready$");
            tmux.type("sts-assume admin --mfa-token " + demo.mfa().code() + "; echo \"assumed rc=$?\"");
            tmux.await("^assumed rc=0$");
            tmux.type("env > " + home.resolve("env-readme") + "; echo \"saved\"");
            tmux.await("^saved$");
            String until = readEnv(home.resolve("env-readme"))
                    .get("STS_SESSION_TOKEN_EXPIRATION")
                    .substring(11, 16);
            tmux.await("(?m)^" + java.util.regex.Pattern.quote("[aws:admin until " + until + "Z] $ ") + "$");
            tmux.type("sts-assume --unset; echo \"unset\"");
            tmux.await("(?m)^unset\\n\\$ $");
            // A value is shown, never evaluated: no command in a profile name runs at the prompt.
            Path pwned = home.resolve("pwned");
            tmux.type("export STS_SESSION_TOKEN_PROFILE='$(touch " + pwned + ")' "
                    + "STS_SESSION_TOKEN_EXPIRATION=2026-01-01T10:20:00Z; echo \"exported\"");
            tmux.await("(?m)^" + java.util.regex.Pattern.quote("[aws:$(touch " + pwned + ") until 10:20Z] $ ") + "$");
            assertThat(pwned).doesNotExist();
        }
    }

    @Test
    void a_region_exported_by_hand_survives_unset_and_a_session_set_earlier_does_not_decide_the_next_region()
            throws Exception {
        Peers.require("bash");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile plain]\nendpoint_url = " + sts.endpoint() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[plain]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        String code = demo.mfa().code();
        // No terminal here: admin's code is given as a get option after the profile.
        String script = String.join(
                "\n",
                "eval \"$(sts-session-token shell-init bash)\"",
                "export AWS_REGION=ap-south-1",
                "sts-assume plain || exit 10",
                "echo \"plain region=$AWS_REGION default=${AWS_DEFAULT_REGION-none}\"",
                "sts-assume --unset",
                "echo \"unset region=${AWS_REGION-none}\"",
                "unset AWS_REGION AWS_DEFAULT_REGION",
                "sts-assume admin --mfa-token " + code + " || exit 11",
                "echo \"admin region=$AWS_REGION\"",
                "sts-assume plain || exit 12",
                "echo \"plain after admin region=${AWS_REGION-none}\"",
                "");
        dev.ststoken.testing.Processes.Result r = dev.ststoken.testing.Processes.run(
                List.of("bash", "-c", script), env(), home, null, java.time.Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .as(r.toString())
                .contains("plain region=ap-south-1 default=none")
                .contains("unset region=ap-south-1")
                .contains("admin region=eu-west-3")
                .contains("plain after admin region=none");
    }

    @Test
    void shell_init_prints_the_function_for_each_shell_and_refuses_others_with_a_usage_error() {
        CliRun cli = new CliRun(home);
        assertThat(cli.run("shell-init", "bash").stdout())
                .contains("sts-assume() {")
                .contains("--output env");
        assertThat(cli.run("shell-init", "zsh").stdout())
                .isEqualTo(cli.run("shell-init", "bash").stdout());
        assertThat(cli.run("shell-init", "fish").stdout())
                .contains("function sts-assume")
                .contains("--output fish");
        CliRun.Result unknown = cli.run("shell-init", "tcsh");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.stderr()).contains("does not know the shell 'tcsh': bash, zsh or fish");
        assertThat(cli.run("shell-init").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("shell-init", "bash", "fish").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("shell-init", "--help").stdout()).startsWith("Usage: sts-session-token shell-init");
    }
}
