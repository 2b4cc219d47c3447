package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * botocore's own web identity provider (AssumeRoleWithWebIdentityProvider) gets credentials from
 * the emulator with a token the library signed: from AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and
 * AWS_ROLE_SESSION_NAME, and from a profile's web_identity_token_file and role_arn; and the token of
 * another issuer, an expired one and one for a subject the trust policy does not allow are refused
 * with the errors AWS gives.
 */
class WebIdentityBoto3Test {
    private static final String MAIN = "repo:acme/app:ref:refs/heads/main";

    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    @TempDir
    Path dir;

    private static final String SCRIPT = String.join(
            "\n",
            "import json, os, boto3, botocore.exceptions",
            "session = boto3.Session(profile_name=os.environ.get('PROFILE'))",
            "try:",
            "    arn = session.client('sts').get_caller_identity()['Arn']",
            "    print(json.dumps({'arn': arn, 'method': session.get_credentials().method}))",
            "except botocore.exceptions.ClientError as e:",
            "    print(json.dumps({'error': [e.response['Error']['Code'], e.response['Error']['Message'],",
            "        e.response['ResponseMetadata']['HTTPStatusCode']]}))",
            "");

    private Map<String, Object> boto3(Map<String, String> settings) throws Exception {
        Path python = Peers.requirePython("boto3");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(settings);
        Processes.Result result =
                Processes.run(List.of(python.toString(), "-c", SCRIPT), env, null, null, Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return Json.parseObject(result.stdout());
    }

    private Map<String, Object> withTokenFile(String token, String roleArn) throws Exception {
        Path file = Files.writeString(dir.resolve("token-" + System.nanoTime()), token);
        return boto3(Map.of(
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                file.toString(),
                "AWS_ROLE_ARN",
                roleArn,
                "AWS_ROLE_SESSION_NAME",
                "gha-7"));
    }

    @Test
    void boto3_assumes_the_role_from_the_environment_variables() throws Exception {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");

        Map<String, Object> out = withTokenFile(ci.token(MAIN).sign(), deploy.arn());

        assertThat(out.get("arn")).isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/gha-7");
        assertThat(out.get("method")).isEqualTo("assume-role-with-web-identity");
    }

    @Test
    void boto3_assumes_the_role_from_a_profile_with_web_identity_token_file() throws Exception {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:*");
        Path token = Files.writeString(
                dir.resolve("token"),
                ci.token(MAIN).signedWith(TestOidcIssuer.Algorithm.ES256).sign());
        Path config = Files.writeString(
                dir.resolve("config"),
                "[profile ci]\nweb_identity_token_file = " + token + "\nrole_arn = " + deploy.arn()
                        + "\nrole_session_name = from-profile\n");

        Map<String, Object> out = boto3(Map.of("AWS_CONFIG_FILE", config.toString(), "PROFILE", "ci"));

        assertThat(out.get("arn")).isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deploy/from-profile");
    }

    @Test
    void boto3_is_refused_another_issuers_token_an_expired_one_and_a_subject_not_trusted() throws Exception {
        TestOidcIssuer ci = sts.oidcIssuer();
        TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:ref:refs/heads/main");
        try (TestOidcIssuer other = TestOidcIssuer.start(sts.clock())) {
            assertThat(withTokenFile(other.token(MAIN).sign(), deploy.arn()).get("error"))
                    .isEqualTo(List.of(
                            "InvalidIdentityToken",
                            "No OpenIDConnect provider found in your account for " + other.url(),
                            400L));
        }
        String expired = ci.token(MAIN)
                .issuedAt(sts.clock().instant().minus(Duration.ofHours(2)))
                .sign();
        @SuppressWarnings("unchecked")
        List<Object> error = (List<Object>) withTokenFile(expired, deploy.arn()).get("error");
        assertThat(error.get(0)).isEqualTo("ExpiredTokenException");
        assertThat((String) error.get(1)).startsWith("Token expired: current date/time ");
        assertThat(error.get(2)).isEqualTo(400L);

        assertThat(withTokenFile(ci.token("repo:acme/app:pull_request").sign(), deploy.arn())
                        .get("error"))
                .isEqualTo(List.of("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403L));
    }
}
