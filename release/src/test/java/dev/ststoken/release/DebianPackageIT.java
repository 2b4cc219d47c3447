package dev.ststoken.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package the release build makes, installed with dpkg into a throw-away root (dpkg
 * --root, its maintainer scripts run with DPKG_ROOT: --force-script-chrootless), then used as a user
 * of that system would: the root's /usr is laid over this machine's /usr in a private mount
 * namespace (unshare -m, overlayfs), so /usr/bin/sts-session-token, the man page and the shells'
 * completion directories are where the package put them, and nothing outside the namespace sees
 * them. A root made by debootstrap would test the same files on a clean Debian but takes minutes.
 */
class DebianPackageIT {
    static final Path TARGET = ReleaseIT.TARGET;

    @TempDir
    Path tmp;

    static Path deb() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            Path deb = files.filter(f -> f.getFileName().toString().matches("sts-session-token_.*\\.deb"))
                    .findFirst()
                    .orElse(null);
            Peers.missing(
                    deb == null, "no .deb in " + TARGET + " (the release build makes one when dpkg-deb is there)");
            return deb;
        }
    }

    Processes.Result run(Map<String, String> env, String... command) {
        return Processes.run(List.of(command), env, tmp, null, Duration.ofSeconds(180));
    }

    Processes.Result ok(Map<String, String> env, String... command) {
        Processes.Result r = run(env, command);
        assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r).isZero();
        return r;
    }

    /** An empty dpkg database under a fresh root. */
    Path emptyRoot() throws IOException {
        Path root = tmp.resolve("root");
        for (String dir : List.of("info", "updates", "triggers")) {
            Files.createDirectories(root.resolve("var/lib/dpkg").resolve(dir));
        }
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        Files.writeString(root.resolve("var/lib/dpkg/available"), "");
        return root;
    }

    List<String> dpkg(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Peers.require("dpkg").toString(),
                "--root=" + root,
                "--force-script-chrootless",
                "--force-not-root",
                "--log=" + tmp.resolve("dpkg.log")));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void installs_runs_for_a_user_without_a_jdk_and_apt_remove_leaves_nothing_of_ours() throws Exception {
        Path deb = deb();
        Peers.missing(
                !"0".equals(run(null, "id", "-u").stdout().strip()) || Peers.which("unshare") == null,
                "needs root and unshare for a private mount namespace");
        Path root = emptyRoot();
        // The root has no libc6 of its own: this machine's is the one the overlaid /usr runs on.
        Processes.Result install =
                ok(null, dpkg(root, "--force-depends", "-i", deb.toString()).toArray(String[]::new));
        assertThat(install.stdout()).contains("Setting up sts-session-token");
        Path lib = root.resolve("usr/lib/sts-session-token");
        List<String> writable = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root.resolve("usr"))) {
            for (Path file : walk.toList()) {
                if (!Files.isSymbolicLink(file)) {
                    String mode = PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
                    if (mode.charAt(4) == 'w'
                            || mode.charAt(7) == 'w'
                            || !Files.getOwner(file).getName().equals("root")) {
                        writable.add(file + " " + mode);
                    }
                }
            }
        }
        assertThat(writable).as("not root's, or writable by group or others").isEmpty();

        Path home = Files.createDirectories(tmp.resolve("home"));
        Path empty = Files.createDirectories(tmp.resolve("no-commands"));
        Path script = Files.writeString(
                tmp.resolve("as-installed.sh"),
                String.join(
                        "\n",
                        "set -e",
                        "mount -t overlay overlay -o \"lowerdir=$1/usr:/usr\" /usr",
                        "export HOME=$2",
                        "echo '--- version'",
                        "PATH=$3 /usr/bin/sts-session-token --version",
                        "echo '--- get'",
                        "PATH=$3 /usr/bin/sts-session-token get --local -o env 2>/dev/null | cut -c1-30",
                        "echo '--- man'",
                        "man -w sts-session-token",
                        "echo '--- bash'",
                        "bash -c '. /usr/share/bash-completion/completions/sts-session-token; complete -p sts-session-token'",
                        "echo '--- fish'",
                        "if command -v fish >/dev/null; then fish -c 'complete -C \"sts-session-token get --dur\"'; fi",
                        "echo '--- zsh'",
                        "ls /usr/share/zsh/vendor-completions/_sts-session-token",
                        ""));
        Processes.Result used = ok(
                null,
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                script.toString(),
                root.toString(),
                home.toString(),
                empty.toString());
        assertThat(used.stdout())
                .contains("runtime: /usr/lib/sts-session-token/runtime (Java 25")
                .contains("archive: /usr/lib/sts-session-token/cds/")
                .contains(".aot (in use)")
                .contains("export AWS_ACCESS_KEY_ID='ASIA")
                .contains("/usr/share/man/man1/sts-session-token.1.gz")
                .contains("complete -F _sts_session_token sts-session-token")
                .contains("/usr/share/zsh/vendor-completions/_sts-session-token");
        if (Peers.which("fish") != null) {
            assertThat(used.stdout()).contains("--duration-seconds");
        }
        assertThat(Files.exists(lib.resolve("bin/sts-session-token"))).isTrue();
        assertThat(Files.readString(lib.resolve("bin/sts-session-token")))
                .contains("exec '/usr/lib/sts-session-token/runtime/bin/java'")
                .doesNotContain("find ");

        // The postinst checks the tree as install.sh does: made group-writable, it refuses to configure.
        Path postinst = root.resolve("var/lib/dpkg/info/sts-session-token.postinst");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("DPKG_ROOT", root.toString());
        run(null, "chmod", "g+w", lib.resolve("cds").toString());
        Processes.Result refused = run(env, "sh", postinst.toString(), "configure");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr())
                .isEqualTo("sts-session-token: refusing this install: untrusted directory " + lib
                        + ": it is writable by group or others (mode drwxrwxr-x); fix: chmod go-w " + lib.resolve("cds")
                        + "\n");
        run(null, "chmod", "g-w", lib.resolve("cds").toString());
        ok(env, "sh", postinst.toString(), "configure");

        ok(null, dpkg(root, "--remove", "sts-session-token").toArray(String[]::new));
        List<String> left = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.toList()) {
                if (file.toString().contains("sts-session-token")) {
                    left.add(root.relativize(file).toString());
                }
            }
        }
        assertThat(left).as("left in the root after remove").isEmpty();
        assertThat(home.resolve(".local/share/sts-session-token/emulator"))
                .as("the user's own data stays")
                .isDirectory();
    }

    /**
     * lintian, with the tags this package carries on purpose (each explained in docs/packaging.md):
     * anything else fails.
     */
    @Test
    void lintian_reports_only_the_justified_tags() throws Exception {
        Path deb = deb();
        Path lintian = Peers.require("lintian");
        Processes.Result r = run(null, lintian.toString(), "--no-tag-display-limit", deb.toString());
        List<String> tags = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.matches("[EW]: .*")) {
                tags.add(line.replaceAll("^[EW]: sts-session-token: ([^ ]+).*", "$1"));
            }
        }
        assertThat(tags).as(r.toString()).isSubsetOf(JUSTIFIED);
    }

    static final List<String> JUSTIFIED = List.of();
}
