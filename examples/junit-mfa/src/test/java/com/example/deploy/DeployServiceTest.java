package com.example.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ststoken.junit.RecordedRequest;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestRole;
import dev.ststoken.junit.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** Our service assumes the deploy role with MFA; without MFA, STS denies it. */
class DeployServiceTest {
    // A fresh emulator (its own account, users and roles) for each test, on a free loopback port.
    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    TestUser alice;
    TestRole deploy;

    @BeforeEach
    void accountWithAnMfaUserAndADeployRole() {
        alice = sts.user("alice").withAccessKey().withMfaDevice();
        deploy = sts.role("deploy").trustingWithMfa(alice);
    }

    /** The client our service builds in production, pointed at the emulator. */
    StsClient stsClientOf(TestUser user) {
        return StsClient.builder()
                .endpointOverride(sts.endpoint())
                .region(sts.region())
                .credentialsProvider(user.credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void with_mfa_our_service_gets_the_deploy_roles_credentials() {
        try (StsClient client = stsClientOf(alice)) {
            Credentials credentials = new DeployService(client, deploy.arn())
                    .deployCredentials("alice", alice.mfa().serial(), alice.mfa().nextCode());

            assertTrue(credentials.accessKeyId().startsWith("ASIA"));
        }
        RecordedRequest call = sts.takeRequest();
        assertEquals("AssumeRole", call.action());
        assertTrue(call.allowed());
        assertEquals("arn:aws:iam::" + sts.accountId() + ":user/alice", call.callerArn());
    }

    @Test
    void without_mfa_it_is_denied() {
        try (StsClient client = stsClientOf(alice)) {
            DeployService service = new DeployService(client, deploy.arn());

            StsException denied = assertThrows(StsException.class, () -> service.deployCredentials("alice", null, null));
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        }
        RecordedRequest call = sts.takeRequest();
        assertTrue(call.denied());
        assertEquals("AccessDenied", call.errorCode());
    }

    @Test
    void a_wrong_code_is_denied_too() {
        try (StsClient client = stsClientOf(alice)) {
            DeployService service = new DeployService(client, deploy.arn());
            String wrong = alice.mfa().nextCode().equals("000000") ? "111111" : "000000";

            StsException denied = assertThrows(
                    StsException.class, () -> service.deployCredentials("alice", alice.mfa().serial(), wrong));
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        }
    }
}
