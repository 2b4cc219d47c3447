package dev.ststoken.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;

/**
 * A small application module compiled against our modules and run on the module path, as an
 * application that uses them is. Tests run on the class path, where every package is open to every
 * class; this shows what they cannot: that a module's descriptor exports and requires what its users
 * and its own code need at run time (a package not exported fails to compile, a JDK module not
 * required fails when its class loads).
 */
public final class ModulePathProgram {
    private ModulePathProgram() {}

    /**
     * The project's module jars or class directories on this JVM's class path (the modules a test
     * depends on, its own main classes among them), never test classes or test jars.
     */
    public static List<Path> projectModules() {
        List<Path> modules = new ArrayList<>();
        for (Path entry : classPath()) {
            String name = entry.getFileName().toString();
            boolean classes = Files.isDirectory(entry) && name.equals("classes");
            boolean jar =
                    name.startsWith("sts-session-token-") && name.endsWith(".jar") && !name.endsWith("-tests.jar");
            if ((classes || jar) && isModule(entry)) {
                modules.add(entry);
            }
        }
        return modules;
    }

    /** The class path's jars whose path contains one of {@code fragments} (third-party modules a program needs). */
    public static List<Path> jars(String... fragments) {
        List<Path> jars = new ArrayList<>();
        for (Path entry : classPath()) {
            String path = entry.toString().replace(File.separatorChar, '/');
            for (String fragment : fragments) {
                if (path.endsWith(".jar") && path.contains(fragment)) {
                    jars.add(entry);
                    break;
                }
            }
        }
        return jars;
    }

    /**
     * Compiles module {@code app} ({@code moduleInfo} and the class {@code app.Main} with {@code
     * mainSource}) against {@code modulePath} and runs it with {@code java --module-path ... -m
     * app/app.Main}.
     */
    public static Processes.Result run(
            Path dir, String moduleInfo, String mainSource, List<Path> modulePath, Map<String, String> env) {
        try {
            Path src = Files.createDirectories(dir.resolve("src/app"));
            Files.writeString(dir.resolve("src/module-info.java"), moduleInfo, StandardCharsets.UTF_8);
            Files.writeString(src.resolve("Main.java"), mainSource, StandardCharsets.UTF_8);
            Path out = dir.resolve("out");
            String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            int compiled = ToolProvider.getSystemJavaCompiler()
                    .run(
                            null,
                            null,
                            null,
                            "-d",
                            out.toString(),
                            "--module-path",
                            path,
                            "-Xlint:all",
                            dir.resolve("src/module-info.java").toString(),
                            src.resolve("Main.java").toString());
            assertThat(compiled)
                    .as("the program compiles against the modules' exports")
                    .isZero();
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return Processes.run(
                    List.of(java, "--module-path", out + File.pathSeparator + path, "-m", "app/app.Main"),
                    env,
                    dir,
                    null,
                    Duration.ofMinutes(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> classPath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry));
            }
        }
        return entries;
    }

    private static boolean isModule(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve("module-info.class"));
        }
        try (var jar = new java.util.jar.JarFile(entry.toFile())) {
            return jar.getEntry("module-info.class") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
