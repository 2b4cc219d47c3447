package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandTest {
    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    CliRun cli;
    TestUser demo;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        demo = sts.demo();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[alice]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(home.resolve(".aws/config"), "[profile alice]\nendpoint_url = " + sts.endpoint() + "\n");
    }

    Path cacheDir() {
        return home.resolve("cache/sts-session-token");
    }

    long files(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(cacheDir())) {
            return files.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void list_shows_the_profile_and_the_endpoint_of_each_session_and_no_secret() {
        assertThat(cli.run("get", "--profile", "alice").exitCode()).isZero();
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        CliRun.Result r = cli.run("cache", "list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout())
                .contains("PROFILE")
                .contains("ENDPOINT")
                .containsPattern("alice +"
                        + java.util.regex.Pattern.quote(
                                sts.endpoint().getHost() + ":" + sts.endpoint().getPort() + " "))
                .containsPattern("emulator-demo +local emulator")
                .doesNotContain(demo.credentials().secretAccessKey());
    }

    @Test
    void a_session_of_the_default_profiles_keys_is_labelled_default_as_the_sdk_labels_it() throws Exception {
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[default]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(home.resolve(".aws/config"), "[default]\nendpoint_url = " + sts.endpoint() + "\n");
        CliRun.Result get = cli.run("get");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(cli.run("cache", "list").stdout()).containsPattern("\ndefault +127\\.0\\.0\\.1:");
        assertThat(cli.run("cache", "clear", "--profile", "default").stdout())
                .startsWith("removed 1 cached session(s) of profile default");
    }

    @Test
    void the_endpoint_column_shows_the_host_never_a_ca_bundle_path_a_role_chain_or_an_external_id_digest() {
        assertThat(CacheCommand.endpoint("https://sts.eu-west-1.amazonaws.com tls=verify"))
                .isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(CacheCommand.endpoint("http://127.0.0.1:4567 tls=ca:/home/me/corp-ca.pem#0a1b"))
                .isEqualTo("127.0.0.1:4567");
        assertThat(CacheCommand.endpoint("https://sts.amazonaws.com tls=off role=arn:aws:iam::1:role/a|s|x00ff|-"))
                .isEqualTo("sts.amazonaws.com (no TLS check)");
        assertThat(CacheCommand.endpoint(LocalEmulator.PLACEHOLDER + " tls=verify"))
                .isEqualTo("local emulator");
        assertThat(CacheCommand.endpoint("not a uri")).isEqualTo("?");
    }

    @Test
    void clear_with_a_profile_removes_only_that_profiles_sessions_and_clear_removes_lock_files_too() throws Exception {
        assertThat(cli.run("get", "--profile", "alice").exitCode()).isZero();
        assertThat(cli.run("get", "--local").exitCode()).isZero();
        assertThat(files(".json")).isEqualTo(2);
        assertThat(files(".lock")).isEqualTo(2);
        CliRun.Result one = cli.run("cache", "clear", "--profile", "alice");
        assertThat(one.stdout()).startsWith("removed 1 cached session(s) of profile alice");
        assertThat(cli.run("cache", "list").stdout()).doesNotContain("alice").contains("emulator-demo");
        assertThat(files(".lock")).isEqualTo(1);
        assertThat(cli.run("cache", "clear").stdout()).startsWith("removed 1 cached session(s)");
        assertThat(files(".json")).isZero();
        assertThat(files(".lock")).isZero();
    }

    @Test
    void a_cache_another_user_could_change_is_refused_with_exit_2_by_list_clear_and_whoami() throws Exception {
        assertThat(cli.run("get", "--profile", "alice").exitCode()).isZero();
        Files.setPosixFilePermissions(cacheDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String[] args : new String[][] {{"cache", "list"}, {"cache", "clear"}, {"whoami", "--profile", "alice"}}) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.stderr()).contains("untrusted directory " + cacheDir());
        }
        assertThat(files(".json")).as("nothing removed").isEqualTo(1);
    }
}
