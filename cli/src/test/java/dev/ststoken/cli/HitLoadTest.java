package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.LoadedClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache hit is most runs, in whatever format the caller reads: none may pull in a subsystem or spin
 * a class. {@code -o ini} loaded ConfigFileEditor, whose permission set came from
 * PosixFilePermissions.fromString: an EnumSet, whose enum constants are found by reflection, which
 * spins method handles with the class-file API (165 classes more than the other formats).
 */
class HitLoadTest {
    @TempDir
    Path home;

    @TempDir
    Path scratch;

    @Test
    void a_cache_hit_in_every_output_format_loads_no_heavy_or_spun_classes() {
        CliRun cli = new CliRun(home);
        assertThat(cli.run("get", "--local").exitCode()).isZero(); // the miss, in this JVM
        for (OutputFormat format : OutputFormat.values()) {
            List<String> classes = LoadedClasses.of(
                    scratch, cli.env, 0, "dev.ststoken.launch.Main", "get", "--local", "--output", format.flag);
            assertThat(classes).as(format.flag).contains("dev.ststoken.cli.CredentialsFormatter");
            assertThat(classes).as(format.flag).doesNotContain("dev.ststoken.emulator.Emulator");
            LoadedClasses.assertLight("get -o " + format.flag, classes);
        }
    }

    @Test
    void an_ansible_argument_that_is_no_number_is_refused_without_bigdecimal() throws Exception {
        Path args = Files.writeString(scratch.resolve("args.json"), "{\"duration_seconds\": \"soon\"}");
        List<String> classes =
                LoadedClasses.of(scratch, null, 1, "dev.ststoken.launch.Main", "ansible", args.toString());
        assertThat(classes).contains("dev.ststoken.ansible.AnsibleTypes");
        assertThat(classes).doesNotContain("java.math.BigDecimal");
    }
}
