package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --local} against another local user: the state dir (keys, seed, config) must be ours and
 * private, and nothing in it is run. A second user is simulated with uid 65534 or g+w/o+w modes (the
 * tests run as root, so chown works).
 */
class LocalEmulatorTest {
    static final int OTHER_USER = 65534;

    @TempDir
    Path home;

    CliRun cli;
    Path stateDir;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        cli = new CliRun(home);
        stateDir = home.resolve("data/sts-session-token/emulator");
    }

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void the_state_dir_and_the_parents_it_needs_are_created_0700() throws Exception {
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        assertThat(mode(home.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("data/sts-session-token"))).isEqualTo("rwx------");
        assertThat(mode(stateDir)).isEqualTo("rwx------");
    }

    @Test
    void a_state_dir_owned_by_another_user_is_refused_with_exit_2_naming_it_and_the_fix() throws Exception {
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        Files.setAttribute(stateDir, "unix:uid", OTHER_USER);
        CliRun.Result r = cli.run("get", "--local", "--no-cache");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("sts-session-token: emulator state: untrusted directory " + stateDir
                        + ": it is owned by uid 65534, not by you (uid 0); fix: remove it, or chown it to yourself\n");
    }

    @Test
    void a_state_dir_others_can_write_to_or_under_such_a_parent_is_refused() throws Exception {
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliRun.Result r = cli.run("whoami", "--local");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("chmod go-w " + stateDir);
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwxrwx---"));
        r = cli.run("get", "--local", "--no-cache");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("has a parent writable by group or others (" + home.resolve("data"));
    }

    @Test
    void an_mfa_process_found_in_the_state_dir_is_never_run() throws Exception {
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        Path ran = home.resolve("mfa-process-ran");
        Path config = stateDir.resolve("config");
        String text = Files.readString(config)
                .replace(
                        "[profile emulator-demo]\n",
                        "[profile emulator-demo]\nmfa_process = touch " + ran + "; echo 123456\n");
        assertThat(text).contains("mfa_process");
        Files.writeString(config, text);
        CliRun.Result r = cli.run("get", "--local", "--no-cache");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(ran).doesNotExist();
    }

    @Test
    void whoami_local_answers_from_the_state_dir_for_a_cached_session_without_starting_the_emulator() {
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        CliRun.Result r = cli.run("whoami", "--local");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains(":user/demo");
        assertThat(r.stderr()).doesNotContain("using the local emulator at");
    }
}
