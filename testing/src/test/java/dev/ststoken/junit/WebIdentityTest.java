package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * What a CI pipeline's test checks: a role trusting an OIDC issuer's tokens for one repository, with
 * the AWS SDK for Java v2's own web identity provider (a token file, as GitHub Actions and EKS give
 * one), and STS's refusals of a token from another issuer, an expired one and one for another subject.
 */
class WebIdentityTest {
    private static final String MAIN = "repo:acme/app:ref:refs/heads/main";

    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    @TempDir
    Path dir;

    private StsClient anonymous() {
        return sts.stsClient(AnonymousCredentialsProvider.create());
    }

    @Test
    void the_sdk_web_identity_provider_gets_the_role_session_with_a_token_file() throws Exception {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        Path tokenFile = Files.writeString(dir.resolve("token"), ci.token(MAIN).sign());

        try (StsClient client = anonymous();
                StsWebIdentityTokenFileCredentialsProvider provider =
                        StsWebIdentityTokenFileCredentialsProvider.builder()
                                .stsClient(client)
                                .roleArn(deploy.arn())
                                .roleSessionName("pipeline-42")
                                .webIdentityTokenFile(tokenFile)
                                .build();
                StsClient asRole = sts.stsClient(provider)) {
            AwsCredentials credentials = provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).startsWith("ASIA");
            assertThat(asRole.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/pipeline-42");
        }
        RecordedRequest assumed = sts.takeRequest();
        assertThat(assumed.action()).isEqualTo("AssumeRoleWithWebIdentity");
        assertThat(assumed.allowed()).isTrue();
    }

    @Test
    void the_sdk_default_web_identity_provider_reads_its_system_properties() throws Exception {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        Path tokenFile = Files.writeString(dir.resolve("token"), ci.token(MAIN).sign());
        Map<String, String> properties = Map.of(
                "aws.webIdentityTokenFile", tokenFile.toString(),
                "aws.roleArn", deploy.arn(),
                "aws.roleSessionName", "sdk-default",
                "aws.region", "us-east-1",
                "aws.endpointUrlSts", sts.endpoint().toString());
        properties.forEach(System::setProperty);
        try (WebIdentityTokenFileCredentialsProvider provider = WebIdentityTokenFileCredentialsProvider.create();
                StsClient asRole = sts.stsClient(provider)) {
            assertThat(asRole.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/sdk-default");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void an_es256_token_is_verified_and_the_response_names_subject_provider_and_audience() {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, MAIN);
        String token = ci.token(MAIN).signedWith(TestOidcIssuer.Algorithm.ES256).sign();
        try (StsClient client = anonymous()) {
            AssumeRoleWithWebIdentityResponse response = client.assumeRoleWithWebIdentity(
                    r -> r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(token));
            assertThat(response.subjectFromWebIdentityToken()).isEqualTo(MAIN);
            assertThat(response.provider()).isEqualTo(ci.url());
            assertThat(response.audience()).isEqualTo("sts.amazonaws.com");
            assertThat(response.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/ci");
        }
    }

    @Test
    void a_token_of_an_issuer_the_account_does_not_know_is_an_invalid_identity_token() {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        try (TestOidcIssuer other = TestOidcIssuer.start(sts.clock());
                StsClient client = anonymous()) {
            String token = other.token(MAIN).sign();
            assertThatThrownBy(() -> client.assumeRoleWithWebIdentity(
                            r -> r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(token)))
                    .isInstanceOfSatisfying(InvalidIdentityTokenException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("No OpenIDConnect provider found in your account for " + other.url());
                    });
            assertThat(other.keyFetches()).isZero();
        }
    }

    @Test
    void an_expired_token_is_refused_with_expired_token_exception_on_the_test_clock() {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        String token = ci.token(MAIN).validFor(Duration.ofMinutes(5)).sign();
        sts.clock().advance(Duration.ofMinutes(5));
        try (StsClient client = anonymous()) {
            assertThatThrownBy(() -> client.assumeRoleWithWebIdentity(
                            r -> r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(token)))
                    .isInstanceOfSatisfying(ExpiredTokenException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Token expired: current date/time ");
                    });
            sts.clock().advance(Duration.ofSeconds(-1));
            assertThat(client.assumeRoleWithWebIdentity(r -> r.roleArn(deploy.arn())
                                    .roleSessionName("ci")
                                    .webIdentityToken(token))
                            .credentials())
                    .isNotNull();
        }
    }

    @Test
    void a_subject_the_trust_policy_does_not_allow_is_access_denied() {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:ref:refs/heads/main");
        String branch = ci.token("repo:acme/app:ref:refs/heads/feature").sign();
        String fork = ci.token("repo:evil/app:ref:refs/heads/main").sign();
        try (StsClient client = anonymous()) {
            for (String token : new String[] {branch, fork}) {
                assertThatThrownBy(() -> client.assumeRoleWithWebIdentity(r ->
                                r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(token)))
                        .isInstanceOfSatisfying(StsException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
                        });
            }
        }
    }

    @Test
    void a_forged_token_a_wrong_audience_and_an_unregistered_client_id_are_invalid_identity_tokens() {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        try (StsClient client = anonymous()) {
            String forged = ci.token(MAIN).forged().sign();
            String forgedEc = ci.token(MAIN)
                    .signedWith(TestOidcIssuer.Algorithm.ES256)
                    .forged()
                    .sign();
            String otherAudience = ci.token(MAIN).audience("sigstore").sign();
            for (String token : new String[] {forged, forgedEc, otherAudience}) {
                assertThatThrownBy(() -> client.assumeRoleWithWebIdentity(r ->
                                r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(token)))
                        .isInstanceOf(InvalidIdentityTokenException.class);
            }
            assertThatThrownBy(() -> client.assumeRoleWithWebIdentity(
                            r -> r.roleArn(deploy.arn()).roleSessionName("ci").webIdentityToken(otherAudience)))
                    .hasMessageContaining("Incorrect token audience");
        }
    }
}
