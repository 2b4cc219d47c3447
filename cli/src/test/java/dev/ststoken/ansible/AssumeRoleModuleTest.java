package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.testing.FaultServer;
import dev.ststoken.totp.Totp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** sts_assume_role against the emulator over real HTTP, as Ansible runs it: an args file in, one JSON object out. */
@SuppressWarnings("unchecked")
class AssumeRoleModuleTest {
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

    record Outcome(int exit, Map<String, Object> result, String raw) {
        String msg() {
            return String.valueOf(result.get("msg"));
        }
    }

    Outcome run(Map<String, Object> args) throws Exception {
        Path file = tmp.resolve("args");
        Files.writeString(file, Json.write(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new AssumeRoleModule(new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), tmp)
                .run(List.of(file.toString()));
        String raw = out.toString(StandardCharsets.UTF_8);
        assertThat(raw.strip().lines()).as("exactly one JSON line").hasSize(1);
        return new Outcome(exit, Json.parseObject(raw), raw);
    }

    String roleArn(String name) {
        return "arn:aws:iam::" + sts.accountId() + ":role/" + name;
    }

    Map<String, Object> task(String role) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("role_arn", roleArn(role));
        args.put("role_session_name", "ansible");
        args.put("access_key", demo.credentials().accessKeyId());
        args.put("secret_key", demo.credentials().secretAccessKey());
        args.put("endpoint_url", sts.endpoint().toString());
        args.put("_ansible_check_mode", false);
        return args;
    }

    String wrongCode() {
        long step = Totp.step(sts.clock().instant());
        Set<String> valid = new HashSet<>();
        for (long s = step - 2; s <= step + 2; s++) {
            valid.add(Totp.code(demo.mfa().seed(), s));
        }
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    @Test
    void assumes_the_role_and_returns_amazon_aws_result_keys_in_check_mode_too() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("duration_seconds", "900");
        args.put("_ansible_check_mode", true); // AssumeRole changes no AWS state: the task runs, it is not skipped
        Outcome o = run(args);
        assertThat(o.exit()).as(o.raw()).isZero();
        assertThat(o.result())
                .containsOnlyKeys("changed", "sts_creds", "sts_user", "invocation")
                .containsEntry("changed", true);
        Map<String, Object> creds = (Map<String, Object>) o.result().get("sts_creds");
        assertThat(creds).containsOnlyKeys("access_key", "secret_key", "session_token", "expiration");
        assertThat((String) creds.get("access_key")).startsWith("ASIA");
        assertThat((String) creds.get("expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat((Map<String, Object>) o.result().get("sts_user"))
                .containsEntry("arn", "arn:aws:sts::" + sts.accountId() + ":assumed-role/deployer/ansible")
                .containsOnlyKeys("arn", "assumed_role_id");
        assertThat(sts.emulator().actionCount("AssumeRole")).isEqualTo(1);
        assertThat(sts.emulator().actionCount("GetSessionToken")).isZero();
    }

    @Test
    void the_mfa_code_goes_with_the_assume_role_call_and_is_never_echoed() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("mfa_serial_number", demo.mfa().serial());
        String wrong = wrongCode();
        args.put("mfa_token", wrong);
        Outcome o = run(args);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.msg())
                .isEqualTo("An error occurred (AccessDenied) when calling the AssumeRole operation: "
                        + "MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertThat(o.result()).containsKeys("error", "response_metadata");
        Map<String, Object> moduleArgs =
                (Map<String, Object>) ((Map<String, Object>) o.result().get("invocation")).get("module_args");
        assertThat(moduleArgs)
                .containsEntry("mfa_token", ArgumentSpec.NO_LOG_PLACEHOLDER)
                .containsEntry("secret_key", ArgumentSpec.NO_LOG_PLACEHOLDER);
        assertThat(o.raw())
                .doesNotContain(wrong)
                .doesNotContain(demo.credentials().secretAccessKey());
        assertThat(sts.emulator().actionCount("GetSessionToken")).isZero();
    }

    @Test
    void the_external_id_is_a_shared_secret_masked_in_invocation_and_failures() throws Exception {
        String externalId = "partner-7f3a9c";
        Map<String, Object> args = task("deployer");
        args.put("external_id", externalId);
        Outcome ok = run(args);
        assertThat(ok.exit()).as(ok.raw()).isZero();
        Map<String, Object> moduleArgs =
                (Map<String, Object>) ((Map<String, Object>) ok.result().get("invocation")).get("module_args");
        assertThat(moduleArgs).containsEntry("external_id", ArgumentSpec.NO_LOG_PLACEHOLDER);
        assertThat(ok.raw()).doesNotContain(externalId);
        // A failure masks it even where a message would quote it.
        args.put("role_arn", roleArn("missing-" + externalId));
        Outcome failed = run(args);
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.raw()).doesNotContain(externalId);
    }

    @Test
    void a_right_code_makes_an_mfa_session_that_may_call_iam() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("mfa_serial_number", demo.mfa().serial());
        args.put("mfa_token", demo.mfa().code());
        Outcome o = run(args);
        assertThat(o.exit()).as(o.raw()).isZero();
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
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("role_arn", roleArn("deployer"));
        args.put("role_session_name", "ansible");
        args.put("profile", "alice");
        args.put("endpoint_url", sts.endpoint().toString());
        args.put("mfa_token", wrongCode());
        Outcome o = run(args);
        // Dropped, the code would leave a role session without MFA that looks like success.
        assertThat(o.exit()).as(o.raw()).isEqualTo(1);
        assertThat(o.msg()).contains("AccessDenied").contains("MFA");
    }

    @Test
    void a_code_with_no_serial_anywhere_fails_before_any_call_naming_the_modules_options() throws Exception {
        env.put("AWS_CONFIG_FILE", tmp.resolve("none").toString());
        Map<String, Object> args = task("deployer");
        args.put("mfa_token", "123456");
        Outcome o = run(args);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.msg()).contains("mfa_serial_number").doesNotContain("--");
        assertThat(sts.emulator().actionCount("AssumeRole")).isZero();
    }

    @Test
    void invalid_input_is_refused_before_any_call() throws Exception {
        Map<String, Object> longDuration = task("deployer");
        longDuration.put("duration_seconds", 43201L);
        assertThat(run(longDuration).msg())
                .startsWith("invalid duration_seconds 43201: AssumeRole takes 900 to 43200 seconds");
        Map<String, Object> badArn = task("deployer");
        badArn.put("role_arn", "deployer");
        assertThat(run(badArn).msg()).startsWith("invalid role ARN 'deployer'");
        Map<String, Object> badName = task("deployer");
        badName.put("role_session_name", "has space");
        assertThat(run(badName).msg()).startsWith("invalid role session name");
        Map<String, Object> badCode = task("deployer");
        badCode.put("mfa_serial_number", demo.mfa().serial());
        badCode.put("mfa_token", "12345x");
        assertThat(run(badCode).msg()).startsWith("invalid MFA token code");
        assertThat(sts.emulator().actionCount("AssumeRole")).isZero();
    }

    @Test
    void every_option_of_the_call_reaches_the_wire_as_assume_role_sends_it() throws Exception {
        try (FaultServer server = new FaultServer(FaultServer.awsError(403, "AccessDenied", "no"))) {
            Map<String, Object> args = task("deployer");
            args.put("endpoint_url", server.endpoint().toString());
            args.put("duration_seconds", 1800L);
            args.put("external_id", "shared-id");
            args.put("policy", "{\"Version\":\"2012-10-17\"}");
            args.put("mfa_serial_number", demo.mfa().serial());
            args.put("mfa_token", "123 456");
            Outcome o = run(args);
            assertThat(o.msg()).isEqualTo("An error occurred (AccessDenied) when calling the AssumeRole operation: no");
            String body = server.received().get(0);
            assertThat(body)
                    .contains("Action=AssumeRole")
                    .contains("RoleSessionName=ansible")
                    .contains("DurationSeconds=1800")
                    .contains("ExternalId=shared-id")
                    .contains("Policy=%7B%22Version%22%3A%222012-10-17%22%7D")
                    .contains("TokenCode=123456")
                    .contains(
                            "SerialNumber=" + PercentEncoding.encode(demo.mfa().serial()));
        }
    }

    @Test
    void the_tasks_own_input_is_checked_before_credentials_are_looked_for() throws Exception {
        env.put("AWS_CONFIG_FILE", tmp.resolve("none").toString());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("role_arn", "not-an-arn");
        args.put("role_session_name", "ansible");
        assertThat(run(args).msg()).startsWith("invalid role ARN 'not-an-arn'");
    }

    @Test
    void required_options_fail_with_ansibles_wording() throws Exception {
        Map<String, Object> args = task("deployer");
        args.remove("role_arn");
        args.remove("role_session_name");
        args.put("colour", "blue");
        Outcome o = run(args);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.msg()).isEqualTo("missing required arguments: role_arn, role_session_name");
    }

    @Test
    void unknown_options_list_amazon_aws_names_and_aliases() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("colour", "blue");
        assertThat(run(args).msg())
                .startsWith(
                        "Unsupported parameters for (sts_assume_role) module: colour. Supported "
                                + "parameters include: access_key, access_token, aws_access_key, aws_access_key_id, aws_ca_bundle, aws_config,");
    }

    @Test
    void every_credential_alias_is_accepted() throws Exception {
        String[][] names = {
            {"aws_access_key_id", "aws_secret_access_key", "ec2_url"},
            {"aws_access_key", "aws_secret_key", "s3_url"},
            {"ec2_access_key", "ec2_secret_key", "aws_endpoint_url"}
        };
        for (String[] set : names) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("role_arn", roleArn("viewer"));
            args.put("role_session_name", "aliases");
            args.put(set[0], demo.credentials().accessKeyId());
            args.put(set[1], demo.credentials().secretAccessKey());
            args.put(set[2], sts.endpoint().toString());
            Outcome o = run(args);
            assertThat(o.exit()).as(o.raw()).isZero();
        }
    }

    @Test
    void a_role_profile_as_the_connection_profile_is_assumed_first() throws Exception {
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(
                tmp.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                tmp.resolve(".aws/config"),
                "[profile viewer]\nrole_arn = " + roleArn("viewer")
                        + "\nsource_profile = base\nrole_session_name = hop\n");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("role_arn", roleArn("deployer"));
        args.put("role_session_name", "ansible");
        args.put("profile", "viewer");
        args.put("endpoint_url", sts.endpoint().toString());
        args.put("debug_botocore_endpoint_logs", true);
        Outcome o = run(args);
        assertThat(o.exit()).as(o.raw()).isZero();
        assertThat(sts.emulator().actionCount("AssumeRole")).isEqualTo(2);
        assertThat(o.result().get("resource_actions")).isEqualTo(List.of("sts:AssumeRole"));
        assertThat(((Map<String, Object>) o.result().get("sts_user")).get("arn"))
                .isEqualTo("arn:aws:sts::" + sts.accountId() + ":assumed-role/deployer/ansible");
    }

    @Test
    void a_role_profile_whose_user_needs_a_code_says_where_that_code_comes_from() throws Exception {
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(
                tmp.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                tmp.resolve(".aws/config"),
                "[profile base]\nmfa_serial = " + demo.mfa().serial() + "\n[profile viewer]\nrole_arn = "
                        + roleArn("viewer") + "\nsource_profile = base\n");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("role_arn", roleArn("deployer"));
        args.put("role_session_name", "ansible");
        args.put("profile", "viewer");
        args.put("endpoint_url", sts.endpoint().toString());
        Outcome o = run(args);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.msg())
                .isEqualTo(
                        "profile 'viewer' needs an MFA code for " + demo.mfa().serial() + " before its role can be "
                                + "assumed: set mfa_process in the profile (mfa_token goes with the role this task assumes)");
        assertThat(sts.emulator().actionCount("GetSessionToken")
                        + sts.emulator().actionCount("AssumeRole"))
                .isZero();
    }

    @Test
    void an_unreachable_endpoint_is_a_clean_failure_not_a_traceback() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("endpoint_url", "http://127.0.0.1:1");
        Outcome o = run(args);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.msg()).startsWith("Failed to connect to AWS: ").doesNotContain("Exception");
    }

    @Test
    void aws_config_retries_are_honoured_and_unknown_keys_refused() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("aws_config", Map.of("retries", Map.of("total_max_attempts", 1L), "connect_timeout", 2L));
        assertThat(run(args).exit()).isZero();
        Map<String, Object> unknown = task("deployer");
        unknown.put("aws_config", Map.of("proxies", Map.of("https", "http://proxy:3128")));
        assertThat(run(unknown).msg())
                .isEqualTo("aws_config: 'proxies' is not supported by this module (supported: "
                        + "connect_timeout, read_timeout, retries)");
    }

    @Test
    void profile_and_keys_together_fail_with_amazon_aws_sentence() throws Exception {
        Map<String, Object> args = task("deployer");
        args.put("profile", "x");
        assertThat(run(args).msg()).isEqualTo("Passing both a profile and access tokens is not supported.");
    }
}
