package dev.ststoken.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The assume_role task against the emulator over real HTTP, input on stdin as Bolt gives it. */
@SuppressWarnings("unchecked")
class BoltAssumeRoleTest {
    /** Names the principals themselves (the demo user, the viewer role), so it holds with or without identity policies. */
    static final String TRUST_DEMO_AND_VIEWER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":[\"arn:aws:iam::%1$s:user/demo\",\"arn:aws:iam::%1$s:role/viewer\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path tmp;

    /** The adapter is under test here, not IAM: the demo user's policy allows nothing without MFA. */
    @RegisterExtension
    final StsEmulatorExtension sts =
            StsEmulatorExtension.builder().enforceIam(false).build();

    TestUser demo;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() {
        demo = sts.demo();
        env.put("HOME", tmp.toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        for (String role : List.of("deployer", "viewer")) {
            sts.role(role).withTrustPolicy(String.format(TRUST_DEMO_AND_VIEWER, sts.accountId()));
        }
    }

    record Run(int exit, Map<String, Object> output, String stdout) {
        Map<String, Object> error() {
            return (Map<String, Object>) output.get("_error");
        }
    }

    Run run(Map<String, Object> input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BoltAssumeRole(
                        new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        env,
                        Clock.systemUTC(),
                        tmp)
                .run();
        String stdout = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, Json.parseObject(stdout), stdout);
    }

    Map<String, Object> input() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("_task", "sts_session_token::assume_role");
        p.put("role_arn", "arn:aws:iam::" + sts.accountId() + ":role/deployer");
        p.put("role_session_name", "bolt");
        p.put("access_key_id", demo.credentials().accessKeyId());
        p.put("secret_access_key", demo.credentials().secretAccessKey());
        p.put("endpoint_url", sts.endpoint().toString());
        return p;
    }

    @Test
    void returns_the_credentials_as_get_session_token_does_and_who_they_are() {
        Map<String, Object> p = input();
        p.put("duration_seconds", "900");
        Run run = run(p);
        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(run.output()).containsOnlyKeys("credentials", "assumed_role_user");
        Map<String, Object> credentials = (Map<String, Object>) run.output().get("credentials");
        assertThat(credentials).containsOnlyKeys("access_key_id", "secret_access_key", "session_token", "expiration");
        assertThat((String) credentials.get("expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat((Map<String, Object>) run.output().get("assumed_role_user"))
                .containsEntry("arn", "arn:aws:sts::" + sts.accountId() + ":assumed-role/deployer/bolt")
                .containsKey("assumed_role_id");
    }

    @Test
    void the_mfa_code_goes_with_the_call_and_a_wrong_one_is_awss_error_kind() {
        Map<String, Object> p = input();
        p.put("serial_number", demo.mfa().serial());
        String current = demo.mfa().code();
        p.put("token_code", current.equals("000000") ? "111111" : "000000");
        Run run = run(p);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.error().get("kind")).isEqualTo("sts_session_token/AccessDenied");
        assertThat((Map<String, Object>) run.error().get("details"))
                .containsEntry("code", "AccessDenied")
                .containsKey("request_id");
        assertThat(run.stdout()).doesNotContain(demo.credentials().secretAccessKey());
        assertThat(sts.emulator().actionCount("GetSessionToken")).isZero();
    }

    @Test
    void a_code_without_a_serial_goes_with_the_profiles_serial_instead_of_being_dropped() throws Exception {
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(
                tmp.resolve(".aws/credentials"),
                "[alice]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                tmp.resolve(".aws/config"),
                "[profile alice]\nmfa_serial = " + demo.mfa().serial() + "\n");
        Map<String, Object> p = input();
        p.remove("access_key_id");
        p.remove("secret_access_key");
        p.put("profile", "alice");
        String current = demo.mfa().code();
        p.put("token_code", current.equals("000000") ? "111111" : "000000");
        Run run = run(p);
        assertThat(run.error()).as(run.stdout()).isNotNull();
        assertThat(run.error().get("kind")).isEqualTo("sts_session_token/AccessDenied");
    }

    @Test
    void invalid_input_is_refused_before_any_call_in_the_tasks_own_words() {
        Map<String, Object> noRole = input();
        noRole.remove("role_arn");
        assertInvalid(run(noRole), "missing parameter role_arn");
        Map<String, Object> tooLong = input();
        tooLong.put("duration_seconds", 43201L);
        assertInvalid(run(tooLong), "duration_seconds must be between 900 and 43200");
        Map<String, Object> notNumber = input();
        notNumber.put("duration_seconds", List.of("900"));
        assertInvalid(run(notNumber), "duration_seconds must be an Integer or a numeric String");
        Map<String, Object> codeOnly = input();
        codeOnly.put("token_code", "123456");
        env.put("AWS_CONFIG_FILE", tmp.resolve("none").toString());
        assertInvalid(run(codeOnly), "serial_number");
        Map<String, Object> unknown = input();
        unknown.put("colour", "blue");
        assertInvalid(run(unknown), "unknown parameter 'colour'");
        assertThat(sts.emulator().actionCount("AssumeRole")).isZero();
    }

    static void assertInvalid(Run run, String inMessage) {
        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(run.error().get("kind")).isEqualTo("sts_session_token/invalid-input");
        assertThat((String) run.error().get("msg")).contains(inMessage).doesNotContain("--");
    }

    @Test
    void a_role_profile_as_profile_is_assumed_first_and_the_role_from_its_session() throws Exception {
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(
                tmp.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                tmp.resolve(".aws/config"),
                "[profile viewer]\nrole_arn = arn:aws:iam::" + sts.accountId()
                        + ":role/viewer\nsource_profile = base\n");
        Map<String, Object> p = input();
        p.remove("access_key_id");
        p.remove("secret_access_key");
        p.put("profile", "viewer");
        Run run = run(p);
        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(sts.emulator().actionCount("AssumeRole")).isEqualTo(2);
        assertThat(((Map<String, Object>) run.output().get("assumed_role_user")).get("arn"))
                .isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deployer/bolt");
    }

    @Test
    void an_unreachable_endpoint_is_its_own_kind() {
        Map<String, Object> p = input();
        p.put("endpoint_url", "http://127.0.0.1:1");
        Run run = run(p);
        assertThat(run.error().get("kind")).isEqualTo("sts_session_token/endpoint-unreachable");
        assertThat((Map<String, Object>) run.error().get("details")).containsEntry("endpoint", "http://127.0.0.1:1");
    }

    @Test
    void pt_variables_are_never_read() {
        env.put("PT_role_arn", "arn:aws:iam::" + sts.accountId() + ":role/deployer");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BoltAssumeRole(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        env,
                        Clock.systemUTC(),
                        tmp)
                .run();
        Map<String, Object> error = (Map<String, Object>)
                Json.parseObject(out.toString(StandardCharsets.UTF_8)).get("_error");
        assertThat(error.get("kind")).isEqualTo("sts_session_token/invalid-input");
        assertThat((String) error.get("msg")).contains("stdin");
    }
}
