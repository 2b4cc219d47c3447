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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
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
            Thread.sleep(
                    Duration.between(Instant.now(), Totp.stepStart(step - 1)).toMillis() + 50);
        }
        return Totp.code(demo.mfaSeed(), step);
    }

    @Test
    void aws_sdk_v2_gets_a_session_with_mfa_and_sees_the_user() throws Exception {
        try (StsClient client = sdk(AwsBasicCredentials.create(
                demo.credentials().accessKeyId(), demo.credentials().secretAccessKey()))) {
            Credentials session = client.getSessionToken(r -> r.durationSeconds(3600)
                            .serialNumber(demo.mfaSerial())
                            .tokenCode(freshCodeUnchecked()))
                    .credentials();
            assertThat(session.accessKeyId()).startsWith("ASIA");
            assertThat(session.expiration()).isAfter(Instant.now().plusSeconds(3500));
            try (StsClient asSession = sdk(AwsSessionCredentials.create(
                    session.accessKeyId(), session.secretAccessKey(), session.sessionToken()))) {
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
        try (StsClient client = sdk(AwsBasicCredentials.create(
                demo.credentials().accessKeyId(), demo.credentials().secretAccessKey()))) {
            StsException wrongCode = catchThrowableOfType(
                    StsException.class,
                    () -> client.getSessionToken(r -> r.serialNumber(demo.mfaSerial())
                            .tokenCode("000000".equals(freshCodeUnchecked()) ? "111111" : "000000")));
            assertThat(wrongCode.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(wrongCode.statusCode()).isEqualTo(403);
            assertThat(wrongCode.requestId()).matches("[0-9a-f-]{36}");
            StsException tooLong = catchThrowableOfType(
                    StsException.class, () -> client.getSessionToken(r -> r.durationSeconds(129601)));
            assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        }
        try (StsClient badSecret =
                sdk(AwsBasicCredentials.create(demo.credentials().accessKeyId(), "nope"))) {
            StsException e = catchThrowableOfType(StsException.class, badSecret::getCallerIdentity);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        }
    }

    static final String BOTO3_SCRIPT = String.join(
            "\n",
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
        Processes.Result result =
                Processes.run(List.of(python.toString(), "-c", BOTO3_SCRIPT), env, null, null, Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> out = Json.parseObject(result.stdout().strip());
        assertThat((String) out.get("key")).startsWith("ASIA");
        assertThat((String) out.get("expiration")).endsWith("+00:00");
        assertThat(out.get("arn")).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/demo");
        assertThat(out.get("error")).isEqualTo("AccessDenied");
        assertThat(out.get("message"))
                .isEqualTo("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertThat(out.get("status")).isEqualTo(403L);
        assertThat((String) out.get("request_id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void aws_sdk_v2_creates_a_user_key_and_mfa_device_then_gets_a_session() throws Exception {
        software.amazon.awssdk.auth.credentials.AwsCredentials root = AwsBasicCredentials.create(
                emulator.rootCredentials().accessKeyId(),
                emulator.rootCredentials().secretAccessKey());
        try (IamClient iam = IamClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(root))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String arn = iam.createUser(r -> r.userName("erin")).user().arn();
            AccessKey key = iam.createAccessKey(r -> r.userName("erin")).accessKey();
            VirtualMFADevice device = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("erin"))
                    .virtualMFADevice();
            byte[] seed =
                    dev.ststoken.totp.Base32.decode(device.base32StringSeed().asUtf8String());
            long step = Totp.step(Instant.now());
            iam.enableMFADevice(r -> r.userName("erin")
                    .serialNumber(device.serialNumber())
                    .authenticationCode1(Totp.code(seed, step - 1))
                    .authenticationCode2(Totp.code(seed, step)));
            assertThat(iam.listMFADevices(r -> r.userName("erin")).mfaDevices()).hasSize(1);
            try (StsClient sts = sdk(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
                Credentials session = sts.getSessionToken(
                                r -> r.serialNumber(device.serialNumber()).tokenCode(Totp.code(seed, step + 1)))
                        .credentials();
                try (StsClient asSession = sdk(AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken()))) {
                    assertThat(asSession.getCallerIdentity().arn()).isEqualTo(arn);
                }
            }
        }
    }

    static final String BOTO3_IAM_FLOW = String.join(
            "\n",
            "import base64, json, os, time, boto3, botocore.exceptions",
            "ep = os.environ['EP']",
            "iam = boto3.client('iam', endpoint_url=ep, region_name='us-east-1', aws_access_key_id=os.environ['AK'], aws_secret_access_key=os.environ['SK'])",
            "arn = iam.create_user(UserName='frank')['User']['Arn']",
            "key = iam.create_access_key(UserName='frank')['AccessKey']",
            "dev = iam.create_virtual_mfa_device(VirtualMFADeviceName='frank')['VirtualMFADevice']",
            "print(json.dumps({'arn': arn, 'key': key['AccessKeyId'], 'secret': key['SecretAccessKey'], 'serial': dev['SerialNumber'],",
            "                  'seed': dev['Base32StringSeed'].decode('ascii'), 'png': dev['QRCodePNG'][:8].hex()}))");

    @Test
    void boto3_drives_iam_and_the_java_side_completes_the_mfa_flow() throws Exception {
        Path python = Peers.requirePython("boto3");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("EP", emulator.endpoint().toString());
        env.put("AK", emulator.rootCredentials().accessKeyId());
        env.put("SK", emulator.rootCredentials().secretAccessKey());
        env.put("AWS_MAX_ATTEMPTS", "1");
        Processes.Result result = Processes.run(
                List.of(python.toString(), "-c", BOTO3_IAM_FLOW), env, null, null, Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> out = Json.parseObject(result.stdout().strip());
        assertThat(out.get("png")).isEqualTo("89504e470d0a1a0a");
        byte[] seed = dev.ststoken.totp.Base32.decode((String) out.get("seed"));
        long step = Totp.step(Instant.now());
        String script = String.join(
                "\n",
                "import json, os, boto3",
                "ep = os.environ['EP']",
                "iam = boto3.client('iam', endpoint_url=ep, region_name='us-east-1', aws_access_key_id=os.environ['AK'], aws_secret_access_key=os.environ['SK'])",
                "iam.enable_mfa_device(UserName='frank', SerialNumber=os.environ['SERIAL'], AuthenticationCode1=os.environ['C1'], AuthenticationCode2=os.environ['C2'])",
                "sts = boto3.client('sts', endpoint_url=ep, region_name='us-east-1', aws_access_key_id=os.environ['FK'], aws_secret_access_key=os.environ['FS'])",
                "c = sts.get_session_token(SerialNumber=os.environ['SERIAL'], TokenCode=os.environ['C3'])['Credentials']",
                "s = boto3.client('sts', endpoint_url=ep, region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])",
                "print(s.get_caller_identity()['Arn'])");
        env.put("SERIAL", (String) out.get("serial"));
        env.put("C1", Totp.code(seed, step - 1));
        env.put("C2", Totp.code(seed, step));
        env.put("C3", Totp.code(seed, step + 1));
        env.put("FK", (String) out.get("key"));
        env.put("FS", (String) out.get("secret"));
        Processes.Result second =
                Processes.run(List.of(python.toString(), "-c", script), env, null, null, Duration.ofSeconds(120));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout().strip()).isEqualTo(out.get("arn"));
    }

    @Test
    void a_boto3_presigned_get_caller_identity_url_is_verified_and_only_for_its_method() throws Exception {
        Path python = Peers.requirePython("boto3");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_ACCESS_KEY_ID", demo.credentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", demo.credentials().secretAccessKey());
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        String script = "import boto3, sys\n"
                + "c = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')\n"
                + "print(c.generate_presigned_url('get_caller_identity', ExpiresIn=300, HttpMethod='GET'))\n"
                + "print(c.generate_presigned_url('get_caller_identity', ExpiresIn=300))\n";
        Processes.Result r = Processes.run(
                List.of(python.toString(), "-c", script, emulator.endpoint().toString()),
                env,
                null,
                null,
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String[] urls = r.stdout().strip().split("\n");
        java.net.HttpURLConnection get = (java.net.HttpURLConnection)
                java.net.URI.create(urls[0]).toURL().openConnection();
        assertThat(get.getResponseCode()).isEqualTo(200);
        assertThat(new String(get.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains(":user/demo");
        // botocore's default presign signs STS's model method, POST: fetched with GET it must not verify.
        java.net.HttpURLConnection wrongMethod = (java.net.HttpURLConnection)
                java.net.URI.create(urls[1]).toURL().openConnection();
        assertThat(wrongMethod.getResponseCode()).isEqualTo(403);
    }

    static final String BOTO3_SESSION_POLICIES = String.join(
            "\n",
            "import json, os, boto3, botocore.exceptions",
            "ep = os.environ['EP']",
            "def client(service, ak, sk, token=None):",
            "    return boto3.client(service, endpoint_url=ep, region_name='us-east-1', aws_access_key_id=ak, aws_secret_access_key=sk, aws_session_token=token)",
            "iam = client('iam', os.environ['AK'], os.environ['SK'])",
            "iam.create_user(UserName='alice')",
            "k = iam.create_access_key(UserName='alice')['AccessKey']",
            "arn = 'arn:aws:iam::' + os.environ['ACCOUNT'] + ':user/alice'",
            "trust = {'Version': '2012-10-17', 'Statement': {'Effect': 'Allow', 'Principal': {'AWS': arn}, 'Action': 'sts:AssumeRole'}}",
            "role = iam.create_role(RoleName='worker', AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn']",
            "iam.put_role_policy(RoleName='worker', PolicyName='users', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': {'Effect': 'Allow', 'Action': 'iam:CreateUser', 'Resource': '*'}}))",
            "sts = client('sts', k['AccessKeyId'], k['SecretAccessKey'])",
            "deny = json.dumps({'Version': '2012-10-17', 'Statement': {'Effect': 'Deny', 'Action': '*', 'Resource': '*'}})",
            "r = sts.assume_role(RoleArn=role, RoleSessionName='ci', Policy=deny)",
            "out = {'packed': r['PackedPolicySize']}",
            "c = r['Credentials']",
            "s = client('iam', c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'])",
            "try:",
            "    s.create_user(UserName='mallory')",
            "    out['created'] = True",
            "except botocore.exceptions.ClientError as e:",
            "    out['error'] = e.response['Error']['Code']",
            "    out['message'] = e.response['Error']['Message']",
            "try:",
            "    sts.assume_role(RoleArn=role, RoleSessionName='ci', Policy='{not json')",
            "except botocore.exceptions.ClientError as e:",
            "    out['malformed'] = e.response['Error']['Code']",
            "iam.delete_access_key(UserName='alice', AccessKeyId=k['AccessKeyId'])",
            "iam.delete_user(UserName='alice')",
            "out['trust'] = iam.get_role(RoleName='worker')['Role']['AssumeRolePolicyDocument']['Statement']['Principal']['AWS']",
            "print(json.dumps(out))");

    @Test
    void boto3_reads_session_policy_answers_and_a_trust_policy_bound_to_a_deleted_user() throws Exception {
        Path python = Peers.requirePython("boto3");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("EP", emulator.endpoint().toString());
        env.put("AK", emulator.rootCredentials().accessKeyId());
        env.put("SK", emulator.rootCredentials().secretAccessKey());
        env.put("ACCOUNT", emulator.accountId());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.remove("AWS_PROFILE");
        Processes.Result result = Processes.run(
                List.of(python.toString(), "-c", BOTO3_SESSION_POLICIES), env, null, null, Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> out = Json.parseObject(result.stdout().strip());
        assertThat(out.get("packed")).isInstanceOf(Long.class);
        assertThat(out).doesNotContainKey("created");
        assertThat(out.get("error")).isEqualTo("AccessDenied");
        assertThat((String) out.get("message")).endsWith("with an explicit deny in a session policy");
        assertThat(out.get("malformed")).isEqualTo("MalformedPolicyDocument");
        assertThat((String) out.get("trust")).startsWith("AIDA");
    }
}
