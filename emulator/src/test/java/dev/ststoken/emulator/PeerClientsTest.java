package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Totp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** Independent clients (the AWS SDK for Java v2 in-process, boto3 in a subprocess) accept the emulator's answers and errors. */
class PeerClientsTest {
    @TempDir
    Path stateDir;
    Emulator emulator;
    DemoIdentity demo;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir));
        demo = emulator.demoIdentity();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    StsClient sdk(software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    /** A code for a step no earlier call used: the emulator refuses reuse, and tests here run within one step. */
    String freshCode() throws Exception {
        long step = Math.max(Totp.step(Instant.now()), emulator.lastUsedStep(demo.mfaSerial()) + 1);
        if (step > Totp.step(Instant.now()) + 1) {
            Thread.sleep(Duration.between(Instant.now(), Totp.stepStart(step - 1)).toMillis() + 50);
        }
        return Totp.code(demo.mfaSeed(), step);
    }

    @Test
    void aws_sdk_v2_gets_a_session_with_mfa_and_sees_the_user() throws Exception {
        try (StsClient client = sdk(AwsBasicCredentials.create(demo.credentials().accessKeyId(),
                demo.credentials().secretAccessKey()))) {
            Credentials session = client.getSessionToken(r -> r.durationSeconds(3600).serialNumber(demo.mfaSerial())
                    .tokenCode(freshCodeUnchecked())).credentials();
            assertThat(session.accessKeyId()).startsWith("ASIA");
            assertThat(session.expiration()).isAfter(Instant.now().plusSeconds(3500));
            try (StsClient asSession = sdk(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                    session.sessionToken()))) {
                GetCallerIdentityResponse who = asSession.getCallerIdentity();
                assertThat(who.arn()).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/demo");
            }
        }
    }

    private String freshCodeUnchecked() {
        try {
            return freshCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aws_sdk_v2_maps_the_emulators_errors_to_codes_statuses_and_request_ids() {
        try (StsClient client = sdk(AwsBasicCredentials.create(demo.credentials().accessKeyId(),
                demo.credentials().secretAccessKey()))) {
            StsException wrongCode = catchThrowableOfType(StsException.class, () -> client.getSessionToken(
                    r -> r.serialNumber(demo.mfaSerial()).tokenCode("000000".equals(freshCodeUnchecked()) ? "111111" : "000000")));
            assertThat(wrongCode.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(wrongCode.statusCode()).isEqualTo(403);
            assertThat(wrongCode.requestId()).matches("[0-9a-f-]{36}");
            StsException tooLong = catchThrowableOfType(StsException.class, () -> client.getSessionToken(r -> r.durationSeconds(129601)));
            assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        }
        try (StsClient badSecret = sdk(AwsBasicCredentials.create(demo.credentials().accessKeyId(), "nope"))) {
            StsException e = catchThrowableOfType(StsException.class, badSecret::getCallerIdentity);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        }
    }

    static final String BOTO3_SCRIPT = String.join("\n",
            "import json, os, sys, boto3, botocore.exceptions",
            "sts = boto3.client('sts', endpoint_url=os.environ['EP'], region_name='us-east-1',",
            "                   aws_access_key_id=os.environ['AK'], aws_secret_access_key=os.environ['SK'])",
            "out = {}",
            "try:",
            "    c = sts.get_session_token(DurationSeconds=3600, SerialNumber=os.environ['SERIAL'], TokenCode=os.environ['CODE'])['Credentials']",
            "    out['key'] = c['AccessKeyId']; out['expiration'] = c['Expiration'].isoformat()",
            "    s = boto3.client('sts', endpoint_url=os.environ['EP'], region_name='us-east-1', aws_access_key_id=c['AccessKeyId'],",
            "                     aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])",
            "    out['arn'] = s.get_caller_identity()['Arn']",
            "    sts.get_session_token(SerialNumber=os.environ['SERIAL'], TokenCode=os.environ['CODE'])",
            "except botocore.exceptions.ClientError as e:",
            "    out['error'] = e.response['Error']['Code']; out['message'] = e.response['Error']['Message']",
            "    out['status'] = e.response['ResponseMetadata']['HTTPStatusCode']; out['request_id'] = e.response['ResponseMetadata'].get('RequestId')",
            "print(json.dumps(out))");

    @Test
    void boto3_gets_a_session_sees_the_user_and_reads_the_reuse_error() throws Exception {
        Path python = Peers.requirePython("boto3");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("EP", emulator.endpoint().toString());
        env.put("AK", demo.credentials().accessKeyId());
        env.put("SK", demo.credentials().secretAccessKey());
        env.put("SERIAL", demo.mfaSerial());
        env.put("CODE", freshCode());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.remove("AWS_PROFILE");
        Processes.Result result = Processes.run(List.of(python.toString(), "-c", BOTO3_SCRIPT), env, null, null,
                Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> out = Json.parseObject(result.stdout().strip());
        assertThat((String) out.get("key")).startsWith("ASIA");
        assertThat((String) out.get("expiration")).endsWith("+00:00");
        assertThat(out.get("arn")).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/demo");
        assertThat(out.get("error")).isEqualTo("AccessDenied");
        assertThat(out.get("message")).isEqualTo("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertThat(out.get("status")).isEqualTo(403L);
        assertThat((String) out.get("request_id")).matches("[0-9a-f-]{36}");
    }
}
