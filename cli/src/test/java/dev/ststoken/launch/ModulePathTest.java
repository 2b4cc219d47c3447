package dev.ststoken.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.ModulePathProgram;
import dev.ststoken.testing.Processes;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line tool run as a module ({@code java --module-path ... -m dev.ststoken.cli/...}), the
 * whole {@code get --local} flow included (the embedded emulator, settings, cache, STS client): its
 * descriptor requires what it loads, core and the emulator export what it reaches, and its resources
 * are read from its own module. The distribution runs it from the class path; this is the check that
 * the module boundary holds.
 */
class ModulePathTest {
    @TempDir
    Path home;

    @Test
    void the_cli_runs_get_local_as_a_module() {
        String modulePath = ModulePathProgram.projectModules().stream()
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Map<String, String> env = Map.of(
                "HOME", home.toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                List.of(java, "--module-path", modulePath, "-m", "dev.ststoken.cli/dev.ststoken.launch.Main");

        Processes.Result version = Processes.run(concat(command, "--version"), env, home, null, Duration.ofMinutes(1));
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).startsWith("sts-session-token ");

        Processes.Result get = Processes.run(concat(command, "get", "--local"), env, home, null, Duration.ofMinutes(2));
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).contains("\"access_key\"").contains("ASIA");
        assertThat(get.stderr()).startsWith("sts-session-token: using the local emulator at http://127.0.0.1:");
    }

    private static List<String> concat(List<String> command, String... args) {
        return java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(args))
                .collect(Collectors.toList());
    }
}
