package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.User;

/** The request log, and the fixtures for groups, inline and managed policies that its entries explain. */
class RequestLogTest {
    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    static final String LIST_USERS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}]}";
    static final String LIST_ROLES = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}]}";

    @Test
    void a_denial_says_who_asked_for_what_and_why_and_the_fixtures_calls_are_not_logged() {
        TestUser bob = sts.user("bob").withAccessKey();

        try (IamClient iam = sts.iamClient(bob.credentialsProvider())) {
            assertThatThrownBy(iam::listUsers).isInstanceOf(IamException.class);
        }

        assertThat(sts.requestCount())
                .as("CreateUser and CreateAccessKey were the fixture's")
                .isEqualTo(1);
        RecordedRequest denied = sts.takeRequest();
        assertThat(denied.action()).isEqualTo("ListUsers");
        assertThat(denied.callerArn()).isEqualTo("arn:aws:iam::" + sts.accountId() + ":user/bob");
        assertThat(denied.accessKeyId()).isEqualTo(bob.credentials().accessKeyId());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("AccessDenied");
        assertThat(denied.errorMessage())
                .contains("user/bob is not authorized to perform: iam:ListUsers")
                .contains("no identity-based policy allows");
        assertThat(denied.toString()).startsWith("ListUsers by arn:aws:iam::").contains("denied, 403 AccessDenied");
    }

    @Test
    void a_group_policy_and_a_managed_policy_allow_what_they_say() {
        TestUser bob = sts.user("bob").withAccessKey();
        sts.group("admins").withPolicy(LIST_USERS).withMember(bob);
        bob.withManagedPolicy(sts.managedPolicy("list-roles", LIST_ROLES));
        sts.role("deploy");

        try (IamClient iam = sts.iamClient(bob.credentialsProvider())) {
            assertThat(iam.listUsers().users()).extracting(User::userName).contains("bob");
            assertThat(iam.listRoles().roles()).hasSize(1);
            assertThatThrownBy(iam::listGroups).isInstanceOf(IamException.class);
        }

        assertThat(sts.requests())
                .extracting(RecordedRequest::action, RecordedRequest::allowed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ListUsers", true),
                        org.assertj.core.groups.Tuple.tuple("ListRoles", true),
                        org.assertj.core.groups.Tuple.tuple("ListGroups", false));
    }

    @Test
    void a_role_policy_decides_what_its_sessions_may_do() {
        TestUser alice = sts.user("alice").withAccessKey();
        TestRole reader = sts.role("reader").trusting(alice).withPolicy(LIST_USERS);

        try (var client = sts.stsClient(alice.credentialsProvider())) {
            var session = client.assumeRole(r -> r.roleArn(reader.arn()).roleSessionName("audit"))
                    .credentials();
            var provider = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                            session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
            try (IamClient iam = sts.iamClient(provider)) {
                iam.listUsers();
                assertThatThrownBy(iam::listRoles).isInstanceOf(IamException.class);
            }
        }
        assertThat(sts.requests()).hasSize(3);
        RecordedRequest roleCall = sts.requests().get(1);
        assertThat(roleCall.callerArn()).isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/reader/audit");
        assertThat(sts.requests().get(2).errorMessage()).contains("assumed-role/reader/audit");
    }

    @Test
    void the_demo_user_has_its_key_and_device() {
        TestUser demo = sts.demo();

        try (var client = sts.stsClient(demo.mfaSessionCredentialsProvider())) {
            assertThat(client.getCallerIdentity().arn()).isEqualTo(demo.arn());
        }
        assertThat(demo.mfa().serial()).isEqualTo(sts.emulator().demoIdentity().mfaSerial());
    }
}
