package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile picker as a person meets it: the real launcher in a shell on a tmux terminal, keys
 * sent with send-keys and the screen read with capture-pane. get, exec and login with no profile
 * named pick one; typing filters, the arrows move, Enter chooses, Esc and Ctrl-C cancel with 130
 * and no call; the terminal's settings are as before afterwards; the one used comes first next
 * time; a pipe on stdin or stdout means no picker, as before; sts-assume picks in bash, zsh and fish.
 */
class ProfilePickerTest {
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
                        + demo.credentials().secretAccessKey()
                        + "\n\n[ci-only]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile dev]\nregion = eu-west-1\n\n[profile prod]\nregion = eu-west-2\n\n"
                        + "[profile admin]\nregion = eu-west-3\nendpoint_url = " + sts.endpoint()
                        + "\nmfa_serial = " + demo.mfa().serial() + "\n\n[profile staging]\nregion = eu-north-1\n");
    }

    Map<String, String> env() throws Exception {
        return ShellInitTest.env(home);
    }

    String code() {
        return demo.mfa().code();
    }

    /** The screen from the last line starting with {@code marker} on. */
    static String since(Tmux tmux, String marker) {
        String screen = tmux.screen();
        int at = screen.lastIndexOf("\n" + marker);
        return at < 0 ? screen : screen.substring(at + 1);
    }

    @Test
    void get_exec_and_login_offer_the_picker_on_a_terminal_and_remember_the_profile_used() throws Exception {
        Peers.require("bash");
        try (Tmux tmux = Tmux.start(env(), home, "bash", "--norc", "--noprofile", "-i")) {
            tmux.type("PS1='$ '; saved=$(stty -g); echo ready");
            tmux.await("^ready$");

            // No use yet: the config file's profiles in its order, then the credentials file's own.
            tmux.type("sts-session-token get -o env --mfa-token " + code() + "; echo \"first rc=$?\"");
            tmux.await(
                    "(?s)Pick a profile.*\\nProfile: *\\n> dev *\\n  prod *\\n  admin *\\n  staging *\\n  ci-only *$");
            tmux.typeOnly("adm");
            tmux.await("(?s)\\nProfile: adm *\\n> admin *\\n  \\(1 of 5\\) *$");
            tmux.press("Enter");
            tmux.await("^first rc=0$");
            String first = since(tmux, "$ sts-session-token get");
            assertThat(first).as("the picker's lines are gone").doesNotContain("Pick a profile", "Profile:");
            assertThat(first).contains("export AWS_ACCESS_KEY_ID='ASIA", "export AWS_REGION='eu-west-3'");
            assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);
            tmux.type("[ \"$(stty -g)\" = \"$saved\" ] && echo \"tty as before 1\"");
            tmux.await("^tty as before 1$");

            // The recently used first: a private file in the cache's private directory.
            Path recent = home.resolve(".cache/sts-session-token/" + RecentProfiles.FILE);
            assertThat(Files.readString(recent)).isEqualTo("admin\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recent)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recent.getParent())))
                    .isEqualTo("rwx------");

            // Down moves, Esc cancels: 130, no call, the terminal as it was.
            tmux.type("sts-session-token get; echo \"second rc=$?\"");
            tmux.await("(?s)\\nProfile: *\\n> admin *\\n  dev *\\n  prod *\\n  staging *\\n  ci-only *$");
            tmux.press("Down");
            tmux.await("(?s)\\nProfile: *\\n  admin *\\n> dev *\\n");
            tmux.press("Escape");
            tmux.await("^second rc=130$");
            assertThat(since(tmux, "$ sts-session-token get;")).doesNotContain("Pick a profile", "export");
            tmux.type("[ \"$(stty -g)\" = \"$saved\" ] && echo \"tty as before 2\"");
            tmux.await("^tty as before 2$");

            // Ctrl-C at login's picker: 130 as well, and nothing else.
            tmux.type("sts-session-token login; echo \"third rc=$?\"");
            tmux.await("(?s)\\nProfile: *\\n> admin *\\n");
            tmux.press("C-c");
            tmux.await("^third rc=130$");
            tmux.type("[ \"$(stty -g)\" = \"$saved\" ] && echo \"tty as before 3\"");
            tmux.await("^tty as before 3$");

            // exec: Enter on the first (admin, used last): its cached session, no new call.
            tmux.type(
                    "sts-session-token exec -- sh -c 'echo \"exec key=${AWS_ACCESS_KEY_ID%${AWS_ACCESS_KEY_ID#????}}\"'"
                            + "; echo \"fourth rc=$?\"");
            tmux.await("(?s)\\nProfile: *\\n> admin *\\n");
            tmux.press("Enter");
            tmux.await("^fourth rc=0$");
            assertThat(since(tmux, "$ sts-session-token exec")).contains("exec key=ASIA");
            assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);
            assertThat(sts.emulator().actionCount("AssumeRole")).isZero();
        }
    }

    /** A signal ends the JVM mid-pick: its shutdown hook still puts the terminal's settings back. */
    @Test
    void sigterm_during_the_picker_leaves_the_terminal_as_it_was() throws Exception {
        Peers.require("bash");
        try (Tmux tmux = Tmux.start(env(), home, "bash", "--norc", "--noprofile", "-i")) {
            tmux.type("PS1='$ '; saved=$(stty -g); echo ready");
            tmux.await("^ready$");
            tmux.type("sts-session-token get; echo \"killed rc=$?\"");
            tmux.await("(?s)\\nProfile: *\\n> dev *\\n");
            ProcessHandle jvm = tmux.shell()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no JVM under the shell"));
            assertThat(jvm.destroy()).isTrue(); // SIGTERM
            tmux.await("^killed rc=143$");
            tmux.type("[ \"$(stty -g)\" = \"$saved\" ] && echo \"tty as before\"");
            tmux.await("^tty as before$");
        }
    }

    @Test
    void no_picker_when_stdout_or_stdin_is_not_the_terminal_scripts_get_what_they_got_before() throws Exception {
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
        // What a script gets today with no profile named: no default profile, so a usage error.
        CliRun.Result before = new CliRun(home).run("get");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCode.USAGE);
        try (Tmux tmux = Tmux.start(env(), home, "bash", "--norc", "--noprofile", "-i")) {
            tmux.type("PS1='$ '; echo ready");
            tmux.await("^ready$");
            tmux.type("sts-session-token get | cat; echo \"piped out rc=${PIPESTATUS[0]}\"");
            tmux.await("^piped out rc=" + before.exitCode() + "$");
            tmux.type("true | sts-session-token get; echo \"piped in rc=$?\"");
            tmux.await("^piped in rc=" + before.exitCode() + "$");
            tmux.type("sts-session-token __pick-profile < /dev/null; echo \"pick without terminal rc=$?\"");
            tmux.await("^pick without terminal rc=2$");
            // A profile named: no picker either. A failed run is not remembered; a good one named by a
            // person at the terminal is (stdin is the terminal, whatever stdout is).
            tmux.type("AWS_PROFILE=nosuch sts-session-token get; echo \"named rc=$?\"");
            tmux.await("^named rc=2$");
            Path recent = home.resolve(".cache/sts-session-token/" + RecentProfiles.FILE);
            assertThat(recent).doesNotExist();
            tmux.type("sts-session-token get --profile admin --mfa-token " + code()
                    + " > /dev/null; echo \"admin rc=$?\"");
            tmux.await("^admin rc=0$");
            assertThat(tmux.screen()).doesNotContain("Pick a profile");
            assertThat(Files.readString(recent)).isEqualTo("admin\n");
        }
        // Without a terminal at all (a script, cron): never remembered.
        dev.ststoken.testing.Processes.Result script = dev.ststoken.testing.Processes.run(
                KeyProcessesTest.launcher("get", "--profile", "plain", "-o", "env"),
                env(),
                home,
                null,
                java.time.Duration.ofSeconds(60));
        assertThat(script.exitCode()).as(script.toString()).isZero();
        assertThat(Files.readString(home.resolve(".cache/sts-session-token/" + RecentProfiles.FILE)))
                .isEqualTo("admin\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void sts_assume_without_a_profile_picks_one_and_esc_leaves_the_shell_as_it_was(String name) throws Exception {
        Peers.require(name);
        ShellInitTest.Shell shell = ShellInitTest.Shell.of(name);
        try (Tmux tmux = Tmux.start(env(), home, shell.start().toArray(String[]::new))) {
            tmux.type(shell.init());
            tmux.type("echo \"ready\"");
            tmux.await("^ready$");

            tmux.type(shell.step("sts-assume", "picked", home.resolve("env-picked")));
            tmux.await("(?s)\\nProfile: *\\n> dev *\\n");
            tmux.typeOnly("min");
            tmux.await("(?s)\\nProfile: min *\\n> admin *\\n");
            tmux.press("Enter");
            tmux.await("Enter MFA code for "
                    + java.util.regex.Pattern.quote(demo.mfa().serial()) + ":\\s*$");
            tmux.type(code());
            assertThat(ShellInitTest.status(tmux, "picked")).as(tmux.screen()).isZero();
            Map<String, String> picked = ShellInitTest.readEnv(home.resolve("env-picked"));
            assertThat(picked.get("AWS_ACCESS_KEY_ID")).startsWith("ASIA");
            assertThat(picked)
                    .containsEntry("STS_SESSION_TOKEN_PROFILE", "admin")
                    .containsEntry("AWS_REGION", "eu-west-3");

            // Next time admin comes first; Esc: 130 and the shell's session as it was.
            tmux.type(shell.step("sts-assume", "cancelled", home.resolve("env-cancelled")));
            tmux.await("(?s)\\nProfile: *\\n> admin *\\n  dev *\\n");
            tmux.press("Escape");
            assertThat(ShellInitTest.status(tmux, "cancelled"))
                    .as(tmux.screen())
                    .isEqualTo(ExitCode.CANCELLED);
            Map<String, String> cancelled = ShellInitTest.readEnv(home.resolve("env-cancelled"));
            for (String var : ShellInitTest.SESSION_VARS) {
                assertThat(cancelled.get(var)).as(var).isEqualTo(picked.get(var));
            }
            assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);

            // Not from a terminal: the usage line, as before the picker.
            tmux.type(shell.step("sts-assume < /dev/null", "no terminal", home.resolve("env-no-terminal")));
            assertThat(ShellInitTest.status(tmux, "no terminal"))
                    .as(tmux.screen())
                    .isEqualTo(ExitCode.USAGE);
        }
    }
}
