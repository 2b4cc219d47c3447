package dev.ststoken.emulator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code state.json}: what is written reads back the same, and older files still read. */
class AccountCodecTest {
    final Instant now = Instant.parse("2026-11-23T10:00:05Z");
    final Ids ids = new Ids(new SecureRandom());

    @Test
    void an_account_with_every_kind_of_entity_reads_back_equal() throws Exception {
        Account account = AccountBootstrap.newAccount(ids, now)
                .withRevision(7)
                .withUser(new User("alice", "AIDAALICE", "/team/", now, 3, now.plusSeconds(5)))
                .withKey(new AccessKey("AKIAALICE", "secret", "alice", false, now))
                .withDevice(MfaDevice.created("arn:aws:iam::1:mfa/alice", "SEED", now, "AIDAALICE"))
                .withRole(Role.builder()
                        .name("deployer")
                        .roleId("AROADEPLOYER")
                        .path("/")
                        .maxSessionDuration(7200)
                        .assumeRolePolicyDocument("{}")
                        .description("d\u00e9ploie")
                        .created(now)
                        .build());

        Account read = AccountCodec.read(AccountCodec.write(account));

        assertThat(read.revision()).isEqualTo(7);
        assertThat(read.accountId()).isEqualTo(account.accountId());
        assertThat(read.tokenKey()).isEqualTo(account.tokenKey());
        assertThat(read.users()).isEqualTo(account.users());
        assertThat(read.accessKeys()).isEqualTo(account.accessKeys());
        assertThat(read.mfaDevices()).isEqualTo(account.mfaDevices());
        assertThat(read.roles()).isEqualTo(account.roles());
        assertThat(read.users().keySet()).containsExactly("demo", "alice");
    }

    @Test
    void a_file_from_before_creators_and_mfa_counts_reads_with_none() throws Exception {
        String older = "{\"format\":1,\"revision\":3,\"accountId\":\"123456789012\",\"tokenKey\":\"AAAA\","
                + "\"created\":\"2026-11-23T10:00:05Z\",\"users\":[{\"name\":\"demo\",\"userId\":\"AIDAX\",\"path\":\"/\","
                + "\"created\":\"2026-11-23T10:00:05Z\"}],\"accessKeys\":[],\"mfaDevices\":[{\"serial\":\"arn:aws:iam::"
                + "123456789012:mfa/demo\",\"seed\":\"S\",\"user\":\"demo\",\"enabled\":true,\"created\":"
                + "\"2026-11-23T10:00:05Z\",\"enabledAt\":null,\"lastUsedStep\":12}],\"roles\":[]}";
        Account read = AccountCodec.read(older);
        assertThat(read.users().get("demo").mfaFailures()).isZero();
        assertThat(read.mfaDevices().values())
                .singleElement()
                .satisfies(device -> assertThat(device.creatorId()).isNull())
                .satisfies(device -> assertThat(device.lastUsedStep()).isEqualTo(12));
    }

    @Test
    void a_damaged_file_is_reported_without_its_content() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThatThrownBy(() -> AccountCodec.read("{\"format\":1,\"revision\":\"" + secret + "\"}"))
                .isInstanceOf(AccountCodec.CorruptStateException.class)
                .hasMessageContaining("users")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> AccountCodec.read("{\"format\":2}")).hasMessageContaining("unknown format");
    }

    @Test
    void the_account_and_its_maps_cannot_be_changed_in_place() {
        Account account = AccountBootstrap.newAccount(ids, now);
        assertThatThrownBy(() -> account.users().remove("demo")).isInstanceOf(UnsupportedOperationException.class);
        Account without = account.withoutUser("demo");
        assertThat(account.users()).containsKey("demo");
        assertThat(without.users()).doesNotContainKey("demo");
    }

    @Test
    void to_string_names_no_secret() {
        Account account = AccountBootstrap.newAccount(ids, now);
        assertThat(account.toString()).doesNotContain(account.rootKey().secret());
        assertThat(account.rootKey().toString())
                .doesNotContain(account.rootKey().secret());
        assertThat(account.deviceOf("demo").toString())
                .doesNotContain(account.deviceOf("demo").seed());
    }

    @Test
    void groups_policies_and_permissions_read_back_equal() throws Exception {
        Permissions permissions = Permissions.NONE
                .withInline("p", "{\"Version\":\"2012-10-17\"}")
                .withAttached("arn:aws:iam::1:policy/ops");
        Account account = AccountBootstrap.newAccount(ids, now)
                .withUser(new User("alice", "AIDAALICE", "/", now, 0, null, List.of("ops"), permissions, null))
                .withRole(Role.builder()
                        .name("r")
                        .roleId("AROAR")
                        .path("/")
                        .maxSessionDuration(3600)
                        .assumeRolePolicyDocument("{}")
                        .created(now)
                        .permissions(permissions)
                        .build())
                .withGroup(new Group("ops", "AGPAOPS", "/team/", now, permissions))
                .withPolicy(new ManagedPolicy(
                        "ops",
                        "ANPAOPS",
                        "/",
                        "d",
                        now,
                        now,
                        "v2",
                        List.of(new PolicyVersion("v1", "{}", now), new PolicyVersion("v2", "{ }", now)),
                        3));

        Account read = AccountCodec.read(AccountCodec.write(account));

        assertThat(read.users()).isEqualTo(account.users());
        assertThat(read.roles()).isEqualTo(account.roles());
        assertThat(read.groups()).isEqualTo(account.groups());
        assertThat(read.policies()).isEqualTo(account.policies());
        assertThat(read.enforceIam()).isTrue();
    }

    @Test
    void a_new_account_enforces_iam_and_gives_the_demo_user_the_self_management_policy() {
        Account account = AccountBootstrap.newAccount(ids, now);
        assertThat(account.enforceIam()).isTrue();
        String arn = "arn:aws:iam::" + account.accountId() + ":policy/SelfManageCredentialsWithMFA";
        assertThat(account.users().get("demo").permissions().attached()).containsExactly(arn);
        assertThat(account.policies().get(arn).defaultVersion().document())
                .isEqualTo(ExamplePolicies.SELF_MANAGE_WITH_MFA);
        assertThat(account.users().get("demo").userId()).matches("AIDA[A-Z2-7]{17}");
    }

    @Test
    void a_file_from_before_policies_reads_as_an_account_that_does_not_enforce_them() throws Exception {
        String older = "{\"format\":1,\"revision\":3,\"accountId\":\"123456789012\",\"tokenKey\":\"AAAA\","
                + "\"created\":\"2026-11-23T10:00:05Z\",\"users\":[],\"accessKeys\":[],\"mfaDevices\":[],\"roles\":[]}";
        Account read = AccountCodec.read(older);
        assertThat(read.enforceIam()).isFalse();
        assertThat(read.groups()).isEmpty();
        assertThat(read.policies()).isEmpty();
    }

    @Test
    void tags_and_instance_profiles_read_back_equal_and_older_files_have_none() throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "blue");
        tags.put("env", "t\u00e9st");
        Account account = AccountBootstrap.newAccount(ids, now)
                .withUser(new User("alice", "AIDAALICE", "/", now, 0, null).withTags(tags))
                .withRole(Role.builder()
                        .name("web")
                        .roleId("AROAWEB")
                        .path("/")
                        .maxSessionDuration(3600)
                        .assumeRolePolicyDocument("{}")
                        .created(now)
                        .build()
                        .withTags(tags))
                .withPolicy(new ManagedPolicy(
                                "ops",
                                "ANPAOPS",
                                "/",
                                null,
                                now,
                                now,
                                "v1",
                                List.of(new PolicyVersion("v1", "{}", now)),
                                2)
                        .withTags(tags))
                .withInstanceProfile(new InstanceProfile("web", "AIPAWEB", "/app/", now, List.of("web"), tags));

        Account read = AccountCodec.read(AccountCodec.write(account));

        assertThat(read.users()).isEqualTo(account.users());
        assertThat(read.roles().get("web").tags())
                .containsExactly(Map.entry("team", "blue"), Map.entry("env", "t\u00e9st"));
        assertThat(read.policies()).isEqualTo(account.policies());
        assertThat(read.instanceProfiles()).isEqualTo(account.instanceProfiles());
        assertThat(AccountCodec.read(AccountCodec.write(AccountBootstrap.newAccount(ids, now)))
                        .instanceProfiles())
                .isEmpty();
        assertThat(AccountCodec.write(AccountBootstrap.newAccount(ids, now)))
                .doesNotContain("instanceProfiles", "tags");
    }
}
