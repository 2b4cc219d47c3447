package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up is a feature: the cache-hit path and --help load no HTTP, XML or crypto classes and no
 * lambda or string-concatenation bootstrap. Checked from the JVM's own class-loading log.
 */
class HotPathIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));
    static final List<String> HEAVY = List.of(
            "java.net.HttpURLConnection",
            "sun.net.www.protocol.http.",
            "javax.net.ssl.",
            "dev.ststoken.internal.Xml",
            "javax.crypto.",
            "dev.ststoken.sigv4.SigV4",
            "dev.ststoken.sigv4.CanonicalRequest",
            "java.time.format.DateTimeFormatter",
            "dev.ststoken.emulator.Emulator source",
            "java.util.regex.Pattern$");

    @TempDir
    Path home;

    List<String> loadedClasses(String... args) throws Exception {
        Path log = home.resolve("classes.log");
        Files.deleteIfExists(log);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                DIST.resolve("lib") + "/*",
                "dev.ststoken.launch.Main"));
        command.addAll(List.of(args));
        Map<String, String> env = DistEnv.of(home);
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        Processes.Result r = Processes.run(command, env, home, null, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return Files.readAllLines(log);
    }

    static void assertLight(List<String> lines) {
        for (String heavy : HEAVY) {
            assertThat(lines).as("loads " + heavy).noneMatch(line -> line.contains(" " + heavy));
        }
        // Classes spun at run time (lambdas, indy string concatenation) cost milliseconds each.
        assertThat(lines)
                .as("spun classes")
                .noneMatch(line -> line.contains("__JVM_LookupDefineClass__") || line.contains("$$Lambda"));
    }

    @Test
    void help_loads_no_heavy_classes() throws Exception {
        assertLight(loadedClasses("--help"));
    }

    @Test
    void a_cache_hit_loads_no_heavy_classes() throws Exception {
        loadedClasses("get", "--local"); // the miss: emulator, HTTP, SigV4 and all
        List<String> hit = loadedClasses("get", "--local", "--output", "credential-process");
        assertLight(hit);
        assertThat(hit.size()).as("classes loaded by a cache hit").isLessThan(700);
    }
}
