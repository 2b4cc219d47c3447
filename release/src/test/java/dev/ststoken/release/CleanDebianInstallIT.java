package dev.ststoken.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package on a clean Debian, as the issue asks: {@code apt-get install ./sts-session-token_*.deb}
 * in a minimal Debian (debootstrap's minbase: no JDK, no Python, no man-db), then a user of that
 * system runs {@code sts-session-token get --local}, then {@code apt-get remove} leaves nothing of
 * ours but that user's own data. The root is unpacked from a tarball {@code .ci/run} makes once with
 * debootstrap (minutes, so it is kept between runs in a root-owned cache and named by {@code
 * STS_DEBIAN_ROOTFS}); the test runs in a private mount namespace (unshare) chrooted into a throw-away
 * copy. DebianPackageIT covers the same files on this machine's own /usr in seconds.
 */
class CleanDebianInstallIT {
    @TempDir
    Path tmp;

    Processes.Result ok(String... command) {
        Processes.Result r = Processes.run(List.of(command), null, tmp, null, Duration.ofSeconds(300));
        assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r).isZero();
        return r;
    }

    @Test
    void apt_get_installs_the_package_on_a_clean_debian_runs_it_for_a_user_and_remove_leaves_only_their_data()
            throws Exception {
        Path deb = DebianPackageIT.deb();
        String rootfs = System.getenv("STS_DEBIAN_ROOTFS");
        Peers.missing(
                rootfs == null || !Files.isRegularFile(Path.of(rootfs)),
                "no clean Debian root: set STS_DEBIAN_ROOTFS to a debootstrap --variant=minbase tarball"
                        + " (.ci/run makes one)");
        Peers.missing(
                !"0".equals(ok("id", "-u").stdout().strip()) || Peers.which("unshare") == null,
                "needs root and unshare to chroot into the clean root");
        // The tarball becomes a root we run code from as root: it must be root's and private, as a
        // tree we trust is anywhere else in this project.
        Path tarball = Path.of(rootfs);
        for (Path p : List.of(tarball, tarball.getParent())) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            assertThat(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName())
                    .as(p + " owner")
                    .isEqualTo("root");
            assertThat(mode.charAt(4) == 'w' || mode.charAt(7) == 'w')
                    .as(p + " is writable by group or others: " + mode)
                    .isFalse();
        }
        // Not under @TempDir: JUnit warns for each of the root's absolute links as it deletes it.
        Path root = Files.createTempDirectory("sts-session-token-clean-debian");
        try {
            installUseRemove(root, deb, tarball);
        } finally {
            ok("rm", "-rf", "--one-file-system", root.toString());
        }
    }

    void installUseRemove(Path root, Path deb, Path tarball) throws Exception {
        ok("tar", "-xzf", tarball.toString(), "-C", root.toString());
        assertThat(root.resolve("usr/lib/jvm")).as("a clean root has no JDK").doesNotExist();
        Files.copy(deb, root.resolve("tmp").resolve(deb.getFileName()));

        String script = String.join(
                "\n",
                "set -e",
                "mount -t proc proc \"$1/proc\"",
                "chroot \"$1\" /bin/sh -s \"/tmp/$2\" <<'IN'",
                "set -e",
                "export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "echo '--- install'",
                "apt-get install -y -q --no-install-recommends \"$1\" 2>&1",
                "echo '--- java'",
                "command -v java || echo 'no java on PATH'",
                "useradd -m alice",
                "echo '--- get'",
                "runuser -u alice -- env -i HOME=/home/alice PATH=/usr/bin:/bin sts-session-token get --local -o env"
                        + " 2>/dev/null | cut -c1-30",
                "echo '--- files'",
                "ls /usr/bin/sts-session-token /usr/share/man/man1/sts-session-token.1.gz"
                        + " /usr/share/bash-completion/completions/sts-session-token"
                        + " /usr/share/doc/sts-session-token/copyright",
                "echo '--- remove'",
                "apt-get remove -y -q sts-session-token 2>&1 | grep -v 'posix_openpt\\|Can not write log'",
                "echo '--- left'",
                "find / -xdev -name '*sts-session-token*' -not -path \"$1\" 2>/dev/null | sort",
                "echo '--- end'",
                "IN",
                "");
        Path run = Files.writeString(tmp.resolve("in-clean-debian.sh"), script);
        Processes.Result used = ok(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                run.toString(),
                root.toString(),
                deb.getFileName().toString());
        String out = used.stdout();
        assertThat(out).contains("Setting up sts-session-token").contains("no java on PATH");
        assertThat(section(out, "get"))
                .contains("export AWS_ACCESS_KEY_ID='ASIA")
                .contains("export AWS_SESSION_TOKEN='");
        assertThat(section(out, "remove")).contains("Removing sts-session-token");
        assertThat(section(out, "left").lines().toList())
                .as("what apt-get remove left: only the user's own data")
                .isNotEmpty()
                .allMatch(line -> line.startsWith("/home/alice/"), "is under the user's home");
    }

    /** The lines between {@code --- name} and the next marker. */
    static String section(String out, String name) {
        int start = out.indexOf("--- " + name + "\n");
        assertThat(start).as("section " + name + " in\n" + out).isNotNegative();
        start += name.length() + 5;
        int end = out.indexOf("\n--- ", start - 1);
        return out.substring(start, end < 0 ? out.length() : end + 1);
    }
}
