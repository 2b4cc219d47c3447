package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.keystore.KeyRotation;
import dev.ststoken.sts.IamClient;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** keys against the emulator over HTTP, with the real secret-service, pass and file backends. */
class KeysCommandTest {
    static final KeyRotation.Pause NO_PAUSE = new KeyRotation.Pause() {
        @Override
        public void sleep(long millis) {}
    };

    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    TestUser demo;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        demo = sts.demo();
        env = KeyFixtures.baseEnv(home);
        Files.createDirectories(home.resolve(".aws"));
    }

    @AfterEach
    void tearDown() {
        KeyFixtures.stopGpgAgent(env);
    }

    void config(String... lines) throws Exception {
        Files.writeString(home.resolve(".aws/config"), String.join("\n", lines) + "\n");
    }

    KeyFixtures.Run keys(KeyFixtures.ScriptedTerminal terminal, String... args) {
        return KeyFixtures.run(
                env,
                home,
                context -> new KeysCommand(context, terminal, NO_PAUSE, new long[] {0, 0, 0}).run(List.of(args)));
    }

    KeyFixtures.Run cli(String... args) {
        return KeyFixtures.run(
                env,
                home,
                context -> new Cli(
                                context.in(),
                                context.out(),
                                context.err(),
                                context.env(),
                                context.clock(),
                                context.home())
                        .run(args));
    }

    KeyFixtures.ScriptedTerminal typing(AwsCredentials key) {
        return new KeyFixtures.ScriptedTerminal().answer(key.accessKeyId(), key.secretAccessKey());
    }

    /** A code of the demo device the emulator accepts now: its test clock moves to the next step, no wait. */
    String code() {
        return demo.mfa().nextCode();
    }

    /** keys add, then get twice (fresh, then from the sealed cache), then the whole home searched for both secrets. */
    void addThenGetLeavesNoSecretUnderHome(String store) throws Exception {
        KeyFixtures.Run add = keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", store);
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(Files.readString(home.resolve(".aws/config"))).contains("key_store = " + store);

        KeyFixtures.Run first = cli("get", "--profile", "dev", "-o", "credential-process");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String sessionSecret = (String) Json.parseObject(first.stdout()).get("SecretAccessKey");
        KeyFixtures.Run second = cli("get", "--profile", "dev", "-o", "credential-process");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(Json.parseObject(second.stdout()).get("SecretAccessKey"))
                .as("from the cache")
                .isEqualTo(sessionSecret);
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(1);

        KeyFixtures.Run list = cli("cache", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("dev").contains(demo.credentials().accessKeyId());

        assertThat(KeyFixtures.filesContaining(home, demo.credentials().secretAccessKey()))
                .as("the long-term secret")
                .isEmpty();
        assertThat(KeyFixtures.filesContaining(home, sessionSecret))
                .as("the session's secret")
                .isEmpty();
    }

    @Test
    void a_key_added_to_the_secret_service_works_for_get_and_no_file_under_home_holds_a_secret() throws Exception {
        try (KeyFixtures.SecretService service = new KeyFixtures.SecretService(home)) {
            env.put("DBUS_SESSION_BUS_ADDRESS", service.busAddress);
            config("[profile dev]", "endpoint_url = " + sts.endpoint(), "region = us-east-1");
            addThenGetLeavesNoSecretUnderHome("secret-service");
        }
    }

    @Test
    void a_key_added_to_pass_works_for_get_and_no_file_under_home_holds_a_secret() throws Exception {
        env = KeyFixtures.pass(home);
        config("[profile dev]", "endpoint_url = " + sts.endpoint(), "region = us-east-1");
        addThenGetLeavesNoSecretUnderHome("pass");
    }

    @Test
    void a_key_added_to_the_file_store_works_for_get_and_no_file_under_home_holds_a_secret() throws Exception {
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "region = us-east-1",
                "passphrase_process = printf 'correct horse'");
        addThenGetLeavesNoSecretUnderHome("file");
        Path file = home.resolve(".local/share/sts-session-token/keys.enc");
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keys_list_names_profile_store_and_key_id_and_keys_remove_undoes_add_and_import() throws Exception {
        String config = "[profile dev]\nendpoint_url = " + sts.endpoint() + "\npassphrase_process = printf pw\n";
        Files.writeString(home.resolve(".aws/config"), config);
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[dev]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        assertThat(keys(new KeyFixtures.ScriptedTerminal(), "import", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        assertThat(cli("get", "--profile", "dev", "-o", "credential-process").exitCode())
                .isZero();

        KeyFixtures.Run list = keys(new KeyFixtures.ScriptedTerminal(), "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout())
                .containsPattern("dev +file +" + demo.credentials().accessKeyId())
                .doesNotContain(demo.credentials().secretAccessKey());

        KeyFixtures.Run removed = keys(new KeyFixtures.ScriptedTerminal().answer("y"), "remove", "--profile", "dev");
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(removed.stdout())
                .contains("removed the key of profile dev from file")
                .contains("1 cached session");
        assertThat(Files.readString(home.resolve(".aws/config"))).isEqualTo(config);
        assertThat(keys(new KeyFixtures.ScriptedTerminal(), "list").stdout()).doesNotContain("dev ");
    }

    @Test
    void the_file_store_with_a_wrong_passphrase_is_a_clean_error() throws Exception {
        config("[profile dev]", "endpoint_url = " + sts.endpoint(), "passphrase_process = printf 'correct horse'");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "key_store = file",
                "passphrase_process = printf 'wrong horse'");
        KeyFixtures.Run get = cli("get", "--profile", "dev");
        assertThat(get.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(get.stderr())
                .contains("wrong passphrase for")
                .doesNotContain("Exception")
                .doesNotContain("javax");
    }

    @Test
    void keys_add_stores_nothing_when_sts_does_not_accept_the_key() throws Exception {
        config("[profile dev]", "endpoint_url = " + sts.endpoint(), "passphrase_process = printf pw");
        KeyFixtures.Run add = keys(
                typing(new AwsCredentials(demo.credentials().accessKeyId(), "not-the-secret")),
                "add",
                "--profile",
                "dev",
                "--key-store",
                "file");
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(home.resolve(".local/share/sts-session-token/keys.enc")).doesNotExist();
        assertThat(Files.readString(home.resolve(".aws/config"))).doesNotContain("key_store");
    }

    @Test
    void keys_import_removes_exactly_that_section_and_the_profile_keeps_working_through_credential_process()
            throws Exception {
        String before = "# my keys\r\n[other]\r\naws_access_key_id = AKIAOTHER\r\naws_secret_access_key = x\r\n\r\n"
                + "; dev comes next\r\n[dev]\r\naws_access_key_id = "
                + demo.credentials().accessKeyId() + "\r\n"
                + "aws_secret_access_key = " + demo.credentials().secretAccessKey()
                + "\r\n\r\n# about last\r\n[last]\r\n"
                + "region=eu-west-1\r\n";
        String section = "[dev]\r\naws_access_key_id = " + demo.credentials().accessKeyId() + "\r\n"
                + "aws_secret_access_key = " + demo.credentials().secretAccessKey() + "\r\n";
        Files.writeString(home.resolve(".aws/credentials"), before);
        config("[profile dev]", "endpoint_url = " + sts.endpoint());
        KeyFixtures.Run plaintext = cli("get", "--profile", "dev", "-o", "credential-process");
        assertThat(plaintext.exitCode()).as(plaintext.toString()).isZero();
        String plaintextSessionSecret =
                (String) Json.parseObject(plaintext.stdout()).get("SecretAccessKey");
        String configBefore =
                "[profile dev]\nendpoint_url = " + sts.endpoint() + "\n# keep me\n\n[profile x]\nregion = a\n";
        Files.writeString(home.resolve(".aws/config"), configBefore + "");
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "passphrase_process = printf pw",
                "# keep me",
                "",
                "[profile x]",
                "region = a");
        String config = Files.readString(home.resolve(".aws/config"));

        KeyFixtures.Run imported =
                keys(new KeyFixtures.ScriptedTerminal(), "import", "--profile", "dev", "--key-store", "file");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();

        assertThat(Files.readString(home.resolve(".aws/credentials"))).isEqualTo(before.replace(section, ""));
        String expectedConfig = config.replace(
                "passphrase_process = printf pw\n",
                "passphrase_process = printf pw\n"
                        + "key_store = file\ncredential_process = sts-session-token keys credential-process --profile dev\n");
        assertThat(Files.readString(home.resolve(".aws/config"))).isEqualTo(expectedConfig);

        KeyFixtures.Run process = keys(new KeyFixtures.ScriptedTerminal(), "credential-process", "--profile", "dev");
        assertThat(process.exitCode()).as(process.toString()).isZero();
        Map<String, Object> json = Json.parseObject(process.stdout());
        assertThat(json)
                .containsEntry("Version", 1L)
                .containsEntry("AccessKeyId", demo.credentials().accessKeyId())
                .containsEntry("SecretAccessKey", demo.credentials().secretAccessKey());
        KeyFixtures.Run get = cli("get", "--profile", "dev");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(imported.stdout()).contains("removed 1 plaintext cached session(s)");
        assertThat(KeyFixtures.filesContaining(home, demo.credentials().secretAccessKey()))
                .isEmpty();
        assertThat(KeyFixtures.filesContaining(home, plaintextSessionSecret))
                .as("the session cached before import")
                .isEmpty();
    }

    IamClient rootIam() {
        return new IamClient(
                new StsEndpoint(sts.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                Clock.systemUTC(),
                Transport.DEFAULT);
    }

    StsClient sts() {
        return new StsClient(new StsEndpoint(sts.endpoint(), "us-east-1"), TlsSettings.DEFAULT, Clock.systemUTC());
    }

    @Test
    void rotation_stores_a_new_working_key_and_deletes_the_old_one_using_an_mfa_session() throws Exception {
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "mfa_serial = " + demo.mfa().serial(),
                "passphrase_process = printf pw");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();

        String user = sts().getCallerIdentity(demo.credentials()).arn();
        KeyFixtures.Run rotated =
                keys(new KeyFixtures.ScriptedTerminal(), "rotate", "--profile", "dev", "--mfa-token", code());
        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();

        KeyFixtures.Run process = keys(new KeyFixtures.ScriptedTerminal(), "credential-process", "--profile", "dev");
        Map<String, Object> stored = Json.parseObject(process.stdout());
        String newKeyId = (String) stored.get("AccessKeyId");
        assertThat(newKeyId).isNotEqualTo(demo.credentials().accessKeyId());
        AwsCredentials newKey = new AwsCredentials(newKeyId, (String) stored.get("SecretAccessKey"));
        assertThat(sts().getCallerIdentity(newKey).arn()).isEqualTo(user);
        assertThat(rootIam().listAccessKeys(sts.rootCredentials(), "demo"))
                .extracting(IamClient.AccessKeyInfo::accessKeyId)
                .containsExactly(newKeyId);
        assertThat(rotated.stdout()).contains("now uses access key " + newKeyId);
    }

    @Test
    void a_rotation_interrupted_with_a_pending_key_is_finished_by_the_next_run_without_a_third_key() throws Exception {
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "mfa_serial = " + demo.mfa().serial(),
                "passphrase_process = printf pw");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        // What a run killed right after storing its new key leaves: the key in IAM and pending in the store.
        AwsCredentials pending = rootIam().createAccessKey(sts.rootCredentials(), "demo");
        dev.ststoken.keystore.KeyStore store =
                dev.ststoken.keystore.KeyStores.open("file", env, home, "printf pw", null);
        store.writeKey("dev", store.readKey("dev").withPending(pending));

        KeyFixtures.Run rotated =
                keys(new KeyFixtures.ScriptedTerminal(), "rotate", "--profile", "dev", "--mfa-token", code());

        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        assertThat(rotated.stderr()).contains("finishing an interrupted rotation");
        assertThat(rotated.stdout())
                .contains("now uses access key " + pending.accessKeyId())
                .contains("deleted " + demo.credentials().accessKeyId());
        assertThat(store.readKey("dev").current()).isEqualTo(pending);
        assertThat(store.readKey("dev").pending()).isNull();
        assertThat(rootIam().listAccessKeys(sts.rootCredentials(), "demo"))
                .extracting(IamClient.AccessKeyInfo::accessKeyId)
                .containsExactly(pending.accessKeyId());
        assertThat(sts.emulator().actionCount("CreateAccessKey"))
                .as("only the one made for the test")
                .isEqualTo(1);
    }

    @Test
    void a_pending_key_that_does_not_work_is_dropped_and_the_rotation_runs_normally() throws Exception {
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "mfa_serial = " + demo.mfa().serial(),
                "passphrase_process = printf pw");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        dev.ststoken.keystore.KeyStore store =
                dev.ststoken.keystore.KeyStores.open("file", env, home, "printf pw", null);
        store.writeKey(
                "dev", store.readKey("dev").withPending(new AwsCredentials("AKIAGONEGONEGONEGONE", "never-worked")));

        KeyFixtures.Run rotated =
                keys(new KeyFixtures.ScriptedTerminal(), "rotate", "--profile", "dev", "--mfa-token", code());

        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        dev.ststoken.keystore.StoredKey entry = store.readKey("dev");
        assertThat(entry.pending()).isNull();
        assertThat(entry.current().accessKeyId()).isNotIn(demo.credentials().accessKeyId(), "AKIAGONEGONEGONEGONE");
        assertThat(sts().getCallerIdentity(entry.current()).arn()).endsWith(":user/demo");
        assertThat(rootIam().listAccessKeys(sts.rootCredentials(), "demo"))
                .extracting(IamClient.AccessKeyInfo::accessKeyId)
                .containsExactly(entry.current().accessKeyId());
    }

    @Test
    void rotation_refuses_when_the_user_already_has_a_second_key_and_names_it() throws Exception {
        config(
                "[profile dev]",
                "endpoint_url = " + sts.endpoint(),
                "mfa_serial = " + demo.mfa().serial(),
                "passphrase_process = printf pw");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        AwsCredentials second = rootIam().createAccessKey(sts.rootCredentials(), "demo");

        KeyFixtures.Run rotated =
                keys(new KeyFixtures.ScriptedTerminal(), "rotate", "--profile", "dev", "--mfa-token", code());
        assertThat(rotated.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(rotated.stderr())
                .contains("second access key (" + second.accessKeyId() + ")")
                .contains("aws iam delete-access-key --access-key-id " + second.accessKeyId());
        assertThat(rootIam().listAccessKeys(sts.rootCredentials(), "demo")).hasSize(2);
    }

    /** The emulator enforces IAM policies: the demo user needs an identity policy allowing the role too. */
    void allowDemoToAssume(String role) {
        demo.withPolicy(
                "assume-" + role,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                        + "\"Resource\":\"arn:aws:iam::" + sts.accountId() + ":role/" + role + "\"}]}");
    }

    @Test
    void a_credential_process_returning_long_term_keys_is_a_source_for_get_and_for_a_role_profile() throws Exception {
        Path script = home.resolve("keys.sh");
        Files.writeString(
                script,
                "#!/bin/sh\nprintf '{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\"}' "
                        + demo.credentials().accessKeyId() + " "
                        + demo.credentials().secretAccessKey() + "\n");
        script.toFile().setExecutable(true);
        sts.role("admin").withTrustPolicy(String.format(RolesTest.TRUST_THE_DEMO_USER, sts.accountId()));
        allowDemoToAssume("admin");
        config(
                "[profile vault]",
                "endpoint_url = " + sts.endpoint(),
                "credential_process = " + script,
                "mfa_serial = " + demo.mfa().serial(),
                "",
                "[profile admin]",
                "role_arn = arn:aws:iam::" + sts.accountId() + ":role/admin",
                "source_profile = vault",
                "endpoint_url = " + sts.endpoint());

        KeyFixtures.Run get = cli("get", "--profile", "vault", "-v", "--mfa-token", code());
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stderr()).contains("credential_process of profile vault");
        KeyFixtures.Run assumed = cli("get", "--profile", "admin", "-o", "credential-process");
        assertThat(assumed.exitCode()).as(assumed.toString()).isZero();
        KeyFixtures.Run role = cli("whoami", "--profile", "admin");
        assertThat(role.exitCode()).as(role.toString()).isZero();
        assertThat(role.stdout()).contains(":assumed-role/admin/");
    }

    @Test
    void keys_list_shows_a_key_added_to_the_real_secret_service() throws Exception {
        try (KeyFixtures.SecretService service = new KeyFixtures.SecretService(home)) {
            env.put("DBUS_SESSION_BUS_ADDRESS", service.busAddress);
            config("[profile dev]", "endpoint_url = " + sts.endpoint(), "region = us-east-1");
            KeyFixtures.Run add =
                    keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "secret-service");
            assertThat(add.exitCode()).as(add.toString()).isZero();
            KeyFixtures.Run list = keys(new KeyFixtures.ScriptedTerminal(), "list");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.stdout())
                    .containsPattern(
                            "dev +secret-service +" + demo.credentials().accessKeyId());
        }
    }

    @Test
    void keys_remove_asks_on_the_terminal_and_keeps_the_key_unless_told_yes() throws Exception {
        config("[profile dev]", "endpoint_url = " + sts.endpoint(), "passphrase_process = printf pw");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        KeyFixtures.ScriptedTerminal terminal = new KeyFixtures.ScriptedTerminal().answer("");
        KeyFixtures.Run kept = keys(terminal, "remove", "--profile", "dev");
        assertThat(kept.exitCode()).as(kept.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(terminal.shown.toString())
                .contains("access key " + demo.credentials().accessKeyId() + " of profile dev stays active in IAM")
                .contains("file may hold the only copy of its secret");
        assertThat(kept.stderr()).contains("nothing was removed");
        assertThat(keys(new KeyFixtures.ScriptedTerminal(), "credential-process", "--profile", "dev")
                        .exitCode())
                .isZero();
    }

    @Test
    void keys_rotate_denied_without_mfa_serial_says_the_profile_lacks_mfa_serial() throws Exception {
        config("[profile dev]", "endpoint_url = " + sts.endpoint(), "passphrase_process = printf pw");
        assertThat(keys(typing(demo.credentials()), "add", "--profile", "dev", "--key-store", "file")
                        .exitCode())
                .isZero();
        KeyFixtures.Run rotated = keys(new KeyFixtures.ScriptedTerminal(), "rotate", "--profile", "dev");
        assertThat(rotated.exitCode()).as(rotated.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(rotated.stderr())
                .contains("AccessDenied")
                .contains("explicit deny")
                .contains("hint: profile dev has no mfa_serial");
    }
}
