package dev.ststoken.emulator.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;

/**
 * IAM's OpenID Connect provider actions, driven by the AWS SDK for Java v2 (its iam model is
 * botocore's): create, get, list, add and remove a client ID, replace the thumbprints, delete, with
 * IAM's refusals, and the providers' file private like the account's.
 */
class OidcProviderActionsTest {
    private static final String GITHUB = "https://token.actions.githubusercontent.com";
    private static final String THUMBPRINT = "6938fd4d98bab03faadb97b34396831e3780aea1";

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
                .overrideConfiguration(
                        o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        iam.close();
        emulator.close();
    }

    @Test
    void a_provider_is_created_read_listed_changed_and_deleted() throws Exception {
        String arn = iam.createOpenIDConnectProvider(r -> r.url(GITHUB)
                        .clientIDList("sts.amazonaws.com")
                        .thumbprintList(THUMBPRINT)
                        .tags(t -> t.key("team").value("ci")))
                .openIDConnectProviderArn();
        assertThat(arn)
                .isEqualTo(
                        "arn:aws:iam::" + emulator.accountId() + ":oidc-provider/token.actions.githubusercontent.com");

        GetOpenIdConnectProviderResponse got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.url()).isEqualTo("token.actions.githubusercontent.com");
        assertThat(got.clientIDList()).containsExactly("sts.amazonaws.com");
        assertThat(got.thumbprintList()).containsExactly(THUMBPRINT);
        assertThat(got.createDate()).isNotNull();
        assertThat(got.tags())
                .singleElement()
                .satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=ci"));

        iam.addClientIDToOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(arn).clientID("sigstore"));
        iam.removeClientIDFromOpenIDConnectProvider(
                r -> r.openIDConnectProviderArn(arn).clientID("sts.amazonaws.com"));
        iam.updateOpenIDConnectProviderThumbprint(
                r -> r.openIDConnectProviderArn(arn).thumbprintList("1c58a3a8518e8759bf075b76b750d4f2df264fcd"));
        got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.clientIDList()).containsExactly("sigstore");
        assertThat(got.thumbprintList()).containsExactly("1c58a3a8518e8759bf075b76b750d4f2df264fcd");

        String local = iam.createOpenIDConnectProvider(
                        r -> r.url("http://127.0.0.1:8443/ci").clientIDList("a"))
                .openIDConnectProviderArn();
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList())
                .extracting(OpenIDConnectProviderListEntry::arn)
                .containsExactly(arn, local);
        Path file = stateDir.resolve(OidcProviders.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList())
                .extracting(OpenIDConnectProviderListEntry::arn)
                .containsExactly(local);
        assertThatThrownBy(() -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("OpenIDConnect Provider not found for arn " + arn);
                });
    }

    @Test
    void iam_refuses_a_second_provider_for_a_url_a_bad_url_and_bad_thumbprints() {
        iam.createOpenIDConnectProvider(r -> r.url(GITHUB).clientIDList("sts.amazonaws.com"));
        assertThatThrownBy(() -> iam.createOpenIDConnectProvider(r -> r.url(GITHUB)))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Provider with url " + GITHUB + " already exists.");
                });
        for (String url : List.of("http://token.example.com", "https://example.com/?q=1", "ftp://x", "example.com")) {
            assertThatThrownBy(() -> iam.createOpenIDConnectProvider(r -> r.url(url)))
                    .as(url)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> iam.createOpenIDConnectProvider(
                        r -> r.url("https://gitlab.example.com").thumbprintList("z".repeat(40))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> iam.createOpenIDConnectProvider(
                        r -> r.url("https://gitlab.example.com").thumbprintList("ab")))
                .isInstanceOfSatisfying(
                        IamException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> iam.deleteOpenIDConnectProvider(r ->
                        r.openIDConnectProviderArn("arn:aws:iam::" + emulator.accountId() + ":oidc-provider/nope")))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void a_user_without_a_policy_for_it_may_not_create_a_provider() {
        iam.createUser(r -> r.userName("dev"));
        var key = iam.createAccessKey(r -> r.userName("dev")).accessKey();
        try (IamClient asDev = IamClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(() -> asDev.createOpenIDConnectProvider(r -> r.url(GITHUB)))
                    .isInstanceOfSatisfying(IamException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage()).contains("iam:CreateOpenIDConnectProvider");
                    });
        }
        assertThat(iam.listOpenIDConnectProviders().openIDConnectProviderList()).isEmpty();
    }
}
