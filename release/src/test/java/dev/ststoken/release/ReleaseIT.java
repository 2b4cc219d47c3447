package dev.ststoken.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: install.sh on a machine with no JDK (PATH without any java,
 * no JAVA_HOME), then the installed launcher, the Ansible module and the Bolt task using it. The
 * install is never written to, and its prebuilt AOT cache really maps the application's classes.
 */
class ReleaseIT {
    static final Path REPO =
            Path.of(System.getProperty("repo.root")).toAbsolutePath().normalize();
    static final Path TARGET = REPO.resolve("release/target");
    static final Path DIST = REPO.resolve("dist/target/sts-session-token");
    static final String VERSION = System.getProperty("release.version");
    static final int OTHER_USER = 65534;

    @TempDir
    Path tmp;

    Path home;
    Path noJava;

    @BeforeEach
    void machineWithoutJava() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        noJava = noJavaPath();
    }

    /**
     * Every command of the system's PATH but java and the JDK's tools, as links in one directory
     * (made once, outside the per-test dirs): the PATH of a machine with no JDK.
     */
    static synchronized Path noJavaPath() throws IOException {
        Path bin = Path.of(System.getProperty("work.dir")).resolve("no-java-bin");
        if (Files.isDirectory(bin)) {
            return bin;
        }
        Path building = Files.createDirectories(Path.of(System.getProperty("work.dir"))
                .resolve("no-java-bin." + ProcessHandle.current().pid()));
        for (String dir : System.getenv("PATH").split(":")) {
            Path path = Path.of(dir);
            if (!Files.isDirectory(path)) {
                continue;
            }
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.toList()) {
                    Path link = building.resolve(file.getFileName().toString());
                    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.exists(file)
                            && !isJdkTool(file)) {
                        Files.createSymbolicLink(link, file);
                    }
                }
            }
        }
        Files.move(building, bin);
        return bin;
    }

    static boolean isJdkTool(Path file) throws IOException {
        String name = file.getFileName().toString();
        return name.startsWith("java")
                || Set.of("jar", "jlink", "jdeps", "jshell", "keytool", "jcmd", "jps")
                        .contains(name)
                || file.toRealPath().toString().contains("/jvm/");
    }

    static Path archive() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(f -> f.getFileName().toString().matches("sts-session-token-.*-linux-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError("no release archive in " + TARGET + " (./mvnw package builds it)"));
        }
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", noJava.toString());
        env.put("HOME", home.toString());
        return env;
    }

    Processes.Result run(Map<String, String> env, String stdin, String... command) {
        return Processes.run(List.of(command), env, tmp, stdin, Duration.ofSeconds(120));
    }

    Path install(Path prefix) throws IOException {
        Processes.Result r = run(
                env(),
                null,
                REPO.resolve("install.sh").toString(),
                "--prefix",
                prefix.toString(),
                archive().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return prefix.resolve("bin/sts-session-token");
    }

    /** Every path in the install with its size and modification time: what a run must leave as it found. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.toList()) {
                files.put(
                        dir.relativize(file).toString(),
                        Files.isDirectory(file)
                                ? "dir " + Files.getLastModifiedTime(file)
                                : Files.size(file) + " " + Files.getLastModifiedTime(file));
            }
        }
        return files;
    }

    @Test
    void install_sh_then_get_local_works_with_no_java_on_path_and_no_java_home() throws Exception {
        assertThat(run(env(), null, "sh", "-c", "command -v java").exitCode()).isNotZero();
        Path prefix = tmp.resolve("prefix");
        Processes.Result install = run(
                env(),
                null,
                REPO.resolve("install.sh").toString(),
                "--prefix",
                prefix.toString(),
                archive().toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(install.stdout())
                .contains("export PATH=\"" + prefix.toRealPath().resolve("bin") + ":$PATH\"")
                .contains("install.sh --uninstall --prefix " + prefix.toRealPath());
        Path launcher = prefix.resolve("bin/sts-session-token");
        assertThat(Files.isSymbolicLink(launcher)).isTrue();
        Map<String, String> before = snapshot(prefix);

        Processes.Result get = run(env(), null, launcher.toString(), "get", "--local");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(Json.parseObject(get.stdout()))
                .containsEntry("changed", true)
                .containsKey("sts_creds");
        Processes.Result hit = run(env(), null, launcher.toString(), "get", "--local", "-o", "env");
        assertThat(hit.exitCode()).as(hit.toString()).isZero();
        assertThat(hit.stdout()).contains("export AWS_ACCESS_KEY_ID='ASIA");
        assertThat(snapshot(prefix)).as("nothing written into the install").isEqualTo(before);
    }

    @Test
    void version_names_the_bundled_runtime_and_its_prebuilt_aot_cache_in_use() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path installed =
                tmp.resolve("prefix/lib/sts-session-token").toRealPath().resolve(VERSION);
        Processes.Result r = run(env(), null, launcher.toString(), "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .matches("sts-session-token " + VERSION.replace(".", "\\.") + "\n"
                        + "runtime: " + installed.resolve("runtime") + " \\(Java 25[^)]*\\)\n"
                        + "archive: " + installed.resolve("cds") + "/25[^ ]*\\.aot \\(in use\\)\n");
    }

    @Test
    void an_install_under_a_path_with_a_space_runs_and_maps_its_aot_cache() throws Exception {
        Path launcher = install(tmp.resolve("with space/prefix"));
        Processes.Result version = run(env(), null, launcher.toString(), "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).contains("with space/").contains(".aot (in use)");
        Processes.Result get = run(env(), null, launcher.toString(), "get", "--local", "-o", "env");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).contains("export AWS_ACCESS_KEY_ID='ASIA");
    }

    @Test
    void a_cache_hit_through_a_profile_takes_all_our_classes_from_the_prebuilt_aot_cache() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path state = tmp.resolve("state");
        Process serve = serve(launcher, state);
        try {
            String endpoint = endpointOf(serve);
            Map<String, String> env = env();
            env.put("AWS_CONFIG_FILE", state.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("credentials").toString());
            String code = Totp.code(
                    Base32.decode(
                            Files.readString(state.resolve("demo-mfa-seed.txt")).strip()),
                    Instant.now());
            Processes.Result miss = run(
                    env,
                    null,
                    launcher.toString(),
                    "get",
                    "--profile",
                    "emulator-demo",
                    "--endpoint-url",
                    endpoint,
                    "--mfa-token",
                    code);
            assertThat(miss.exitCode()).as(miss.toString()).isZero();

            Path log = tmp.resolve("class-load.log");
            env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
            Processes.Result hit = run(
                    env,
                    null,
                    launcher.toString(),
                    "get",
                    "--profile",
                    "emulator-demo",
                    "--endpoint-url",
                    endpoint,
                    "-o",
                    "credential-process");
            assertThat(hit.exitCode()).as(hit.toString()).isZero();
            List<String> ours = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.contains(" dev.ststoken.")) {
                    ours.add(line);
                }
            }
            assertThat(ours).isNotEmpty().allMatch(line -> line.endsWith("source: shared objects file"));
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    Process serve(Path launcher, Path state, String... extra) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(launcher.toString(), "serve", "--port", "0", "--state-dir", state.toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** A role the emulator's demo user may assume, made with the emulator's root keys over its IAM API. */
    static String createRoleTrustingDemo(Path state, String endpoint, String name) throws Exception {
        Map<String, String> root = new HashMap<>();
        boolean inRoot = false;
        for (String line : Files.readAllLines(state.resolve("credentials"))) {
            if (line.startsWith("[")) {
                inRoot = line.equals("[emulator-root]");
            } else if (inRoot && line.contains(" = ")) {
                root.put(line.substring(0, line.indexOf(" = ")), line.substring(line.indexOf(" = ") + 3));
            }
        }
        String account = null;
        for (String line : Files.readAllLines(state.resolve("config"))) {
            if (line.startsWith("mfa_serial = ")) {
                account = line.split(":")[4];
            }
        }
        dev.ststoken.sts.StsClient iam = new dev.ststoken.sts.StsClient(new dev.ststoken.sts.QueryClient(
                new dev.ststoken.sts.StsEndpoint(java.net.URI.create(endpoint), "us-east-1"),
                dev.ststoken.sts.TlsSettings.DEFAULT,
                java.time.Clock.systemUTC(),
                dev.ststoken.sts.Transport.DEFAULT,
                "iam",
                "2010-05-08"));
        iam.call(
                "CreateRole",
                List.of(
                        Map.entry("RoleName", name),
                        Map.entry(
                                "AssumeRolePolicyDocument",
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                                        + "\"arn:aws:iam::" + account
                                        + ":user/demo\"},\"Action\":\"sts:AssumeRole\"}]}")),
                new dev.ststoken.credentials.AwsCredentials(
                        root.get("aws_access_key_id"), root.get("aws_secret_access_key"), null));
        return "arn:aws:iam::" + account + ":role/" + name;
    }

    static String endpointOf(Process serve) throws IOException {
        return new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                .readLine()
                .replace("listening on ", "");
    }

    @Test
    void a_read_only_install_made_by_root_serves_another_user_with_its_archive() throws Exception {
        Path setpriv = Peers.which("setpriv");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                setpriv != null
                        && "0".equals(run(null, null, "id", "-u").stdout().strip()),
                "needs root and setpriv to run as another user");
        // Under target/: parents owned by root and not writable by others, as /opt or /usr/local are.
        Path prefix =
                Files.createDirectories(Path.of(System.getProperty("work.dir"))).resolve("ro-" + System.nanoTime());
        Path launcher = install(prefix);
        assertThat(run(null, null, "chmod", "-R", "a-w,a+rX", prefix.toString()).exitCode())
                .isZero();
        Map<String, String> before = snapshot(prefix);
        Files.setAttribute(home, "unix:uid", OTHER_USER);
        Files.setAttribute(tmp, "unix:uid", OTHER_USER);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Map<String, String> env = env();
            Processes.Result get = run(
                    env,
                    null,
                    setpriv.toString(),
                    "--reuid=" + OTHER_USER,
                    "--regid=" + OTHER_USER,
                    "--clear-groups",
                    launcher.toString(),
                    "get",
                    "--local");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            Processes.Result version = run(
                    env,
                    null,
                    setpriv.toString(),
                    "--reuid=" + OTHER_USER,
                    "--regid=" + OTHER_USER,
                    "--clear-groups",
                    launcher.toString(),
                    "--version");
            assertThat(version.stdout()).contains(".aot (in use)");
            assertThat(version.stderr()).isEmpty();
            assertThat(snapshot(prefix)).isEqualTo(before);
        } finally {
            run(null, null, "chmod", "-R", "u+w", prefix.toString());
            run(null, null, "rm", "-rf", prefix.toString());
        }
    }

    /**
     * The archive's own launcher, run from an unpacked release that no install.sh checked, checks its
     * whole tree on every run. (An installed release's launcher does not: install.sh checked the
     * install once and wrote a launcher with its paths in; see the test after this one.)
     */
    @Test
    void an_unpacked_release_another_user_can_change_refuses_to_run_with_one_line_naming_it() throws Exception {
        Path installed = unpackedRelease();
        Path launcher = installed.resolve("bin/sts-session-token");
        Path cds = installed.resolve("cds");
        try (Stream<Path> files = Files.list(cds)) {
            Path aot = files.findFirst().orElseThrow();
            Files.setPosixFilePermissions(aot, PosixFilePermissions.fromString("rw-rw-rw-"));
            Processes.Result r = run(env(), null, launcher.toString(), "--version");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr())
                    .isEqualTo("sts-session-token: refusing to run from this install: untrusted directory " + installed
                            + ": it is writable by group or others (mode -rw-rw-rw-); fix: chmod go-w " + aot + "\n");
            Files.setPosixFilePermissions(aot, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setAttribute(cds, "unix:uid", OTHER_USER);
            Processes.Result theirs = run(env(), null, launcher.toString(), "--version");
            assertThat(theirs.exitCode()).isEqualTo(2);
            assertThat(theirs.stdout()).isEmpty();
            assertThat(theirs.stderr()).contains("owned by uid 65534, not by you (uid 0) or root");
            Files.setAttribute(cds, "unix:uid", 0);
            assertThat(run(env(), null, launcher.toString(), "--version").exitCode())
                    .isZero();
        }
    }

    /** Not only the install's first level: every file the JVM runs or maps in. */
    @Test
    void a_world_writable_jar_or_runtime_java_is_refused_by_both_wrappers_and_an_unpacked_launcher() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path installed =
                tmp.resolve("prefix/lib/sts-session-token").toRealPath().resolve(VERSION);
        Path unpacked = unpackedRelease();
        Path jar;
        try (Stream<Path> files = Files.list(installed.resolve("lib"))) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path module = unpack(DIST.resolve("ststoken-aws-" + VERSION + ".tar.gz"), "plugins/modules/sts_session_token");
        Path task = unpack(
                DIST.resolve("ststoken-sts_session_token-" + VERSION + ".tar.gz"),
                "sts_session_token/tasks/get_session_token.sh");
        Path args = Files.writeString(tmp.resolve("args.json"), "{\"duration_seconds\": 900}");
        Map<String, String> env = env();
        env.put("STS_SESSION_TOKEN_LAUNCHER", launcher.toString());
        for (Path file : List.of(jar, installed.resolve("runtime/bin/java"))) {
            Set<java.nio.file.attribute.PosixFilePermission> before = Files.getPosixFilePermissions(file);
            run(null, null, "chmod", "o+w", file.toString());
            String why = "untrusted directory " + installed + ": it is writable by group or others";

            Path same = unpacked.resolve(installed.relativize(file));
            run(null, null, "chmod", "o+w", same.toString());
            Processes.Result direct =
                    run(env(), null, unpacked.resolve("bin/sts-session-token").toString(), "--version");
            assertThat(direct.exitCode()).as(same + ": " + direct).isEqualTo(2);
            assertThat(direct.stderr())
                    .contains("untrusted directory " + unpacked + ": it is writable by group or others")
                    .contains("fix: chmod go-w " + same);
            Files.setPosixFilePermissions(same, before);

            Processes.Result ansible = run(env, null, "sh", module.toString(), args.toString());
            assertThat(ansible.exitCode()).as(file + ": " + ansible).isEqualTo(1);
            assertThat(Json.parseObject(ansible.stdout()))
                    .containsEntry("failed", true)
                    .extractingByKey("msg")
                    .asString()
                    .contains(why)
                    .contains("fix: chmod go-w " + file);

            Processes.Result bolt = run(env, "{}", "sh", task.toString());
            assertThat(bolt.exitCode()).as(file + ": " + bolt).isEqualTo(1);
            assertThat(Json.parseObject(bolt.stdout()).get("_error").toString())
                    .contains("sts_session_token/untrusted-directory")
                    .contains(why);
            Files.setPosixFilePermissions(file, before);
        }
        assertThat(run(env(), null, launcher.toString(), "--version").exitCode())
                .isZero();
    }

    /** The release's exec on its own JDK 25 runtime: 127 for a command that is not there, as --help says. */
    @Test
    void exec_of_a_missing_command_exits_127_on_the_release_runtime() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Processes.Result missing =
                run(env(), null, launcher.toString(), "exec", "--local", "--", "no-such-command-xyz");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.stderr()).endsWith("\nsts-session-token: no-such-command-xyz: command not found\n");
        Path notExecutable = Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\n");
        Processes.Result denied =
                run(env(), null, launcher.toString(), "exec", "--local", "--", notExecutable.toString());
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(126);
        assertThat(run(env(), null, launcher.toString(), "exec", "--local", "--", "sh", "-c", "exit 7")
                        .exitCode())
                .isEqualTo(7);
    }

    /** The README's way to use an installed release from Ansible and Bolt: every module and task, not only get. */
    @Test
    void every_ansible_module_and_bolt_task_runs_its_own_adapter_through_the_installed_release() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path state = tmp.resolve("state");
        Process serve = serve(launcher, state, "--no-enforce-iam");
        try {
            String endpoint = endpointOf(serve);
            String role = createRoleTrustingDemo(state, endpoint, "deployer");
            Map<String, String> keys = demoKeys(state.resolve("credentials"));
            Map<String, String> env = env();
            env.put("STS_SESSION_TOKEN_LAUNCHER", launcher.toString());
            String account = role.split(":")[4];

            Path assumeModule =
                    unpack(DIST.resolve("ststoken-aws-" + VERSION + ".tar.gz"), "plugins/modules/sts_assume_role");
            Path moduleArgs = Files.writeString(
                    tmp.resolve("assume-args.json"),
                    "{\"aws_access_key\": \"" + keys.get("aws_access_key_id")
                            + "\", \"aws_secret_key\": \"" + keys.get("aws_secret_access_key") + "\", \"ec2_url\": \""
                            + endpoint + "\", \"role_arn\": \"" + role + "\", \"role_session_name\": \"ansible\"}");
            Processes.Result module = run(env, null, "sh", assumeModule.toString(), moduleArgs.toString());
            assertThat(module.exitCode()).as(module.toString()).isZero();
            Map<String, Object> result = Json.parseObject(module.stdout());
            assertThat(result).containsEntry("changed", true).containsKey("sts_creds");
            assertThat(((Map<?, ?>) result.get("sts_user")).get("arn"))
                    .isEqualTo("arn:aws:sts::" + account + ":assumed-role/deployer/ansible");

            Path assumeTask = unpack(
                    DIST.resolve("ststoken-sts_session_token-" + VERSION + ".tar.gz"),
                    "sts_session_token/tasks/assume_role.sh");
            String input = "{\"access_key_id\": \"" + keys.get("aws_access_key_id")
                    + "\", \"secret_access_key\": \"" + keys.get("aws_secret_access_key") + "\", \"endpoint_url\": \""
                    + endpoint + "\", \"region\": \"us-east-1\", \"role_arn\": \"" + role
                    + "\", \"role_session_name\": \"bolt\"}";
            Processes.Result task = run(env, input, "sh", assumeTask.toString());
            assertThat(task.exitCode()).as(task.toString()).isZero();
            Map<String, Object> output = Json.parseObject(task.stdout());
            assertThat(output).containsOnlyKeys("credentials", "assumed_role_user");
            assertThat(((Map<?, ?>) output.get("assumed_role_user")).get("arn"))
                    .isEqualTo("arn:aws:sts::" + account + ":assumed-role/deployer/bolt");

            Path getTask = unpack(
                    DIST.resolve("ststoken-sts_session_token-" + VERSION + ".tar.gz"),
                    "sts_session_token/tasks/get_session_token.sh");
            Processes.Result get = run(env, input.replaceAll(", \"role_arn\".*}$", "}"), "sh", getTask.toString());
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(Json.parseObject(get.stdout())).containsOnlyKeys("credentials");
            assertThat(home.resolve(".cache/sts-session-token"))
                    .as("no embedded jars unpacked")
                    .doesNotExist();
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    /** An unpacked release's own directory, or a parent of it, made group-writable: its launcher checks on every run. */
    @Test
    void an_unpacked_release_whose_directory_is_group_writable_refuses_to_run() throws Exception {
        Path installed = unpackedRelease();
        Path launcher = installed.resolve("bin/sts-session-token");
        Path lib = installed.getParent();
        for (Path dir : List.of(installed, lib)) {
            Set<java.nio.file.attribute.PosixFilePermission> before = Files.getPosixFilePermissions(dir);
            run(null, null, "chmod", "g+w", dir.toString());
            Processes.Result r = run(env(), null, launcher.toString(), "get", "--local");
            assertThat(r.exitCode()).as(dir + ": " + r).isEqualTo(2);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr())
                    .startsWith(
                            "sts-session-token: refusing to run from this install: untrusted directory " + installed)
                    .contains("writable by group or others")
                    .contains("fix: chmod go-w " + dir + "\n")
                    .hasLineCount(1);
            Files.setPosixFilePermissions(dir, before);
        }
        assertThat(run(env(), null, launcher.toString(), "get", "--local").exitCode())
                .isZero();
    }

    @Test
    void install_under_umask_000_makes_no_directory_another_user_can_change() throws Exception {
        Path prefix = tmp.resolve("prefix");
        Processes.Result r = run(
                env(),
                null,
                "sh",
                "-c",
                "umask 000 && exec \"$0\" --prefix \"$1\" \"$2\"",
                REPO.resolve("install.sh").toString(),
                prefix.toString(),
                archive().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> writable = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(prefix)) {
            for (Path file : walk.toList()) {
                if (!Files.isSymbolicLink(file)) {
                    String mode = PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                    if (mode.charAt(4) == 'w' || mode.charAt(7) == 'w') {
                        writable.add(prefix.relativize(file) + " " + mode);
                    }
                }
            }
        }
        assertThat(writable).as("group- or other-writable after install").isEmpty();
        assertThat(Files.getPosixFilePermissions(prefix.resolve("bin")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(run(env(), null, prefix.resolve("bin/sts-session-token").toString(), "--version")
                        .exitCode())
                .isZero();
    }

    @Test
    void install_refuses_a_prefix_whose_bin_or_lib_another_user_can_change() throws Exception {
        for (String dir : List.of("bin", "lib")) {
            for (String change : List.of("g+w", "o+w", "owner")) {
                Path prefix = tmp.resolve("prefix-" + dir + "-" + change.replace("+", ""));
                Path bad = Files.createDirectories(prefix.resolve(dir));
                if (change.equals("owner")) {
                    Files.setAttribute(bad, "unix:uid", OTHER_USER);
                } else {
                    run(null, null, "chmod", change, bad.toString());
                }
                Processes.Result r = run(
                        env(),
                        null,
                        REPO.resolve("install.sh").toString(),
                        "--prefix",
                        prefix.toString(),
                        archive().toString());
                assertThat(r.exitCode()).as(dir + " " + change + ": " + r).isEqualTo(1);
                assertThat(r.stderr())
                        .startsWith("install.sh: refusing to install: untrusted directory ")
                        .contains(change.equals("owner") ? "uid 65534" : "writable by group or others")
                        .hasLineCount(1);
                assertThat(prefix.resolve("bin/sts-session-token")).doesNotExist();
                try (Stream<Path> left = Files.list(prefix.resolve("lib/sts-session-token"))) {
                    assertThat(left.toList()).as("nothing unpacked").isEmpty();
                }
            }
        }
    }

    @Test
    void the_ansible_module_uses_the_installed_release_named_in_its_environment() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path module = unpack(DIST.resolve("ststoken-aws-" + VERSION + ".tar.gz"), "plugins/modules/sts_session_token");
        Path state = tmp.resolve("state");
        Process serve = serve(launcher, state);
        try {
            String endpoint = endpointOf(serve);
            Map<String, String> keys = demoKeys(state.resolve("credentials"));
            Path args = Files.writeString(
                    tmp.resolve("args.json"),
                    "{\"aws_access_key\": \"" + keys.get("aws_access_key_id")
                            + "\", \"aws_secret_key\": \"" + keys.get("aws_secret_access_key") + "\", \"ec2_url\": \""
                            + endpoint
                            + "\", \"duration_seconds\": 900}");
            Map<String, String> env = env();
            env.put("STS_SESSION_TOKEN_LAUNCHER", launcher.toString());
            Processes.Result r = run(env, null, "sh", module.toString(), args.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Json.parseObject(r.stdout()))
                    .containsEntry("changed", true)
                    .containsKey("sts_creds");
            assertThat(home.resolve(".cache/sts-session-token/ansible"))
                    .as("no embedded jars unpacked")
                    .doesNotExist();

            env.remove("STS_SESSION_TOKEN_LAUNCHER");
            Processes.Result embedded = run(env, null, "sh", module.toString(), args.toString());
            assertThat(embedded.stdout())
                    .contains("needs Java 17 or later"); // the embedded jars need a JDK on the host
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    @Test
    void the_bolt_task_uses_the_installed_release_named_in_its_environment() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path task = unpack(
                DIST.resolve("ststoken-sts_session_token-" + VERSION + ".tar.gz"),
                "sts_session_token/tasks/get_session_token.sh");
        Map<String, String> env = env();
        env.put("STS_SESSION_TOKEN_LAUNCHER", launcher.toString());
        Processes.Result r = run(env, "{\"duration_seconds\": \"soon\"}", "sh", task.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(Json.parseObject(r.stdout()).get("_error").toString())
                .contains("sts_session_token/invalid-input")
                .contains("invalid duration 'soon'");
        assertThat(home.resolve(".cache/sts-session-token/bolt")).doesNotExist();

        env.put("STS_SESSION_TOKEN_LAUNCHER", tmp.resolve("not-a-release").toString());
        Processes.Result wrong = run(env, "{}", "sh", task.toString());
        assertThat(wrong.stdout()).contains("is not the launcher of an installed release");
    }

    @Test
    void without_jdk_25_the_archive_runs_on_the_system_java_and_trains_in_the_users_cache() throws Exception {
        Path out = tmp.resolve("fallback");
        Processes.Result build = run(
                null,
                null,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                REPO.resolve("release/src/build/Release.java").toString(),
                VERSION,
                DIST.toString(),
                out.toString(),
                REPO.resolve("install.sh").toString(),
                "none");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.stdout())
                .contains("[release] WARNING: -Drelease.jdk=none: the archive has no runtime of its own and runs on "
                        + "the system's Java 17+");
        Path archive;
        try (Stream<Path> files = Files.list(out)) {
            archive = files.filter(f -> f.toString().endsWith(".tar.gz"))
                    .findFirst()
                    .orElseThrow();
        }
        Path prefix = tmp.resolve("prefix");
        Processes.Result install = run(
                env(), null, REPO.resolve("install.sh").toString(), "--prefix", prefix.toString(), archive.toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        Path launcher = prefix.resolve("bin/sts-session-token");
        Map<String, String> before = snapshot(prefix);

        Map<String, String> env = env();
        assertThat(run(env, null, launcher.toString(), "--version").stderr()).contains("Java 17 or later is needed");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Processes.Result version = run(env, null, launcher.toString(), "--version");
        assertThat(version.stdout())
                .contains("runtime: " + System.getProperty("java.home") + " (Java ")
                .endsWith("archive: none\n");
        Path cds = home.resolve(".cache/sts-session-token/cds");
        Instant deadline = Instant.now().plusSeconds(120);
        while (!trained(cds)) {
            assertThat(Instant.now()).as("the background training run finished").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(run(env, null, launcher.toString(), "--version").stdout()).contains("archive: " + cds.toRealPath());
        assertThat(snapshot(prefix)).as("nothing written into the install").isEqualTo(before);
    }

    static boolean trained(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return false;
        }
        try (Stream<Path> files = Files.list(cds)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            return names.stream().noneMatch(n -> n.endsWith(".lock"))
                    && names.stream().anyMatch(n -> n.endsWith(".jsa") || n.endsWith(".aot"));
        }
    }

    /**
     * install.sh links the release's completions and man page into PREFIX/share, where bash-completion
     * and fish look for ~/.local and man looks for a PREFIX/bin on PATH; uninstall removes the links.
     */
    @Test
    void install_sh_puts_completions_and_the_man_page_where_the_shells_and_man_find_them() throws Exception {
        Path prefix = home.resolve(".local");
        install(prefix);
        Path share = prefix.resolve("share");
        Map<String, String> env = env();
        env.put("PATH", prefix.resolve("bin") + ":" + System.getenv("PATH"));
        Path bash = share.resolve("bash-completion/completions/sts-session-token");
        assertThat(run(env, null, "bash", "-c", ". \"$0\" && complete -p sts-session-token", bash.toString())
                        .stdout())
                .isEqualTo("complete -F _sts_session_token sts-session-token\n");
        Path fish = Peers.which("fish");
        if (fish != null) {
            // Not sourced: fish finds it itself, in ~/.local/share/fish/vendor_completions.d.
            Processes.Result completed =
                    run(env, null, fish.toString(), "-c", "complete -C 'sts-session-token get --duration'");
            assertThat(completed.stdout()).startsWith("--duration-seconds");
        }
        Path man = Peers.which("man");
        if (man != null) {
            assertThat(run(env, null, man.toString(), "-w", "sts-session-token")
                            .stdout()
                            .strip())
                    .isEqualTo(share.resolve("man/man1/sts-session-token.1")
                            .toRealPath()
                            .toString());
        }
        assertThat(share.resolve("zsh/site-functions/_sts-session-token")).isSymbolicLink();

        Processes.Result r =
                run(env(), null, REPO.resolve("install.sh").toString(), "--uninstall", "--prefix", prefix.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Stream<Path> walk = Files.walk(share)) {
            assertThat(walk.filter(f -> f.getFileName().toString().contains("sts-session-token"))
                            .toList())
                    .isEmpty();
        }
    }

    @Test
    void uninstall_removes_the_link_and_the_install_and_keeps_other_files() throws Exception {
        Path prefix = tmp.resolve("prefix");
        install(prefix);
        Files.writeString(prefix.resolve("bin/other-tool"), "#!/bin/sh\n");
        Processes.Result r =
                run(env(), null, REPO.resolve("install.sh").toString(), "--uninstall", "--prefix", prefix.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(prefix.resolve("bin/sts-session-token")).doesNotExist();
        assertThat(prefix.resolve("lib/sts-session-token")).doesNotExist();
        assertThat(prefix.resolve("bin/other-tool")).exists();
    }

    @Test
    void install_refuses_to_replace_a_file_that_is_not_its_link() throws Exception {
        Path prefix = tmp.resolve("prefix");
        Files.createDirectories(prefix.resolve("bin"));
        Files.writeString(prefix.resolve("bin/sts-session-token"), "#!/bin/sh\necho mine\n");
        Processes.Result r = run(
                env(),
                null,
                REPO.resolve("install.sh").toString(),
                "--prefix",
                prefix.toString(),
                archive().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("is not a link to an install of ours");
        assertThat(Files.readString(prefix.resolve("bin/sts-session-token"))).contains("echo mine");
    }

    /** The release archive unpacked as it is (no install.sh), nothing writable by group or others: its launcher is the archive's own. */
    Path unpackedRelease() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("unpacked/release"));
        Processes.Result r = run(null, null, "tar", "-xzf", archive().toString(), "-C", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path top = dir.resolve("sts-session-token-" + VERSION).toRealPath();
        assertThat(run(null, null, "chmod", "-R", "go-w", tmp.toString()).exitCode())
                .isZero();
        return top;
    }

    /**
     * install.sh decides once what every run would: the installed launcher has the install's runtime,
     * jars and AOT cache written in and runs nothing but the JVM (no readlink, no find: a PATH with no
     * commands at all still gives a hit), and still maps the cache.
     */
    @Test
    void the_installed_launcher_starts_no_process_but_the_jvm() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path installed =
                tmp.resolve("prefix/lib/sts-session-token").toRealPath().resolve(VERSION);
        assertThat(run(env(), null, launcher.toString(), "get", "--local").exitCode())
                .isZero();
        Map<String, String> bare = env();
        bare.put("PATH", tmp.resolve("no-commands-here").toString());
        Processes.Result hit = run(bare, null, launcher.toString(), "get", "--local", "-o", "credential-process");
        assertThat(hit.exitCode()).as(hit.toString()).isZero();
        assertThat(Json.parseObject(hit.stdout())).containsEntry("Version", 1L);
        Processes.Result version = run(bare, null, launcher.toString(), "--version");
        assertThat(version.stdout()).contains(installed.resolve("cds") + "/").contains(".aot (in use)");
        String script = Files.readString(installed.resolve("bin/sts-session-token"));
        assertThat(script)
                .contains("exec '" + installed.resolve("runtime/bin/java") + "'")
                .doesNotContain("readlink")
                .doesNotContain("find ");
        Processes.Result serve = run(
                bare,
                null,
                launcher.toString(),
                "serve",
                "--port",
                "0",
                "--state-dir",
                tmp.resolve("s").toString(),
                "--help");
        assertThat(serve.exitCode()).as(serve.toString()).isZero();
    }

    /**
     * get (every credential_process call) runs on an AOT cache of its own, trained on get alone: the
     * JVM links every class of a cache at each start. Its hit finds every class of ours in that
     * cache (a cache the JVM refused, or one missing a class, would load them from the jars), and
     * other commands keep the full one.
     */
    @Test
    void get_runs_on_its_own_aot_cache_and_finds_its_classes_there() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path installed =
                tmp.resolve("prefix/lib/sts-session-token").toRealPath().resolve(VERSION);
        String script = Files.readString(installed.resolve("bin/sts-session-token"));
        assertThat(script)
                .containsPattern("get\\) exec '[^']*/runtime/bin/java' [^\n]*-XX:AOTCache='[^']*\\.get\\.aot'");
        assertThat(run(env(), null, launcher.toString(), "get", "--local").exitCode())
                .isZero();
        Map<String, String> env = env();
        Path log = tmp.resolve("get-cache-classes.log");
        env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Processes.Result hit = run(env, null, launcher.toString(), "get", "--local", "-o", "credential-process");
        assertThat(hit.exitCode()).as(hit.toString()).isZero();
        List<String> ours = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" dev.ststoken."))
                .toList();
        assertThat(ours).isNotEmpty().allMatch(line -> line.contains("source: shared objects file"));
        Processes.Result version = run(env(), null, launcher.toString(), "--version");
        assertThat(version.stdout()).containsPattern("/25[^ ]*-[0-9a-f]+\\.aot \\(in use\\)");
    }

    /**
     * The classes a cache hit needs, counted without the AOT cache (which maps every class its
     * training run loaded, whatever the run needs) on the release's runtime, against a hello world on
     * the same runtime. A budget, not a timing: on JDK 18+ one EnumMap or EnumSet on this path cost
     * about 160 classes (reflection through method handles, the class-file API spinning them).
     */
    @Test
    void a_cache_hit_loads_at_most_its_class_budget() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path installed =
                tmp.resolve("prefix/lib/sts-session-token").toRealPath().resolve(VERSION);
        assertThat(run(env(), null, launcher.toString(), "get", "--local").exitCode())
                .isZero();
        Map<String, String> env = env();
        env.put("STS_SESSION_TOKEN_NO_CDS", "1");
        Path log = tmp.resolve("hit-classes.log");
        env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Processes.Result hit = run(env, null, launcher.toString(), "get", "--local", "-o", "credential-process");
        assertThat(hit.exitCode()).as(hit.toString()).isZero();
        List<String> classes = Files.readAllLines(log);

        Path hello = Files.createDirectories(tmp.resolve("hello"));
        Files.writeString(
                hello.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(javac), "needs javac in the test's JDK");
        Processes.Result compiled = run(
                null,
                null,
                javac.toString(),
                "--release",
                "17",
                "-d",
                hello.toString(),
                hello.resolve("Hello.java").toString());
        assertThat(compiled.exitCode()).as(compiled.toString()).isZero();
        Path helloLog = tmp.resolve("hello-classes.log");
        Processes.Result helloRun = run(
                null,
                null,
                installed.resolve("runtime/bin/java").toString(),
                "-Xlog:class+load=info:file=" + helloLog,
                "-cp",
                hello.toString(),
                "Hello");
        assertThat(helloRun.exitCode()).as(helloRun.toString()).isZero();
        int helloCount = Files.readAllLines(helloLog).size();
        // Measured (JDK 25.0.3): a hit 732, hello 429; 896 with the EnumMap and EnumSet.
        assertThat(classes.size())
                .as("classes a cache hit loads (hello world on the same runtime: " + helloCount + ")")
                .isLessThanOrEqualTo(helloCount + 330);
        assertThat(classes)
                .as("the class-file API or spun classes on the hit path")
                .noneMatch(line -> line.contains(" java.lang.classfile.")
                        || line.contains("$$Lambda")
                        || line.contains("LambdaForm$MH/"));
    }

    /**
     * A cold {@code get} (GetSessionToken over HTTP, no cache, no AOT cache) loads neither
     * HttpURLConnection nor ServiceLoader, whose lookup of URL stream handler providers built an
     * EnumMap that spun method handles through the class-file API (issue 26: about 220 classes and
     * 2 MiB of a cold get's peak RSS). One lambda is left, and it is the JDK's: every
     * {@code java.net.Socket} registers its closer with a lambda in {@code NioSocketImpl}, so without
     * a CDS archive the class-file API still loads once for it; no other class may spin one.
     */
    @Test
    void a_cold_get_loads_no_http_url_connection_service_loader_or_lambda_of_ours() throws Exception {
        Path launcher = install(tmp.resolve("prefix"));
        Path state = tmp.resolve("state");
        Process serve = serve(launcher, state);
        try {
            String endpoint = endpointOf(serve);
            Map<String, String> env = env();
            env.put("AWS_CONFIG_FILE", state.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("credentials").toString());
            env.put("STS_SESSION_TOKEN_NO_CDS", "1");
            Path log = tmp.resolve("cold-classes.log");
            env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
            String code = Totp.code(
                    Base32.decode(
                            Files.readString(state.resolve("demo-mfa-seed.txt")).strip()),
                    Instant.now());
            Processes.Result cold = run(
                    env,
                    null,
                    launcher.toString(),
                    "get",
                    "--no-cache",
                    "--profile",
                    "emulator-demo",
                    "--endpoint-url",
                    endpoint,
                    "--mfa-token",
                    code);
            assertThat(cold.exitCode()).as(cold.toString()).isZero();
            List<String> classes = Files.readAllLines(log);
            assertThat(classes).as("the log was written").anyMatch(line -> line.contains(" dev.ststoken.http."));
            assertThat(classes)
                    .as("HttpURLConnection or ServiceLoader on a cold get")
                    .noneMatch(line -> line.contains(" sun.net.www.protocol.http.HttpURLConnection ")
                            || line.contains(" java.util.ServiceLoader "));
            assertThat(classes)
                    .as("lambdas spun on a cold get other than the JDK socket's closer")
                    .filteredOn(line -> line.contains("$$Lambda"))
                    .allMatch(line -> line.contains(" sun.nio.ch.NioSocketImpl$$Lambda"));
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    Path unpack(Path tarball, String member) {
        Path dir = tmp.resolve("unpacked-" + tarball.getFileName());
        assertThat(run(null, null, "mkdir", "-p", dir.toString()).exitCode()).isZero();
        Processes.Result r = run(null, null, "tar", "-xzf", tarball.toString(), "-C", dir.toString(), member);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return dir.resolve(member);
    }

    static Map<String, String> demoKeys(Path credentials) throws IOException {
        Map<String, String> keys = new HashMap<>();
        boolean demo = false;
        for (String line : Files.readAllLines(credentials)) {
            if (line.startsWith("[")) {
                demo = line.equals("[emulator-demo]");
            } else if (demo && line.contains(" = ")) {
                keys.put(line.substring(0, line.indexOf(" = ")), line.substring(line.indexOf(" = ") + 3));
            }
        }
        return keys;
    }
}
