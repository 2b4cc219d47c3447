package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.internal.Xml;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a request is read, authenticated and logged, tried as an attacker would (tampered, forged, replayed). */
class RequestHandlerTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    Emulator emulator;
    AwsCredentials root;
    DemoIdentity demo;
    SignedRequests raw;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.builder()
                .stateDir(stateDir)
                .clock(clock)
                .accessLog(new PrintStream(log, true, StandardCharsets.UTF_8))
                .enforceIam(false)
                .build());
        root = emulator.rootCredentials();
        demo = emulator.demoIdentity();
        raw = new SignedRequests(emulator.endpoint(), clock);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    StsClient client(String service, String version) {
        return new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                clock,
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                        .withMaxAttempts(1),
                service,
                version));
    }

    StsClient sts() {
        return client("sts", StsClient.STS_VERSION);
    }

    QueryResult iam(AwsCredentials who, String action, String... params) throws Exception {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            list.add(Map.entry(params[i], params[i + 1]));
        }
        return client("iam", "2010-05-08").call(action, list, who);
    }

    static StsServiceException refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an AWS error, got " + e, e);
        }
        throw new AssertionError("expected an AWS error, the call succeeded");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    static boolean isWellFormedXml(String body) {
        try {
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void a_session_of_a_deleted_user_is_refused_even_after_a_user_of_the_same_name_is_created() throws Exception {
        iam(root, "CreateUser", "UserName", "alice");
        QueryResult key = iam(root, "CreateAccessKey", "UserName", "alice").child("AccessKey");
        AwsCredentials alice = new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
        SessionCredentials session = sts().getSessionToken(alice, new GetSessionTokenRequest(null, null, null));
        assertThat(sts().getCallerIdentity(session.credentials()).arn()).endsWith(":user/alice");

        iam(root, "DeleteAccessKey", "UserName", "alice", "AccessKeyId", alice.accessKeyId());
        iam(root, "DeleteUser", "UserName", "alice");
        iam(root, "CreateUser", "UserName", "alice");

        assertThat(refusal(() -> sts().getCallerIdentity(session.credentials())).code())
                .isEqualTo("InvalidClientTokenId");
    }

    @Test
    void a_role_session_is_refused_once_its_role_is_deleted_and_created_again() throws Exception {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        String roleArn = iam(root, "CreateRole", "RoleName", "deployer", "AssumeRolePolicyDocument", document)
                .textAt("Role", "Arn");
        QueryResult assumed = sts().call(
                        "AssumeRole",
                        List.of(Map.entry("RoleArn", roleArn), Map.entry("RoleSessionName", "ci")),
                        demo.credentials());
        SessionCredentials session = sts().credentialsFrom(assumed.child("Credentials"), "AssumeRole");
        assertThat(sts().getCallerIdentity(session.credentials()).arn()).endsWith(":assumed-role/deployer/ci");

        iam(root, "DeleteRole", "RoleName", "deployer");
        iam(root, "CreateRole", "RoleName", "deployer", "AssumeRolePolicyDocument", document);

        assertThat(refusal(() -> sts().getCallerIdentity(session.credentials())).code())
                .isEqualTo("InvalidClientTokenId");
    }

    @Test
    void a_plus_written_over_an_encoded_plus_does_not_change_what_a_presigned_request_does() throws Exception {
        String presigned = raw.presign(
                root,
                "us-east-1",
                "iam",
                "Action=CreateRole&Version=2010-05-08&RoleName=r1"
                        + "&AssumeRolePolicyDocument=%7B%7D&Description=x%2By");
        assertThat(presigned).contains("Description=x%2By");

        SignedRequests.Response tampered = raw.get(presigned.replace("Description=x%2By", "Description=x+y"));

        assertThat(tampered.status()).as(tampered.body()).isEqualTo(200);
        assertThat(iam(root, "GetRole", "RoleName", "r1").textAt("Role", "Description"))
                .isEqualTo("x+y");
    }

    @Test
    void of_duplicate_keys_the_first_value_wins_in_the_body_and_across_query_and_body() throws Exception {
        Instant in900 = clock.instant().plusSeconds(900);
        SignedRequests.Response inBody = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900&DurationSeconds=3600");
        assertThat(inBody.body()).contains("<Expiration>" + XmlResponse.timestamp(in900) + "</Expiration>");

        SignedRequests.Response acrossParts = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "DurationSeconds=900",
                "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=3600");
        assertThat(acrossParts.body()).contains("<Expiration>" + XmlResponse.timestamp(in900) + "</Expiration>");

        SignedRequests.Response action = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "Action=GetCallerIdentity",
                "Action=GetSessionToken&Version=2011-06-15");
        assertThat(action.body()).contains("<GetCallerIdentityResponse");
    }

    @Test
    void a_credential_scope_outside_the_endpoints_partition_is_refused() throws Exception {
        String body = "Action=GetCallerIdentity&Version=2011-06-15";
        for (String region : List.of("xx-fake-1", "cn-north-1", "us-gov-west-1", "us-east-1 ", "US-EAST-1")) {
            SignedRequests.Response refused = raw.post(demo.credentials(), region, "sts", "", body);
            assertThat(refused.status()).as(region).isEqualTo(403);
            assertThat(refused.body())
                    .as(region)
                    .contains("<Code>SignatureDoesNotMatch</Code>")
                    .contains("Credential should be scoped to a valid region");
        }
        for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2", "il-central-1", "aws-global")) {
            assertThat(raw.post(demo.credentials(), region, "sts", "", body).status())
                    .as(region)
                    .isEqualTo(200);
        }
    }

    @Test
    void access_log_lines_cannot_be_forged_through_the_action_or_the_key_id() throws Exception {
        String forged = "%0AGetSessionToken%20200%20AKIAFORGED%2000000000-0000-4000-8000-000000000000%0A";
        raw.get("Action=GetCallerIdentity" + forged);
        raw.get("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA" + forged + "%2F20261123%2Fus-east-1%2Fsts"
                + "%2Faws4_request&X-Amz-Date=20261123T100005Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00"
                + "&Action=GetCallerIdentity");
        emulator.close();
        emulator = null;

        String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(line).matches("[!-~]+ \\d{3} [!-~]+ [0-9a-f-]{36}").doesNotContain("AKIAFORGED 0000");
        }
    }

    @Test
    void invented_action_names_are_not_counted_so_they_cannot_grow_the_table() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(raw.post(
                                    demo.credentials(),
                                    "us-east-1",
                                    "sts",
                                    "",
                                    "Action=Invented" + i + "&Version=2011-06-15")
                            .body())
                    .contains("<Code>InvalidAction</Code>");
        }
        assertThat(raw.post(
                                demo.credentials(),
                                "us-east-1",
                                "sts",
                                "",
                                "Action=GetSessionToken&Version=2011-06-15" + "&DurationSeconds=1")
                        .status())
                .isEqualTo(400);
        sts().getCallerIdentity(demo.credentials());
        assertThat(emulator.actionCount("Invented0")).isZero();
        assertThat(emulator.actionCount("GetSessionToken")).isEqualTo(1);
        assertThat(emulator.actionCount("GetCallerIdentity")).isEqualTo(1);
    }

    @Test
    void answers_are_well_formed_xml_even_when_they_echo_control_characters() throws Exception {
        SignedRequests.Response unknownAction = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=Get%01Caller%0DIdentity%1B%5B2J&Version=2011-06-15");
        assertThat(unknownAction.status()).isEqualTo(400);
        SignedRequests.Response badCode = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=GetSessionToken&Version=2011-06-15&SerialNumber=" + demo.mfaSerial() + "&TokenCode=12%0034%07");
        assertThat(badCode.status()).isEqualTo(400);
        for (SignedRequests.Response response : List.of(unknownAction, badCode)) {
            assertThat(isWellFormedXml(response.body())).as(response.body()).isTrue();
            assertThat(response.body()).doesNotContain("\u0001", "\u0000", "\u0007", "\u001b", "\r");
        }
    }

    @Test
    void a_description_with_control_characters_is_refused_and_the_answer_stays_well_formed() throws Exception {
        SignedRequests.Response response = raw.post(
                root,
                "us-east-1",
                "iam",
                "",
                "Action=CreateRole&Version=2010-05-08"
                        + "&RoleName=r2&AssumeRolePolicyDocument=%7B%7D&Description=a%01b");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>ValidationError</Code>");
        assertThat(isWellFormedXml(response.body())).as(response.body()).isTrue();
        assertThatCode(() -> iam(
                        root,
                        "CreateRole",
                        "RoleName",
                        "r3",
                        "AssumeRolePolicyDocument",
                        "{}",
                        "Description",
                        "tabs\tand\nnew lines, é"))
                .doesNotThrowAnyException();
        assertThat(iam(root, "GetRole", "RoleName", "r3").textAt("Role", "Description"))
                .isEqualTo("tabs\tand\nnew lines, é");
    }

    // Protocol fidelity: each answer below is what AWS's endpoints answer to the same request.

    static String message(SignedRequests.Response response) {
        return Xml.parse(response.body()).textAt("Error", "Message");
    }

    @Test
    void a_missing_or_unknown_version_is_invalid_action_naming_the_version() throws Exception {
        SignedRequests.Response none = raw.post(demo.credentials(), "us-east-1", "sts", "", "Action=GetCallerIdentity");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body())
                .contains("<Code>InvalidAction</Code>")
                .contains(
                        "<Message>Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED</Message>");
        SignedRequests.Response old =
                raw.post(demo.credentials(), "us-east-1", "sts", "", "Action=GetCallerIdentity&Version=2000-01-01");
        assertThat(old.body()).contains("Could not find operation GetCallerIdentity for version 2000-01-01");
        SignedRequests.Response iamWithout = raw.post(root, "us-east-1", "iam", "", "Action=ListUsers");
        assertThat(iamWithout.body()).contains("Could not find operation ListUsers for version NO_VERSION_SPECIFIED");
    }

    @Test
    void an_sts_call_signed_for_iam_is_refused_as_scoped_to_the_wrong_service() throws Exception {
        SignedRequests.Response wrong =
                raw.post(demo.credentials(), "us-east-1", "iam", "", "Action=GetCallerIdentity&Version=2011-06-15");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(message(wrong)).isEqualTo("Credential should be scoped to correct service: 'sts'.");
        SignedRequests.Response s3 =
                raw.post(demo.credentials(), "us-east-1", "s3", "", "Action=GetCallerIdentity&Version=2011-06-15");
        assertThat(message(s3)).isEqualTo("Credential should be scoped to correct service: 'sts'.");
        SignedRequests.Response iamAsSts =
                raw.post(root, "us-east-1", "sts", "", "Action=ListUsers&Version=2010-05-08");
        assertThat(message(iamAsSts)).isEqualTo("Credential should be scoped to correct service: 'iam'.");
    }

    @Test
    void a_number_that_is_not_a_32_bit_integer_is_malformed_input_before_validation() throws Exception {
        for (String value : List.of("abc", "900.0", "2147483648", "")) {
            SignedRequests.Response r = raw.post(
                    demo.credentials(),
                    "us-east-1",
                    "sts",
                    "",
                    "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=" + value);
            assertThat(r.status()).as(value).isEqualTo(400);
            assertThat(r.body()).as(value).contains("<Code>MalformedInput</Code>");
        }
        assertThat(raw.post(
                                demo.credentials(),
                                "us-east-1",
                                "sts",
                                "",
                                "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=")
                        .body())
                .contains("missing value for decimal type");
        // A sign and leading zeros are a number; out of range is the usual ValidationError.
        assertThat(raw.post(
                                demo.credentials(),
                                "us-east-1",
                                "sts",
                                "",
                                "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=%2B0900")
                        .status())
                .isEqualTo(200);
        assertThat(message(raw.post(
                        demo.credentials(),
                        "us-east-1",
                        "sts",
                        "",
                        "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=-1")))
                .startsWith("1 validation error")
                .contains("Value '-1' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                        + "greater than or equal to 900");
    }

    @Test
    void a_role_arn_that_is_not_an_arn_is_a_validation_error_and_an_unknown_role_access_denied() throws Exception {
        SignedRequests.Response malformed = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ci&RoleArn=" + "x".repeat(20));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body())
                .contains("<Code>ValidationError</Code>")
                .contains("<Message>" + "x".repeat(20) + " is invalid</Message>");
        SignedRequests.Response empty = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ci&RoleArn=");
        assertThat(message(empty))
                .isEqualTo("2 validation errors detected: Value '' at 'roleArn' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E"
                        + "\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+; Value '' at 'roleArn' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 20");
        String unknown = "arn:aws:iam::" + emulator.accountId() + ":role/nobody";
        SignedRequests.Response denied = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ci&RoleArn=" + unknown);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body())
                .contains("<Message>User: arn:aws:iam::" + emulator.accountId()
                        + ":user/demo is not authorized to perform: sts:AssumeRole on resource: " + unknown
                        + "</Message>");
    }

    @Test
    void unique_ids_have_awss_prefixes_and_21_characters() throws Exception {
        String userId = iam(root, "CreateUser", "UserName", "alice").textAt("User", "UserId");
        String roleId = iam(root, "CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", "{}")
                .textAt("Role", "RoleId");
        assertThat(userId).matches("AIDA[A-Z2-7]{17}");
        assertThat(roleId).matches("AROA[A-Z2-7]{17}");
        assertThat(sts().getCallerIdentity(demo.credentials()).userId()).matches("AIDA[A-Z2-7]{17}");
        assertThat(demo.credentials().accessKeyId()).matches("AKIA[A-Z2-7]{16}");
    }

    @Test
    void a_request_without_an_action_is_redirected_to_the_services_page() throws Exception {
        SignedRequests.Response r = raw.post(demo.credentials(), "us-east-1", "sts", "", "Version=2011-06-15");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.location()).isEqualTo("https://aws.amazon.com/iam");
    }

    @Test
    void a_body_is_read_as_parameters_only_with_the_form_content_type() throws Exception {
        SignedRequests.Response r = raw.post(
                demo.credentials(),
                "us-east-1",
                "sts",
                "",
                "Action=GetCallerIdentity&Version=2011-06-15",
                "application/json");
        assertThat(r.status()).isEqualTo(302);
        assertThat(raw.post(
                                demo.credentials(),
                                "us-east-1",
                                "sts",
                                "",
                                "Action=GetCallerIdentity&Version=2011-06-15",
                                "application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(200);
    }
}
