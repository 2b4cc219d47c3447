package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user is simulated by a directory chowned to uid 65534 or opened with chmod g+w/o+w.
 * Giving a file away needs root, which is how these tests run; as another user chown fails loudly.
 */
class TrustedDirectoriesTest {
    static final int OTHER_USER = 65534;

    @TempDir
    Path tmp;

    @BeforeEach
    void privateTemp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    }

    static void chown(Path path, int uid) throws Exception {
        Files.setAttribute(path, "unix:uid", uid);
    }

    static void chmod(Path path, String mode) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void creates_the_directory_and_every_missing_parent_0700() throws Exception {
        Path dir = tmp.resolve("home/.cache/sts-session-token");
        TrustedDirectories.ensure(dir);
        assertThat(mode(tmp.resolve("home"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/.cache"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void leaves_the_mode_of_existing_parents_alone() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        chmod(tmp.resolve("home"), "rwxr-xr-x");
        TrustedDirectories.ensure(tmp.resolve("home/cache"));
        assertThat(mode(tmp.resolve("home"))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void refuses_a_directory_owned_by_another_user_naming_it_and_the_fix() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("cache"));
        chown(dir, OTHER_USER);
        assertThatThrownBy(() -> TrustedDirectories.ensure(dir))
                .isInstanceOf(UntrustedDirectoryException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("owned by uid 65534")
                .hasMessageContaining("fix: remove it, or chown it to yourself")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refuses_a_directory_writable_by_group_or_others() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("cache"));
        for (String open : new String[] {"rwxrwx---", "rwx---rwx", "rwxrwxrwx"}) {
            chmod(dir, open);
            assertThatThrownBy(() -> TrustedDirectories.check(dir))
                    .as(open)
                    .hasMessageContaining("writable by group or others")
                    .hasMessageContaining("fix: chmod go-w " + dir.toRealPath());
        }
    }

    @Test
    void refuses_a_world_writable_directory_even_with_the_sticky_bit_when_it_is_the_one_we_use() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("cache"));
        Files.setAttribute(dir, "unix:mode", 01777);
        assertThatThrownBy(() -> TrustedDirectories.check(dir)).hasMessageContaining("mode 1777");
    }

    @Test
    void refuses_a_directory_inside_a_parent_another_user_owns_or_can_write() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("xdg"));
        Path dir = Files.createDirectory(parent.resolve("sts-session-token"));
        chown(parent, OTHER_USER);
        assertThatThrownBy(() -> TrustedDirectories.check(dir))
                .hasMessageContaining("parent owned by another user (" + parent);
        chown(parent, TrustedDirectories.currentUid());
        chmod(parent, "rwxrwxrwx");
        assertThatThrownBy(() -> TrustedDirectories.check(dir))
                .hasMessageContaining("parent writable by group or others")
                .hasMessageContaining("fix: chmod go-w " + parent);
    }

    @Test
    void creates_nothing_inside_a_parent_another_user_controls() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("shared"));
        chmod(parent, "rwxrwxrwx");
        assertThatThrownBy(() -> TrustedDirectories.ensure(parent.resolve("a/b")))
                .isInstanceOf(UntrustedDirectoryException.class);
        assertThat(parent.resolve("a")).doesNotExist();
    }

    @Test
    void accepts_a_root_owned_sticky_parent_such_as_tmp() throws Exception {
        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        chown(sticky, 0);
        Files.setAttribute(sticky, "unix:mode", 01777);
        assertThat(TrustedDirectories.ensure(sticky.resolve("mine")))
                .isEqualTo(sticky.resolve("mine").toRealPath());
    }

    @Test
    void follows_a_link_and_checks_the_directory_it_leads_to() throws Exception {
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        chown(theirs, OTHER_USER);
        Path link = Files.createSymbolicLink(tmp.resolve("cache"), theirs);
        assertThatThrownBy(() -> TrustedDirectories.ensure(link)).hasMessageContaining("owned by uid 65534");
    }

    @Test
    void a_private_file_is_a_regular_file_of_ours_with_no_access_for_others() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        chmod(file, "rw-------");
        assertThat(TrustedDirectories.isPrivateFile(file)).isTrue();
        chmod(file, "rw-r--r--");
        assertThat(TrustedDirectories.isPrivateFile(file)).isFalse();
        chmod(file, "rw-------");
        chown(file, OTHER_USER);
        assertThat(TrustedDirectories.isPrivateFile(file)).isFalse();
        chown(file, TrustedDirectories.currentUid());
        Path link = Files.createSymbolicLink(tmp.resolve("link"), file);
        assertThat(TrustedDirectories.isPrivateFile(link)).isFalse();
        assertThat(TrustedDirectories.isPrivateFile(tmp.resolve("missing"))).isFalse();
    }
}
