package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
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

@SuppressWarnings("unchecked")
class AnsibleModuleTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    TestUser demo;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() {
        demo = sts.demo();
        env.put("HOME", tmp.toString());
    }

    record Outcome(int exit, Map<String, Object> result, String raw) {}

    Outcome run(Map<String, Object> args) throws Exception {
        Path file = tmp.resolve("args");
        Files.writeString(file, Json.write(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new AnsibleModule(new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), tmp)
                .run(List.of(file.toString()));
        String raw = out.toString(StandardCharsets.UTF_8);
        return new Outcome(exit, Json.parseObject(raw), raw);
    }

    Map<String, Object> keys() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("aws_access_key", demo.credentials().accessKeyId());
        args.put("aws_secret_key", demo.credentials().secretAccessKey());
        args.put("ec2_url", sts.endpoint().toString());
        args.put("_ansible_check_mode", true);
        args.put("_ansible_no_log", false);
        args.put("_ansible_verbosity", 0L);
        return args;
    }

    @Test
    void strings_are_coerced_as_ansible_does_and_internal_keys_are_ignored() throws Exception {
        Map<String, Object> args = keys();
        args.put("duration_seconds", "900");
        args.put("validate_certs", "yes");
        args.put("debug_botocore_endpoint_logs", "on");
        Outcome o = run(args);
        assertThat(o.exit()).as(o.raw()).isZero();
        assertThat(o.result()).containsKeys("changed", "sts_creds", "invocation", "resource_actions");
        Map<String, Object> moduleArgs =
                (Map<String, Object>) ((Map<String, Object>) o.result().get("invocation")).get("module_args");
        assertThat(moduleArgs)
                .containsEntry("duration_seconds", 900L)
                .containsEntry("validate_certs", true)
                .containsEntry("aws_secret_key", AnsibleModule.NO_LOG_PLACEHOLDER);
        assertThat(o.raw()).doesNotContain(demo.credentials().secretAccessKey() + "\"}, \"invocation");
    }

    @Test
    void bad_types_unknown_options_and_profile_with_keys_fail_like_ansible() throws Exception {
        Map<String, Object> badInt = keys();
        badInt.put("duration_seconds", "soon");
        assertThat(run(badInt).result().get("msg").toString())
                .startsWith(
                        "argument 'duration_seconds' is of type <class 'str'> and we were unable to convert to int");
        Map<String, Object> badBool = keys();
        badBool.put("validate_certs", "maybe");
        assertThat(run(badBool).result().get("msg").toString()).contains("is not a valid boolean");
        Map<String, Object> unknown = keys();
        unknown.put("zzz", 1L);
        unknown.put("aaa", 1L);
        Outcome o = run(unknown);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.result().get("msg").toString())
                .startsWith("Unsupported parameters for (sts_session_token) module: aaa, zzz. "
                        + "Supported parameters include: access_key, access_token,");
        Map<String, Object> both = keys();
        both.put("profile", "x");
        assertThat(run(both).result().get("msg"))
                .isEqualTo("Passing both a profile and access tokens is not supported.");
    }

    @Test
    void aws_errors_are_a_clean_message_with_error_and_metadata_and_no_secret() throws Exception {
        Map<String, Object> args = keys();
        args.put("mfa_serial_number", demo.mfa().serial());
        args.put("mfa_token", "000000".equals(demo.mfa().code()) ? "111111" : "000000");
        Outcome o = run(args);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.result()).containsEntry("failed", true).containsKeys("msg", "error", "response_metadata");
        assertThat(o.result().get("msg"))
                .isEqualTo("An error occurred (AccessDenied) when calling the GetSessionToken "
                        + "operation: MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertThat(o.raw())
                .doesNotContain(demo.credentials().secretAccessKey())
                .doesNotContain("\"000000\"")
                .doesNotContain("\"111111\"");
    }

    @Test
    void environment_fallbacks_supply_keys_and_endpoint() throws Exception {
        env.put("AWS_ACCESS_KEY", demo.credentials().accessKeyId());
        env.put("EC2_SECRET_KEY", demo.credentials().secretAccessKey());
        env.put("EC2_URL", sts.endpoint().toString());
        Outcome o = run(Map.of("_ansible_check_mode", false));
        assertThat(o.exit()).as(o.raw()).isZero();
    }

    @Test
    void a_missing_or_broken_args_file_is_a_failure_not_a_crash() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new AnsibleModule(new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), tmp)
                .run(List.of(tmp.resolve("missing").toString()));
        assertThat(exit).isEqualTo(1);
        assertThat(Json.parseObject(out.toString(StandardCharsets.UTF_8))).containsEntry("failed", true);
        Files.writeString(tmp.resolve("broken"), "{\"aws_secret_key\": \"s3cr3t");
        out.reset();
        new AnsibleModule(new PrintStream(out, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), tmp)
                .run(List.of(tmp.resolve("broken").toString()));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("not a JSON object")
                .doesNotContain("s3cr3t");
    }

    /** A profile named alice with the demo user's keys and its MFA device, as a new user would write it. */
    void aliceProfile() throws Exception {
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(
                tmp.resolve(".aws/credentials"),
                "[alice]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                tmp.resolve(".aws/config"),
                "[profile alice]\nmfa_serial = " + demo.mfa().serial() + "\n");
    }

    String wrongCode() {
        long step = dev.ststoken.totp.Totp.step(sts.clock().instant());
        java.util.Set<String> valid = new java.util.HashSet<>();
        for (long s = step - 2; s <= step + 2; s++) {
            valid.add(dev.ststoken.totp.Totp.code(demo.mfa().seed(), s));
        }
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    @Test
    void a_code_without_a_serial_goes_with_the_profiles_serial_instead_of_being_dropped() throws Exception {
        aliceProfile();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("profile", "alice");
        args.put("ec2_url", sts.endpoint().toString());
        args.put("mfa_token", wrongCode());
        Outcome outcome = run(args);
        // Before the fix this succeeded with a session made without MFA: the code was never sent.
        assertThat(outcome.exit()).as(outcome.raw()).isEqualTo(1);
        assertThat(outcome.result().get("msg").toString())
                .contains("AccessDenied")
                .contains("MFA");
    }

    @Test
    void a_profile_with_a_device_but_no_code_in_the_task_keeps_the_seed_behaviour() throws Exception {
        aliceProfile();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("profile", "alice");
        args.put("ec2_url", sts.endpoint().toString());
        Outcome outcome = run(args);
        assertThat(outcome.exit()).as(outcome.raw()).isZero();
    }

    @Test
    void errors_name_the_modules_own_options_never_cli_flags() throws Exception {
        env.put("AWS_CONFIG_FILE", tmp.resolve("none").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("ec2_url", sts.endpoint().toString());
        Outcome noKeys = run(args);
        assertThat(noKeys.result().get("msg").toString())
                .contains("no AWS credentials found")
                .contains("profile")
                .doesNotContain("--");
        Map<String, Object> codeOnly = keys();
        codeOnly.put("mfa_token", "123456");
        Outcome noSerial = run(codeOnly);
        assertThat(noSerial.result().get("msg").toString())
                .contains("mfa_serial_number")
                .doesNotContain("--");
    }
}
