package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell trust check every launcher, install.sh and the Ansible and Bolt wrappers inline
 * (dist/src/main/sh/trusted-dir.sh), run on its own: it must fail closed. It ignored find's exit
 * status and error output, so without find on PATH (or with a part of the tree find could not read)
 * it found nothing wrong and a tree holding a world-writable jar passed as trusted.
 */
class TrustedDirScriptIT {
    static final Path SCRIPT = Path.of("src/main/sh/trusted-dir.sh").toAbsolutePath();

    @TempDir
    Path dir;

    /** Runs sts_trusted_dir TREE root in sh with {@code path} as PATH; its exit code and sts_why. */
    record Check(int exit, String why) {}

    Check check(Path tree, String path) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                "/bin/sh",
                "-c",
                ". \"$1\"; sts_trusted_dir \"$2\" root; e=$?; printf '%s' \"$sts_why\"; exit $e",
                "sh",
                SCRIPT.toString(),
                tree.toString());
        builder.environment().put("PATH", path);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Check(process.exitValue(), out);
    }

    Path treeWithAWorldWritableJar() throws Exception {
        Path tree = dir.resolve("install");
        Files.createDirectories(tree.resolve("lib"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tree.resolve("lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = tree.resolve("lib/core.jar");
        Files.writeString(jar, "not really a jar");
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));
        return tree;
    }

    @Test
    void a_world_writable_file_in_the_tree_is_refused() throws Exception {
        Check check = check(treeWithAWorldWritableJar(), System.getenv("PATH"));
        assertThat(check.exit()).as(check.why()).isEqualTo(1);
        assertThat(check.why()).contains("core.jar");
    }

    @Test
    void without_find_the_check_fails_closed_instead_of_finding_nothing() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        for (String tool : new String[] {"sed", "ls", "id"}) {
            for (String where : new String[] {"/usr/bin/", "/bin/"}) {
                if (Files.isExecutable(Path.of(where + tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(where + tool));
                    break;
                }
            }
        }
        Check check = check(treeWithAWorldWritableJar(), bin.toString());
        assertThat(check.exit()).as(check.why()).isEqualTo(1);
        assertThat(check.why()).contains("cannot check").contains("find");
    }
}
