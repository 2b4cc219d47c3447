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
            train(top, aot);
            log("AOT cache: " + top.relativize(aot) + " (" + Files.size(aot) / (1024 * 1024) + " MiB)");
            runtime = "bundled " + jdk.runtimeVersion() + " (runtime/), AOT cache " + top.relativize(aot);
        }
        // The launcher never writes into a directory holding this file: a release's install is read-only to it.
        Files.writeString(top.resolve("lib/RELEASE"), "version=" + version + "\nruntime=" + runtime + "\n");

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
     * The training run: the launcher's own JVM flags and class path (read from it, so they cannot
     * drift apart: the JVM uses an AOT cache only with the flags and class path it was made with),
     * {@code __train} on a throw-away home; the recording flags follow it, for the JVM it starts.
     */
    static void train(Path top, Path aot) throws Exception {
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
        command.addAll(List.of("-cp", classPath(top.resolve("lib")), MAIN, "__train"));
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
