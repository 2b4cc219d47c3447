package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user against the shell entry points (launcher, Ansible module file, Bolt task) and
 * {@code serve}: directories they read code, archives or state from must be ours and private, the
 * ones they make are 0700 whatever the umask, and unpacked code is checked before it runs. The other
 * user is simulated with uid 65534 or g+w/o+w modes (the tests run as root, so chown works).
 */
@SuppressWarnings("unchecked")
class LocalAttackerIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));
    static final int OTHER_USER = 65534;

    @TempDir
    Path tmp;

    Path home;

    @BeforeEach
    void privateTemp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        home = tmp.resolve("home");
    }

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put("JAVA_HOME", recordingJdk().toString());
        return env;
    }

    /**
     * A JDK whose java writes its arguments to args.log and runs the real one: shows which archive a
     * run used. Its release file is the real one's, so archives it makes are valid.
     */
    Path recordingJdk() {
        Path jdk = tmp.resolve("jdk");
        if (!Files.exists(jdk)) {
            try {
                Path realHome = Path.of(System.getProperty("java.home"));
                Files.createDirectories(jdk.resolve("bin"));
                Files.copy(realHome.resolve("release"), jdk.resolve("release"));
                Path java = Files.writeString(
                        jdk.resolve("bin/java"),
                        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + jdk.resolve("args.log") + "'\nexec '"
                                + realHome.resolve("bin/java") + "' \"$@\"\n");
                Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return jdk;
    }

    /** The java command line of the last real run (not a training run). */
    String lastRun() throws Exception {
        List<String> runs = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve("jdk/args.log"))) {
            if (!line.contains("__train")) {
                runs.add(line);
            }
        }
        return runs.get(runs.size() - 1);
    }

    /** A copy of the distribution of this test's own, so the archives made next to it are its own. */
    Path install() {
        Path install = tmp.resolve("install");
        Processes.Result copy = Processes.run(
                List.of("cp", "-R", DIST.toString(), install.toString()), null, null, null, Duration.ofSeconds(30));
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        // Without the archives earlier runs left in the build tree (other JDKs, e.g. bench/run.sh's JDK 25).
        Processes.Result clean = Processes.run(
                List.of("rm", "-rf", install.resolve("cds").toString()), null, null, null, Duration.ofSeconds(30));
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        return install;
    }

    Processes.Result run(Map<String, String> env, String stdin, String... command) {
        return Processes.run(List.of(command), env, tmp, stdin, Duration.ofSeconds(120));
    }

    /** Runs under umask 000, where every directory made without an explicit mode is open to all. */
    Processes.Result runUnderUmask000(Map<String, String> env, String stdin, String... command) {
        List<String> all = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$0\" \"$@\""));
        all.addAll(List.of(command));
        return Processes.run(all, env, tmp, stdin, Duration.ofSeconds(120));
    }

    /** The launcher trains its archive in the background; waits until that run is over. */
    static void awaitTraining(Path cds) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(cds)) {
                if (files.noneMatch(f -> f.toString().endsWith(".lock"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the training run did not finish");
    }

    static Path archiveIn(Path cds) throws Exception {
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(
                            f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    // ---- the launcher

    @Test
    void the_launcher_and_the_cli_make_every_directory_they_need_0700_under_umask_000() throws Exception {
        Path install = install();
        Processes.Result r = runUnderUmask000(
                env(), null, install.resolve("bin/sts-session-token").toString(), "get", "--local");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        awaitTraining(install.resolve("cds"));
        for (Path dir : List.of(
                install.resolve("cds"),
                home,
                home.resolve(".cache"),
                home.resolve(".cache/sts-session-token"),
                home.resolve(".local"),
                home.resolve(".local/share"),
                home.resolve(".local/share/sts-session-token"),
                home.resolve(".local/share/sts-session-token/emulator"))) {
            assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
        }
    }

    @Test
    void the_launcher_uses_no_archive_from_a_directory_another_user_can_change() throws Exception {
        Path install = install();
        String launcher = install.resolve("bin/sts-session-token").toString();
        assertThat(run(env(), null, launcher, "--version").exitCode()).isZero();
        awaitTraining(install.resolve("cds"));
        Path archive = archiveIn(install.resolve("cds"));
        assertThat(run(env(), null, launcher, "--version").exitCode()).isZero();
        assertThat(lastRun()).contains("-XX:SharedArchiveFile=" + archive); // what a trusted archive gets

        Files.setPosixFilePermissions(install.resolve("cds"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result open = run(env(), null, launcher, "--version");
        assertThat(open.exitCode()).as(open.toString()).isZero();
        assertThat(lastRun()).doesNotContain("SharedArchiveFile").doesNotContain("AOTCache");
        assertThat(open.stderr())
                .isEqualTo("sts-session-token: warning: class-data archive not used: untrusted directory "
                        + install.resolve("cds")
                        + ": it is writable by group or others (mode drwxrwxrwx); fix: chmod go-w "
                        + install.resolve("cds") + "\n");

        Files.setPosixFilePermissions(install.resolve("cds"), PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(install.resolve("cds"), "unix:uid", OTHER_USER);
        Processes.Result theirs = run(env(), null, launcher, "--version");
        assertThat(lastRun()).doesNotContain("SharedArchiveFile").doesNotContain("AOTCache");
        assertThat(theirs.stderr()).contains("owned by uid 65534");
    }

    @Test
    void the_cli_refuses_a_session_cache_another_user_owns_with_exit_2() throws Exception {
        Path launcher = DIST.resolve("bin/sts-session-token");
        Map<String, String> env = DistEnv.of(home);
        assertThat(run(env, null, launcher.toString(), "get", "--local").exitCode())
                .isZero();
        Files.setAttribute(home.resolve(".cache/sts-session-token"), "unix:uid", OTHER_USER);
        Processes.Result r = run(env, null, launcher.toString(), "get", "--local");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("sts-session-token: session cache: untrusted directory "
                        + home.resolve(".cache/sts-session-token")
                        + ": it is owned by uid 65534, not by you (uid 0); fix: remove it, or chown it to yourself\n");
    }

    // ---- serve

    @Test
    void serve_refuses_a_state_dir_others_can_write_to_before_listening() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result r = Processes.run(
                List.of(
                        DIST.resolve("bin/sts-session-token").toString(),
                        "serve",
                        "--port",
                        "0",
                        "--state-dir",
                        state.toString()),
                DistEnv.of(home),
                tmp,
                null,
                Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("untrusted directory " + state).contains("fix: chmod go-w " + state);
        assertThat(state.resolve("credentials")).doesNotExist();
    }

    // ---- the Ansible module file

    Path ansibleModule() {
        Path tarball = single("ststoken-aws-");
        Path dir = tmp.resolve("collection");
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Processes.Result r = run(
                null,
                null,
                "tar",
                "xzf",
                tarball.toString(),
                "-C",
                dir.toString(),
                "plugins/modules/sts_session_token");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return dir.resolve("plugins/modules/sts_session_token");
    }

    static Path single(String prefix) {
        try (Stream<Path> files = Files.list(DIST)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .findFirst()
                    .orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the module as Ansible does, with arguments the Java side answers with its own validation failure. */
    Map<String, Object> runModule(Path module, Map<String, String> env, boolean umask000) throws Exception {
        Path args = Files.writeString(tmp.resolve("args.json"), "{\"duration_seconds\": 100}");
        Processes.Result r = umask000
                ? runUnderUmask000(env, null, "sh", module.toString(), args.toString())
                : run(env, null, "sh", module.toString(), args.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        return Json.parseObject(r.stdout());
    }

    static final String JAVA_RAN = "invalid duration 100: must be between 900 and 129600 seconds";

    Path unpacked() throws Exception {
        try (Stream<Path> dirs = Files.list(home.resolve(".cache/sts-session-token/ansible"))) {
            return dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void the_ansible_module_unpacks_into_directories_it_makes_0700_under_umask_000() throws Exception {
        Map<String, Object> out = runModule(ansibleModule(), DistEnv.of(home), true);
        assertThat(out).containsEntry("msg", JAVA_RAN);
        for (Path dir : List.of(
                home,
                home.resolve(".cache"),
                home.resolve(".cache/sts-session-token"),
                home.resolve(".cache/sts-session-token/ansible"),
                unpacked(),
                unpacked().resolve("lib"))) {
            assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
        }
    }

    @Test
    void the_ansible_module_refuses_an_unpack_dir_another_user_owns() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".cache/sts-session-token/ansible"));
        Files.setAttribute(dir, "unix:uid", OTHER_USER);
        Map<String, Object> out = runModule(ansibleModule(), DistEnv.of(home), false);
        assertThat(out)
                .containsEntry("failed", true)
                .containsEntry(
                        "msg",
                        "untrusted directory " + dir
                                + ": it is owned by uid 65534, not by you (uid 0); fix: remove it, or chown it to yourself");
    }

    @Test
    void the_ansible_module_refuses_an_unpack_dir_under_a_parent_others_can_write() throws Exception {
        Path cache = Files.createDirectories(home.resolve(".cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, Object> out = runModule(ansibleModule(), DistEnv.of(home), false);
        assertThat(out).containsEntry("failed", true);
        assertThat((String) out.get("msg"))
                .contains("has a parent writable by group or others (" + cache)
                .contains("fix: chmod go-w " + cache);
    }

    @Test
    void the_ansible_module_checks_each_jar_against_its_build_digest_and_unpacks_again_on_a_mismatch()
            throws Exception {
        Path module = ansibleModule();
        assertThat(runModule(module, DistEnv.of(home), false)).containsEntry("msg", JAVA_RAN);
        Path jar = unpacked().resolve("lib/sts-session-token-cli.jar");
        String good = sha256(jar);
        Files.writeString(jar, "not the jar we built");
        assertThat(runModule(module, DistEnv.of(home), false)).containsEntry("msg", JAVA_RAN);
        assertThat(sha256(jar)).isEqualTo(good);
        assertThat(Files.readString(module)).contains(good + "  lib/sts-session-token-cli.jar");
        Files.writeString(unpacked().resolve("lib/extra.jar"), "a jar nobody listed would join the class path");
        assertThat(runModule(module, DistEnv.of(home), false)).containsEntry("msg", JAVA_RAN);
        assertThat(unpacked().resolve("lib/extra.jar")).doesNotExist();
    }

    @Test
    void the_ansible_module_refuses_to_run_without_a_home_rather_than_use_tmp() throws Exception {
        Map<String, String> env = DistEnv.of(home);
        env.remove("HOME");
        Map<String, Object> out = runModule(ansibleModule(), env, false);
        assertThat(out)
                .containsEntry("failed", true)
                .containsEntry(
                        "msg",
                        "sts_session_token needs HOME (or XDG_CACHE_HOME) for a private directory to unpack its jars into; set HOME");
    }

    // ---- the Bolt task

    /** The module as Bolt lays it out in a fresh _installdir: the tarball's sts_session_token/ directory. */
    Path boltTask() {
        Path installdir = tmp.resolve("installdir");
        try {
            Files.createDirectories(installdir);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Processes.Result r = run(
                null,
                null,
                "tar",
                "xzf",
                single("ststoken-sts_session_token-").toString(),
                "-C",
                installdir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return installdir.resolve("sts_session_token/tasks/get_session_token.sh");
    }

    static final String BOLT_INPUT =
            "{\"duration_seconds\": \"abc\", \"_task\": \"sts_session_token::get_session_token\"}";

    Map<String, Object> runTask(Path task, Map<String, String> env) {
        Processes.Result r = run(env, BOLT_INPUT, task.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        return (Map<String, Object>) Json.parseObject(r.stdout()).get("_error");
    }

    @Test
    void the_bolt_task_refuses_a_cache_dir_another_user_owns() throws Exception {
        Path dir = Files.createDirectories(home.resolve(".cache/sts-session-token/bolt"));
        Files.setAttribute(dir, "unix:uid", OTHER_USER);
        Map<String, Object> error = runTask(boltTask(), env());
        assertThat(error)
                .containsEntry("kind", "sts_session_token/untrusted-directory")
                .containsEntry(
                        "msg",
                        "untrusted directory " + dir
                                + ": it is owned by uid 65534, not by you (uid 0); fix: remove it, or chown it to yourself");
    }

    @Test
    void the_bolt_task_runs_the_launcher_from_a_checked_private_copy_with_its_archive() throws Exception {
        Path task = boltTask();
        Map<String, Object> error = runTask(task, env());
        assertThat(error).containsEntry("kind", "sts_session_token/invalid-input");
        Path copy;
        try (Stream<Path> dirs = Files.list(home.resolve(".cache/sts-session-token/bolt"))) {
            copy = dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
        }
        assertThat(mode(copy)).isEqualTo("rwx------");
        awaitTraining(copy.resolve("cds"));
        Path archive = archiveIn(copy.resolve("cds"));
        // A second run, as Bolt makes it, in another fresh _installdir: same class path, so the archive fits.
        Files.move(tmp.resolve("installdir"), tmp.resolve("installdir-1"));
        task = boltTask();
        assertThat(runTask(task, env())).containsEntry("kind", "sts_session_token/invalid-input");
        assertThat(lastRun())
                .contains("-XX:SharedArchiveFile=" + archive)
                .contains(copy.resolve("lib/sts-session-token-cli.jar").toString());

        Path jar = copy.resolve("lib/sts-session-token-cli.jar");
        String good = sha256(jar);
        Files.writeString(jar, "not the jar we built");
        assertThat(runTask(task, env())).containsEntry("kind", "sts_session_token/invalid-input");
        assertThat(sha256(jar)).isEqualTo(good);
    }
}
