package dev.ststoken.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The classes a fresh JVM loads to run {@code main} (a class of the tests' class path), from the
 * JVM's own class-loading log: what a step costs every run that takes it, whatever ran before it in
 * the test JVM. Each entry is a class name, with " spun" after classes made at run time (lambdas,
 * method handles' forms), which need the class-file API and cost the most.
 */
public final class LoadedClasses {
    /** Whole subsystems a short run should not pull in for a small job. */
    public static final List<String> HEAVY = List.of(
            "java.security.SecureRandom",
            "java.security.Provider",
            "java.util.EnumSet",
            "java.util.EnumMap",
            "java.math.BigDecimal",
            "java.util.regex.Pattern",
            "java.time.format.DateTimeFormatter",
            "java.time.format.DateTimeParseException",
            "java.util.stream.Stream",
            "java.lang.invoke.LambdaMetafactory",
            "java.lang.classfile.ClassFile");

    private LoadedClasses() {}

    public static List<String> of(Path scratch, Class<?> main, String... args) {
        return of(scratch, null, 0, main.getName(), args);
    }

    /**
     * As {@link #of(Path, Class, String...)}, with only {@code env} (null: this JVM's) as the
     * environment, for a run that ends with {@code exitCode}.
     */
    public static List<String> of(Path scratch, Map<String, String> env, int exitCode, String main, String... args) {
        Path log = scratch.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        Processes.Result r = Processes.run(command, env, scratch, null, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
        try {
            List<String> classes = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                // [0.012s][info][class,load] java.lang.Object source: shared objects file
                int start = line.indexOf("] ", line.indexOf("[class,load]")) + 2;
                int end = line.indexOf(" source: ", start);
                String name = line.substring(start, end < 0 ? line.length() : end);
                boolean spun = name.contains("$$Lambda") || name.contains("LambdaForm$") && name.contains("/0x");
                classes.add(spun ? name + " spun" : name);
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails naming each heavy or spun class in {@code classes}, the classes {@code what} loaded. */
    public static void assertLight(String what, List<String> classes) {
        assertThat(classes).as("heavy classes loaded by " + what).doesNotContainAnyElementsOf(HEAVY);
        assertThat(classes).as("classes spun at run time by " + what).noneMatch(c -> c.endsWith(" spun"));
    }
}
