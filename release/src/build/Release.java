import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the release archive {@code sts-session-token-VERSION-linux-ARCH.tar.gz} from the
 * distribution folder: bin/, lib/, install.sh and, when a JDK 25+ is found at build time, a jlink'd
 * runtime with only the modules the jars need (jdeps) and the AOT cache made for that runtime by a
 * training run, so an installed release starts fast on its first run and never writes into its
 * install. Without such a JDK the archive runs on the system's Java 17+ (said in the build output).
 * Run as a single-file program: {@code java Release.java VERSION DIST_DIR OUT_DIR INSTALL_SH [JDK]}.
 */
public class Release {
    static final int JDK_FEATURE = 25;
    static final String MAIN = "dev.ststoken.launch.Main";

    /** What the build found: the JDK it links the runtime from, or none. */
    record Jdk(Path home, String runtimeVersion) {}

    public static void main(String[] args) throws Exception {
        String version = args[0];
        Path dist = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Path installSh = Path.of(args[3]);
        String asked = args.length > 4 ? args[4].strip() : "";

        String name = "sts-session-token-" + version;
        Path stage = out.resolve("stage");
        deleteTree(stage);
        Path top = Files.createDirectories(stage.resolve(name));
        copyTree(dist.resolve("bin"), top.resolve("bin"));
        Files.createDirectories(top.resolve("lib"));
        for (Path file : list(dist.resolve("lib"))) {
            if (file.toString().endsWith(".jar")
                    || file.getFileName().toString().equals("BUILD_ID")) {
                Files.copy(file, top.resolve("lib").resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        // install.sh checks the prefix with the launcher's own directory rules; the archive's copy
        // carries them inlined (a checkout's reads them from dist/src/main/sh).
        String marker = "# @TRUSTED_DIR_SH@\n";
        String installScript = Files.readString(installSh, StandardCharsets.UTF_8);
        if (!installScript.contains(marker)) {
            throw new IllegalStateException("no " + marker.strip() + " line in " + installSh);
        }
        Files.writeString(
                top.resolve("install.sh"),
                installScript.replace(
                        marker,
                        Files.readString(
                                installSh.resolveSibling("dist/src/main/sh/trusted-dir.sh"), StandardCharsets.UTF_8)));
        top.resolve("install.sh").toFile().setExecutable(true, false);

        Jdk jdk = findJdk(asked);
        String runtime;
        if (jdk == null) {
            runtime = "system Java 17+ (java on PATH or JAVA_HOME)";
            log(
                    "WARNING: "
                            + (asked.equals("none")
                                    ? "-Drelease.jdk=none"
                                    : "no JDK " + JDK_FEATURE
                                            + " found (-Drelease.jdk, the build's own JDK, /usr/lib/jvm/*)")
                            + ": the archive has no "
                            + "runtime of its own and runs on the system's Java 17+, making its class-data archive in the user's cache on first use");
        } else {
            List<String> modules = modules(jdk, top.resolve("lib"));
            log("runtime: jlink of " + jdk.home() + " (" + jdk.runtimeVersion() + ") with "
                    + String.join(",", modules));
            run(
                    List.of(
                            jdk.home().resolve("bin/jlink").toString(),
                            "--add-modules",
                            String.join(",", modules),
                            "--strip-debug",
                            "--no-man-pages",
                            "--no-header-files",
                            "--output",
                            top.resolve("runtime").toString()),
                    null);
            // jlink's release file names no build; the launcher keys archives by it (JAVA_RUNTIME_VERSION).
            Files.writeString(
                    top.resolve("runtime/release"),
                    "JAVA_RUNTIME_VERSION=\"" + jdk.runtimeVersion() + "\"\n",
                    StandardOpenOption.APPEND);
            Path cds = Files.createDirectories(top.resolve("cds"));
            String buildId = Files.readString(top.resolve("lib/BUILD_ID")).strip();
            Path aot = cds.resolve(jdk.runtimeVersion() + "-" + buildId + ".aot");
            train(top, aot, "__train");
            log("AOT cache: " + top.relativize(aot) + " (" + Files.size(aot) / (1024 * 1024) + " MiB)");
            // get's own: the JVM links every class of a cache at each start, and get (every
            // credential_process call) needs about two thirds of them. The launcher picks it by the
            // command name.
            Path getAot = cds.resolve(jdk.runtimeVersion() + "-" + buildId + ".get.aot");
            train(top, getAot, "__train-get");
            log("AOT cache for get: " + top.relativize(getAot) + " (" + Files.size(getAot) / (1024 * 1024) + " MiB)");
            runtime = "bundled " + jdk.runtimeVersion() + " (runtime/), AOT cache " + top.relativize(aot);
        }
        // The launcher never writes into a directory holding this file: a release's install is read-only to it.
        Files.writeString(top.resolve("lib/RELEASE"), "version=" + version + "\nruntime=" + runtime + "\n");
        share(top, jdk);

        Path archive = out.resolve(name + "-linux-" + arch() + ".tar.gz");
        Files.deleteIfExists(archive);
        run(
                List.of(
                        "tar",
                        "--sort=name",
                        "--owner=0",
                        "--group=0",
                        "--numeric-owner",
                        "--mode=go-w",
                        "-C",
                        stage.toString(),
                        "-czf",
                        archive.toString(),
                        name),
                null);
        log("wrote " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MiB)");
        deb(top, version, out, jdk, installSh.resolveSibling("dist/src/main/sh/trusted-dir.sh"));
    }

    static final String SHARE_BASH = "share/bash-completion/completions/sts-session-token";
    static final String SHARE_ZSH = "share/zsh/site-functions/_sts-session-token";
    static final String SHARE_FISH = "share/fish/vendor_completions.d/sts-session-token.fish";
    static final String SHARE_MAN = "share/man/man1/sts-session-token.1";

    /**
     * share/: the shell completions and the man page, printed by the CLI itself from its option table
     * (completions bash|zsh|fish, __manpage), run on the release's runtime or, without one, the
     * build's JDK. install.sh links them into PREFIX/share; the Debian package ships them.
     */
    static void share(Path top, Jdk jdk) throws Exception {
        String java = jdk != null
                ? top.resolve("runtime/bin/java").toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[][] outputs = {
            {SHARE_BASH, "completions", "bash"},
            {SHARE_ZSH, "completions", "zsh"},
            {SHARE_FISH, "completions", "fish"},
            {SHARE_MAN, "__manpage"}
        };
        Path home = Files.createTempDirectory("sts-session-token-release-share");
        try {
            for (String[] output : outputs) {
                List<String> command = new ArrayList<>(List.of(java, "-cp", classPath(top.resolve("lib")), MAIN));
                command.addAll(List.of(output).subList(1, output.length));
                Path file = top.resolve(output[0]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, runQuietly(command, home));
            }
        } finally {
            deleteTree(home);
        }
        log("share/: bash, zsh and fish completions and the man page");
    }

    /**
     * The Debian package {@code sts-session-token_VERSION_ARCH.deb}, when dpkg-deb is on PATH and the
     * release has its own runtime: the install under /usr/lib/sts-session-token with the launcher
     * written for that place ({@code __fixed-launcher}, as install.sh does), the command in /usr/bin,
     * completions, the man page, copyright and changelog. Its postinst checks the installed tree with
     * the launcher's rule once; nothing is written outside the package's own file list, so
     * {@code apt-get remove} leaves nothing of ours. Without dpkg-deb: skipped with a WARNING, a failure
     * under STS_REQUIRE_PEERS=1 (CI); without a runtime of its own (-Drelease.jdk=none): not built.
     */
    static void deb(Path top, String version, Path out, Jdk jdk, Path trustedDirSh) throws Exception {
        if (jdk == null) {
            // Said by the WARNING above; a package needs a runtime of its own (its users have no JDK).
            log("Debian package: not built (the release has no runtime of its own)");
            return;
        }
        String skip = which("dpkg-deb") == null ? "dpkg-deb is not on PATH (apt-get install dpkg)" : null;
        if (skip != null) {
            if ("1".equals(System.getenv("STS_REQUIRE_PEERS"))) {
                throw new IllegalStateException("STS_REQUIRE_PEERS=1 but the Debian package cannot be built: " + skip);
            }
            log("WARNING: Debian package SKIPPED: " + skip);
            return;
        }
        String debVersion = version.replace('-', '~');
        String arch = arch().equals("x64") ? "amd64" : arch().equals("aarch64") ? "arm64" : arch();
        Path root = out.resolve("deb/root");
        deleteTree(out.resolve("deb"));
        Path lib = Files.createDirectories(root.resolve("usr/lib/sts-session-token"));
        for (String part : List.of("bin", "lib", "runtime", "cds")) {
            copyTree(top.resolve(part), lib.resolve(part));
        }
        String fixed = run(
                List.of(
                        "sh",
                        lib.resolve("bin/sts-session-token").toString(),
                        "__fixed-launcher",
                        "/usr/lib/sts-session-token"),
                null);
        if (!fixed.startsWith("#!/bin/sh\n")) {
            throw new IllegalStateException("the launcher printed no fixed launcher:\n" + fixed);
        }
        Files.writeString(lib.resolve("bin/sts-session-token"), fixed);
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(
                root.resolve("usr/bin/sts-session-token"), Path.of("../lib/sts-session-token/bin/sts-session-token"));
        copyFile(top.resolve(SHARE_BASH), root.resolve("usr/" + SHARE_BASH));
        copyFile(top.resolve(SHARE_ZSH), root.resolve("usr/share/zsh/vendor-completions/_sts-session-token"));
        copyFile(top.resolve(SHARE_FISH), root.resolve("usr/" + SHARE_FISH));
        Path doc = Files.createDirectories(root.resolve("usr/share/doc/sts-session-token"));
        copyFile(top.resolve(SHARE_MAN), root.resolve("usr/" + SHARE_MAN));
        gzip(root.resolve("usr/" + SHARE_MAN));
        Files.writeString(doc.resolve("copyright"), COPYRIGHT.replace("@RUNTIME@", jdk.runtimeVersion()));
        // A native package (no Debian revision): its changelog is changelog.gz.
        Files.writeString(
                doc.resolve("changelog"),
                "sts-session-token (" + debVersion + ") unstable; urgency=medium\n\n"
                        + "  * Built from the sts-session-token release " + version + ".\n\n"
                        + " -- " + MAINTAINER + "  Thu, 01 Jan 1970 00:00:00 +0000\n");
        gzip(doc.resolve("changelog"));
        // Each lintian tag this package carries on purpose, with the reason (DebianPackageIT fails on any other).
        Path overrides = Files.createDirectories(root.resolve("usr/share/lintian/overrides"));
        Files.writeString(overrides.resolve("sts-session-token"), LINTIAN_OVERRIDES);
        strip(lib.resolve("runtime"));

        Path control = Files.createDirectories(root.resolve("DEBIAN"));
        long kib = 0;
        try (Stream<Path> files = Files.walk(root.resolve("usr"))) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    kib += (Files.size(file) + 1023) / 1024;
                }
            }
        }
        Files.writeString(
                control.resolve("control"),
                "Package: sts-session-token\n"
                        + "Version: " + debVersion + "\n"
                        + "Architecture: " + arch + "\n"
                        + "Maintainer: " + MAINTAINER + "\n"
                        + "Installed-Size: " + kib + "\n"
                        + "Depends: libc6 (>= 2.17)\n"
                        + "Section: utils\n"
                        + "Priority: optional\n"
                        + "Description: temporary AWS credentials (STS GetSessionToken with MFA)\n"
                        + " sts-session-token gets temporary AWS credentials with STS GetSessionToken or\n"
                        + " AssumeRole, asking for an MFA code when the profile has a device, caches them\n"
                        + " privately and prints them in the format a tool needs. It brings its own Java\n"
                        + " runtime (a jlink of OpenJDK " + jdk.runtimeVersion()
                        + ") and its AOT cache: no JDK needed.\n");
        String trusted = Files.readString(trustedDirSh, StandardCharsets.UTF_8);
        Files.writeString(
                control.resolve("postinst"),
                "#!/bin/sh\n"
                        + "# The package's install is code every user runs: checked once here, as install.sh checks\n"
                        + "# its own, with the rule the launcher of an unchecked install applies on every run (root's,\n"
                        + "# nothing in it or above it writable by group or others). Its launcher checks nothing per run.\n"
                        + "set -e\n"
                        + trusted
                        + "if [ \"$1\" = configure ]; then\n"
                        + "  if ! sts_trusted_dir \"${DPKG_ROOT:-}/usr/lib/sts-session-token\" root; then\n"
                        + "    echo \"sts-session-token: refusing this install: $sts_why\" >&2\n"
                        + "    exit 1\n"
                        + "  fi\n"
                        + "fi\n"
                        + "exit 0\n");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                if (Files.isSymbolicLink(file)) {
                    continue;
                }
                boolean executable = Files.isDirectory(file) || Files.isExecutable(file);
                Files.setPosixFilePermissions(
                        file,
                        java.nio.file.attribute.PosixFilePermissions.fromString(
                                executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        control.resolve("postinst").toFile().setExecutable(true, false);
        Path deb = out.resolve("sts-session-token_" + debVersion + "_" + arch + ".deb");
        Files.deleteIfExists(deb);
        run(List.of("dpkg-deb", "--root-owner-group", "-Zxz", "--build", root.toString(), deb.toString()), null);
        log("wrote " + deb + " (" + Files.size(deb) / (1024 * 1024) + " MiB)");
    }

    static final String MAINTAINER = "sts-session-token maintainers <maintainers@users.noreply.github.com>";

    static final String COPYRIGHT = """
            Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
            Upstream-Name: sts-session-token

            Files: *
            Copyright: 2026 sts-session-token maintainers
            License: Apache-2.0

            Files: usr/lib/sts-session-token/runtime/*
            Copyright: Oracle and/or its affiliates, and the OpenJDK contributors
            License: GPL-2 with Classpath exception
             The package's Java runtime is a jlink of OpenJDK @RUNTIME@; its own legal notices,
             one directory per module, are in /usr/lib/sts-session-token/runtime/legal/.
             On Debian systems, the full text of the GNU General Public License version 2 is
             in /usr/share/common-licenses/GPL-2.

            License: Apache-2.0
             On Debian systems, the full text of the Apache License 2.0 is in
             /usr/share/common-licenses/Apache-2.0.
            """;

    static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    /** gzip -9n in place (FILE becomes FILE.gz): no name or time in the header, so builds are reproducible. */
    static void gzip(Path file) throws Exception {
        run(List.of("gzip", "-9nf", file.toString()), null);
    }

    /**
     * The runtime's native code without its symbol tables, as dh_strip leaves a package's (the
     * dynamic symbols the JVM links by stay): about 40% of libjvm.so. Skipped, said, without strip.
     */
    static void strip(Path runtime) throws Exception {
        if (which("strip") == null) {
            log(
                    "WARNING: strip is not on PATH: the package's runtime keeps its symbol tables (lintian: unstripped-binary-or-object)");
            return;
        }
        List<String> command = new ArrayList<>(
                List.of("strip", "--remove-section=.comment", "--remove-section=.note", "--strip-unneeded"));
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && isElf(file)) {
                    command.add(file.toString());
                }
            }
        }
        run(command, null);
    }

    static boolean isElf(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        }
    }

    static final String LINTIAN_OVERRIDES = """
            # The Java runtime is a jlink of a JDK build that bundles its own zlib (as OpenJDK builds may);
            # it is that runtime's, not a copy we maintain, and it is replaced with each release.
            sts-session-token: embedded-library zlib [usr/lib/sts-session-token/runtime/lib/libjli.so]
            sts-session-token: embedded-library zlib [usr/lib/sts-session-token/runtime/lib/libzip.so]
            # Not Java libraries for other packages: the application's class path and the runtime's own
            # jrt-fs.jar, whose paths the AOT cache records (it is used only with the class path it was made with).
            sts-session-token: jar-not-in-usr-share [usr/lib/sts-session-token/lib/*.jar]
            sts-session-token: jar-not-in-usr-share [usr/lib/sts-session-token/runtime/lib/jrt-fs.jar]
            """;

    static Path which(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Like run, but stdout alone: the CLI's stderr (none expected) must not land in a generated file. */
    static String runQuietly(List<String> command, Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("HOME", home.toString());
        builder.directory(home.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return output;
    }

    /**
     * -Drelease.jdk when given (it must be a JDK 25; {@code none} builds the system-Java archive on
     * purpose), else the build's own JDK, else the newest JDK 25 in /usr/lib/jvm.
     */
    static Jdk findJdk(String asked) throws IOException {
        if (asked.equals("none")) {
            return null;
        }
        if (!asked.isEmpty()) {
            Jdk jdk = jdkAt(Path.of(asked));
            if (jdk == null) {
                throw new IllegalStateException(
                        "-Drelease.jdk=" + asked + " is not a JDK " + JDK_FEATURE + "+ with jlink and jdeps");
            }
            return jdk;
        }
        Jdk own = jdkAt(Path.of(System.getProperty("java.home")));
        if (own != null) {
            return own;
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        Jdk best = null;
        for (Path home : list(jvms)) {
            Jdk jdk = Files.isSymbolicLink(home) ? null : jdkAt(home);
            if (jdk != null
                    && (best == null
                            || Runtime.Version.parse(jdk.runtimeVersion())
                                            .compareTo(Runtime.Version.parse(best.runtimeVersion()))
                                    > 0)) {
                best = jdk;
            }
        }
        return best;
    }

    /** The JDK at {@code home} when it is a JDK 25 (the version the launcher's flags were measured on) with jlink and jdeps. */
    static Jdk jdkAt(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)
                || !Files.isExecutable(home.resolve("bin/jlink"))
                || !Files.isExecutable(home.resolve("bin/jdeps"))) {
            return null;
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                String version = line.substring(line.indexOf('=') + 1).replace("\"", "");
                return Runtime.Version.parse(version).feature() == JDK_FEATURE ? new Jdk(home, version) : null;
            }
        }
        return null;
    }

    /** The modules the jars need, as jdeps finds them. */
    static List<String> modules(Jdk jdk, Path lib) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                jdk.home().resolve("bin/jdeps").toString(),
                "--multi-release",
                String.valueOf(JDK_FEATURE),
                "--ignore-missing-deps",
                "--print-module-deps",
                "--class-path",
                classPath(lib)));
        for (Path jar : jars(lib)) {
            command.add(jar.toString());
        }
        // The module list is the last line; jdeps warns before it (a named core jar also on the class
        // path reads as split packages to it).
        String output = run(command, null).strip();
        String printed = output.substring(output.lastIndexOf('\n') + 1).strip();
        List<String> modules = new ArrayList<>(List.of(printed.split(",")));
        if (!modules.contains("java.base") || printed.contains(" ")) {
            throw new IllegalStateException("jdeps printed no module list: " + printed);
        }
        return modules;
    }

    /**
     * A training run: the launcher's own JVM flags and class path (read from it, so they cannot
     * drift apart: the JVM uses an AOT cache only with the flags and class path it was made with),
     * {@code training} ({@code __train}: every path; {@code __train-get}: get's) on a throw-away
     * home; the recording flags follow it, for the JVM it starts.
     */
    static void train(Path top, Path aot, String training) throws Exception {
        String flags = null;
        for (String line : Files.readAllLines(top.resolve("bin/sts-session-token"), StandardCharsets.UTF_8)) {
            if (line.startsWith("flags=\"") && flags == null) {
                flags = line.substring(7, line.lastIndexOf('"'));
            }
        }
        if (flags == null) {
            throw new IllegalStateException("no flags=\"...\" line in the launcher");
        }
        // __train prepares in this JVM and records in one it starts with the options after it.
        List<String> command = new ArrayList<>();
        command.add(top.resolve("runtime/bin/java").toString());
        command.addAll(List.of(flags.split(" ")));
        command.addAll(List.of("-cp", classPath(top.resolve("lib")), MAIN, training));
        command.addAll(List.of(flags.split(" ")));
        command.addAll(List.of("-XX:AOTCacheOutput=" + aot, "-Xlog:aot=off", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        Path home = Files.createTempDirectory("sts-session-token-release-train");
        try {
            run(command, home);
        } finally {
            deleteTree(home);
        }
        if (!Files.isRegularFile(aot)) {
            throw new IllegalStateException("the training run made no AOT cache");
        }
    }

    /** The jars in the order of the launcher's glob ({@code lib/*.jar}). */
    static List<Path> jars(Path lib) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path file : list(lib)) {
            if (file.toString().endsWith(".jar")) {
                jars.add(file);
            }
        }
        return jars;
    }

    static String classPath(Path lib) throws IOException {
        List<String> paths = new ArrayList<>();
        for (Path jar : jars(lib)) {
            paths.add(jar.toString());
        }
        return String.join(":", paths);
    }

    static String arch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
    }

    /** Runs a command (with HOME and the XDG dirs under {@code home} when given); its stdout, or an exception with its output. */
    static String run(List<String> command, Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (home != null) {
            builder.environment().put("HOME", home.toString());
            builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
            builder.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
            builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            builder.directory(home.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted().toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static void log(String line) {
        System.out.println("[release] " + line);
    }
}
