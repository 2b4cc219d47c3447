package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.testing.LoadedClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache hit is most runs, in whatever format the caller reads: none may pull in a subsystem or spin
 * a class. {@code -o ini} loaded ConfigFileEditor, whose permission set came from
 * PosixFilePermissions.fromString: an EnumSet, whose enum constants are found by reflection, which
 * spins method handles with the class-file API (165 classes more than the other formats).
 */
class HitLoadTest {
    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

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
    void a_cache_hit_against_an_endpoint_with_a_ca_bundle_reads_it_without_nio_channels() throws Exception {
        CliRun cli = new CliRun(home);
        TestUser demo = sts.demo();
        cli.env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
        cli.env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
        cli.env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        // Checked and digested into the cache key on every run, hit or not (this machine's
        // environment sets AWS_CA_BUNDLE, as many do); the endpoint is plain HTTP, so it is never used.
        Path bundle = Files.writeString(
                scratch.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        cli.env.put("AWS_CA_BUNDLE", bundle.toString());
        String serial = demo.mfa().serial();
        CliRun.Result miss = cli.run(
                "get", "--mfa-serial-number", serial, "--mfa-token", demo.mfa().nextCode());
        assertThat(miss.exitCode()).as(miss.toString()).isZero();
        List<String> classes =
                LoadedClasses.of(scratch, cli.env, 0, "dev.ststoken.launch.Main", "get", "--mfa-serial-number", serial);
        assertThat(classes).contains("dev.ststoken.cache.CachedSession").doesNotContain("dev.ststoken.sts.QueryClient");
        // Files.readAllBytes opened a FileChannel: about 40 classes no other part of a hit needs.
        assertThat(classes).doesNotContain("java.nio.channels.FileChannel");
        LoadedClasses.assertLight("a hit with AWS_CA_BUNDLE", classes);
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
