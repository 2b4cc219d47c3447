package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Instance profiles, tags and UpdateRole as the AWS SDK for Java v2 calls them (its parser must accept
 * every answer): the role set-up EC2 tools make, and IAM's refusals around it.
 */
class InstanceProfilesAndTagsTest {
    static final String TRUST_EC2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path stateDir;

    Emulator emulator;
    IamClient iam;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir));
        iam = IamClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        emulator.rootCredentials().accessKeyId(),
                        emulator.rootCredentials().secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void stop() {
        iam.close();
        emulator.close();
    }

    String code(Runnable call) {
        return catchThrowableOfType(IamException.class, call::run)
                .awsErrorDetails()
                .errorCode();
    }

    static Map<String, String> map(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void an_instance_profile_holds_one_role_which_cannot_be_deleted_while_it_is_there() {
        String account = emulator.accountId();
        iam.createRole(r -> r.roleName("web").assumeRolePolicyDocument(TRUST_EC2));
        InstanceProfile created = iam.createInstanceProfile(r -> r.instanceProfileName("web")
                        .path("/app/")
                        .tags(Tag.builder().key("team").value("blue").build()))
                .instanceProfile();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + account + ":instance-profile/app/web");
        assertThat(created.instanceProfileId()).matches("AIPA[A-Z2-7]{17}");
        assertThat(created.roles()).isEmpty();
        assertThat(map(created.tags())).containsExactly(Map.entry("team", "blue"));
        assertThat(code(() -> iam.createInstanceProfile(r -> r.instanceProfileName("web"))))
                .isEqualTo("EntityAlreadyExists");

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web").roleName("web"));
        InstanceProfile got =
                iam.getInstanceProfile(r -> r.instanceProfileName("web")).instanceProfile();
        assertThat(got.roles()).extracting(role -> role.arn()).containsExactly("arn:aws:iam::" + account + ":role/web");
        iam.createRole(r -> r.roleName("other").assumeRolePolicyDocument(TRUST_EC2));
        assertThat(code(() -> iam.addRoleToInstanceProfile(
                        r -> r.instanceProfileName("web").roleName("other"))))
                .isEqualTo("LimitExceeded");
        assertThat(code(() -> iam.addRoleToInstanceProfile(
                        r -> r.instanceProfileName("nope").roleName("web"))))
                .isEqualTo("NoSuchEntity");
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("web")).instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName)
                .containsExactly("web");
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("other")).instanceProfiles())
                .isEmpty();

        assertThat(code(() -> iam.deleteRole(r -> r.roleName("web")))).isEqualTo("DeleteConflict");
        assertThat(code(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName("web"))))
                .isEqualTo("DeleteConflict");
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("web").roleName("web"));
        assertThat(code(() -> iam.removeRoleFromInstanceProfile(
                        r -> r.instanceProfileName("web").roleName("web"))))
                .isEqualTo("NoSuchEntity");
        iam.deleteInstanceProfile(r -> r.instanceProfileName("web"));
        iam.deleteRole(r -> r.roleName("web"));
        assertThat(code(() -> iam.getInstanceProfile(r -> r.instanceProfileName("web"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void instance_profiles_list_by_path_a_page_at_a_time() {
        for (String name : List.of("a", "b", "c")) {
            iam.createInstanceProfile(r -> r.instanceProfileName(name).path("/fleet/"));
        }
        iam.createInstanceProfile(r -> r.instanceProfileName("elsewhere"));
        var first = iam.listInstanceProfiles(r -> r.pathPrefix("/fleet/").maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName)
                .containsExactly("a", "b");
        var second = iam.listInstanceProfiles(
                r -> r.pathPrefix("/fleet/").maxItems(2).marker(first.marker()));
        assertThat(second.isTruncated()).isFalse();
        assertThat(second.instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName)
                .containsExactly("c");
        List<String> all = new ArrayList<>();
        iam.listInstanceProfilesPaginator(r -> r.maxItems(1))
                .instanceProfiles()
                .forEach(p -> all.add(p.instanceProfileName()));
        assertThat(all).containsExactly("a", "b", "c", "elsewhere");
    }

    @Test
    void role_tags_are_case_insensitive_keys_returned_by_get_role_and_listed_a_page_at_a_time() {
        iam.createRole(r -> r.roleName("app")
                .assumeRolePolicyDocument(TRUST_EC2)
                .tags(
                        Tag.builder().key("Env").value("test").build(),
                        Tag.builder().key("team").value("blue").build()));
        GetRoleResponse got = iam.getRole(r -> r.roleName("app"));
        assertThat(map(got.role().tags())).containsExactly(Map.entry("Env", "test"), Map.entry("team", "blue"));
        assertThat(got.role().roleLastUsed()).isNotNull();

        // IAM: user and role tag keys are case-insensitive, so env replaces Env.
        iam.tagRole(r ->
                r.roleName("app").tags(Tag.builder().key("env").value("prod").build()));
        assertThat(map(iam.listRoleTags(r -> r.roleName("app")).tags()))
                .containsExactly(Map.entry("team", "blue"), Map.entry("env", "prod"));
        var page = iam.listRoleTags(r -> r.roleName("app").maxItems(1));
        assertThat(page.isTruncated()).isTrue();
        assertThat(iam.listRoleTags(r -> r.roleName("app").maxItems(1).marker(page.marker()))
                        .tags())
                .extracting(Tag::key)
                .containsExactly("env");
        iam.untagRole(r -> r.roleName("app").tagKeys("TEAM"));
        assertThat(map(iam.listRoleTags(r -> r.roleName("app")).tags())).containsExactly(Map.entry("env", "prod"));

        assertThat(code(() -> iam.tagRole(r -> r.roleName("app")
                        .tags(
                                Tag.builder().key("a").value("1").build(),
                                Tag.builder().key("A").value("2").build()))))
                .isEqualTo("InvalidInput");
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertThat(code(() -> iam.tagRole(r -> r.roleName("app").tags(fifty)))).isEqualTo("LimitExceeded");
        assertThat(code(() -> iam.tagRole(r -> r.roleName("app")
                        .tags(Tag.builder().key("bad!key").value("v").build()))))
                .isEqualTo("ValidationError");
        assertThat(code(() -> iam.listRoleTags(r -> r.roleName("nobody")))).isEqualTo("NoSuchEntity");
    }

    @Test
    void user_policy_and_instance_profile_tags() {
        iam.createUser(r ->
                r.userName("alice").tags(Tag.builder().key("owner").value("ops").build()));
        assertThat(map(iam.getUser(r -> r.userName("alice")).user().tags())).containsExactly(Map.entry("owner", "ops"));
        iam.untagUser(r -> r.userName("alice").tagKeys("owner"));
        assertThat(iam.listUserTags(r -> r.userName("alice")).tags()).isEmpty();

        String arn = iam.createPolicy(r -> r.policyName("p")
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}")
                        .tags(Tag.builder().key("k").value("v").build()))
                .policy()
                .arn();
        iam.tagPolicy(
                r -> r.policyArn(arn).tags(Tag.builder().key("K").value("w").build()));
        // Policy tag keys are case-sensitive.
        assertThat(map(iam.getPolicy(r -> r.policyArn(arn)).policy().tags()))
                .containsExactly(Map.entry("k", "v"), Map.entry("K", "w"));
        assertThat(iam.listPolicyTags(r -> r.policyArn(arn)).tags()).hasSize(2);

        iam.createInstanceProfile(r -> r.instanceProfileName("ip"));
        iam.tagInstanceProfile(r -> r.instanceProfileName("ip")
                .tags(Tag.builder().key("x").value("y").build()));
        assertThat(map(iam.listInstanceProfileTags(r -> r.instanceProfileName("ip"))
                        .tags()))
                .containsExactly(Map.entry("x", "y"));
    }

    @Test
    void update_role_changes_description_and_session_duration_and_keeps_the_rest() {
        iam.createRole(
                r -> r.roleName("app").assumeRolePolicyDocument(TRUST_EC2).description("first"));
        iam.updateRole(r -> r.roleName("app").maxSessionDuration(7200));
        assertThat(iam.getRole(r -> r.roleName("app")).role().maxSessionDuration())
                .isEqualTo(7200);
        assertThat(iam.getRole(r -> r.roleName("app")).role().description()).isEqualTo("first");
        assertThat(iam.updateRoleDescription(r -> r.roleName("app").description("second"))
                        .role()
                        .description())
                .isEqualTo("second");
        assertThat(iam.getRole(r -> r.roleName("app")).role().maxSessionDuration())
                .isEqualTo(7200);
        assertThat(code(() -> iam.updateRole(r -> r.roleName("app").maxSessionDuration(60))))
                .isEqualTo("ValidationError");
        assertThat(code(() -> iam.updateRole(r -> r.roleName("nobody").description("x"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void a_user_has_no_ssh_keys_service_credentials_or_signing_certificates_here() {
        iam.createUser(r -> r.userName("alice"));
        assertThat(iam.listSSHPublicKeys(r -> r.userName("alice")).sshPublicKeys())
                .isEmpty();
        assertThat(iam.listServiceSpecificCredentials(r -> r.userName("alice")).serviceSpecificCredentials())
                .isEmpty();
        assertThat(iam.listSigningCertificates(r -> r.userName("alice")).certificates())
                .isEmpty();
        assertThat(code(() -> iam.listSSHPublicKeys(r -> r.userName("nobody")))).isEqualTo("NoSuchEntity");
    }
}
