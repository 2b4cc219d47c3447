package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Bolt task run exactly as Bolt runs it: the module unpacked, the task and its files under
 * _installdir, parameters on stdin (with _task and _installdir), never as PT_* variables.
 */
@SuppressWarnings("unchecked")
class BoltIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));
    static final Pattern NAME = Pattern.compile("\\A[a-z][a-z0-9_]*\\z");

    @TempDir
    static Path home;

    static ServeProcess serve;
    static Path installdir;
    static Path task;
    static Map<String, String> demo;
    static String serial;
    static byte[] seed;
    /** The launcher of an installed release made from the distribution (bin/, lib/, lib/RELEASE). */
    static Path release;

    /**
     * The two ways a task runs: its own jars, or an installed release named by STS_SESSION_TOKEN_LAUNCHER
     * in the target's environment (README); each task must run its own adapter either way.
     */
    enum Via {
        EMBEDDED_JARS,
        INSTALLED_RELEASE
    }

    @BeforeAll
    static void unpackModuleAndStartEmulator() throws Exception {
        Path tarball = tarball();
        // Installed with Puppet's own tool, as a Boltdir's modules/ would get it.
        Path puppet = Peers.require("puppet");
        Path modules = home.resolve("modules");
        Map<String, String> env = baseEnv();
        Processes.Result install = Processes.run(
                List.of(
                        puppet.toString(),
                        "module",
                        "install",
                        "--target-dir",
                        modules.toString(),
                        "--ignore-dependencies",
                        tarball.toString()),
                env,
                home,
                null,
                Duration.ofSeconds(180));
        assertThat(install.exitCode()).as(install.toString()).isZero();
        Path module = modules.resolve("sts_session_token");
        assertThat(module.resolve("tasks/get_session_token.json")).exists();
        // Bolt copies the task and its metadata "files" into _installdir/<module>/...
        installdir = home.resolve("installdir");
        Files.createDirectories(installdir);
        Files.move(module, installdir.resolve("sts_session_token"));
        task = installdir.resolve("sts_session_token/tasks/get_session_token.sh");
        // The tasks are under test, not IAM: the demo user's self-management policy allows no AssumeRole
        // without MFA, which the assume_role task's plain-key cases do not use.
        serve = ServeProcess.start(
                DIST.resolve("bin/sts-session-token"), home.resolve("state"), baseEnv(), "--no-enforce-iam");
        serve.createRoleTrustingDemo("deployer");
        demo = IniFile.read(home.resolve("state/credentials")).section("emulator-demo");
        serial = IniFile.read(home.resolve("state/config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        seed = Base32.decode(
                Files.readString(home.resolve("state/demo-mfa-seed.txt")).strip());
        release = DistRelease.install(DIST, home.resolve("release"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) serve.close();
    }

    static Map<String, String> baseEnv() {
        Map<String, String> env = DistEnv.of(home);
        return env;
    }

    Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("access_key_id", demo.get("aws_access_key_id"));
        p.put("secret_access_key", demo.get("aws_secret_access_key"));
        p.put("endpoint_url", serve.endpoint.toString());
        p.put("region", "us-east-1");
        return p;
    }

    record Run(int exit, Map<String, Object> output, String stdout) {}

    /** input_method stdin: all parameters plus the metaparameters as one JSON object. */
    Run viaStdin(Map<String, Object> params) {
        return viaStdin("get_session_token", params);
    }

    Run viaStdin(String taskName, Map<String, Object> params) {
        return viaStdin(Via.EMBEDDED_JARS, taskName, params);
    }

    Run viaStdin(Via via, String taskName, Map<String, Object> params) {
        Map<String, Object> input = new LinkedHashMap<>(params);
        input.put("_task", "sts_session_token::" + taskName);
        input.put("_installdir", installdir.toString());
        Path script = installdir.resolve("sts_session_token/tasks/" + taskName + ".sh");
        Map<String, String> env = baseEnv();
        if (via == Via.INSTALLED_RELEASE) {
            env.put("STS_SESSION_TOKEN_LAUNCHER", release.toString());
        }
        Processes.Result r =
                Processes.run(List.of(script.toString()), env, home, Json.write(input), Duration.ofSeconds(60));
        return new Run(r.exitCode(), Json.parseObject(r.stdout()), r.stdout());
    }

    static void assertCredentials(Run run) {
        assertThat(run.exit()).as(run.stdout()).isZero();
        Map<String, Object> credentials = (Map<String, Object>) run.output().get("credentials");
        assertThat(run.output()).containsOnlyKeys("credentials");
        assertThat(credentials).containsOnlyKeys("access_key_id", "secret_access_key", "session_token", "expiration");
        assertThat((String) credentials.get("access_key_id")).startsWith("ASIA");
        assertThat((String) credentials.get("expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void the_tarball_unpacks_to_a_directory_named_after_the_module_and_installs_with_no_forge() throws Exception {
        Processes.Result list =
                Processes.run(List.of("tar", "tzf", tarball().toString()), null, null, null, Duration.ofSeconds(30));
        assertThat(list.stdout().lines()).allMatch(entry -> entry.startsWith("sts_session_token/"));
        Path modules = home.resolve("offline-modules");
        // An unreachable forge: --ignore-dependencies must be all puppet needs.
        Processes.Result install = Processes.run(
                List.of(
                        Peers.require("puppet").toString(),
                        "module",
                        "install",
                        "--module_repository",
                        "http://127.0.0.1:1",
                        "--target-dir",
                        modules.toString(),
                        "--ignore-dependencies",
                        tarball().toString()),
                baseEnv(),
                home,
                null,
                Duration.ofSeconds(180));
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(modules.resolve("sts_session_token/tasks/get_session_token.sh"))
                .isExecutable();
    }

    static Path tarball() throws Exception {
        try (var files = Files.list(DIST)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ststoken-sts_session_token-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void stdin_with_mfa_and_an_integer_duration(Via via) {
        Map<String, Object> p = params();
        p.put("duration_seconds", 3600L);
        p.put("serial_number", serial);
        // A code of its own step per path: the emulator refuses a code used twice.
        p.put("token_code", Totp.code(seed, Totp.step(Instant.now()) + via.ordinal()));
        assertCredentials(viaStdin(via, "get_session_token", p));
    }

    @Test
    void each_error_kind_is_an_error_object_with_exit_1() {
        Map<String, Object> wrongCode = params();
        wrongCode.put("serial_number", serial);
        wrongCode.put("token_code", Totp.code(seed, Totp.step(Instant.now()) + 5));
        assertError(viaStdin(wrongCode), "sts_session_token/AccessDenied", "invalid MFA one time pass code");
        Map<String, Object> error =
                (Map<String, Object>) viaStdin(wrongCode).output().get("_error");
        assertThat((Map<String, Object>) error.get("details"))
                .containsEntry("code", "AccessDenied")
                .containsKey("request_id");

        Map<String, Object> badDuration = params();
        badDuration.put("duration_seconds", "abc");
        assertError(viaStdin(badDuration), "sts_session_token/invalid-input", "invalid duration 'abc'");

        Map<String, Object> unknownKey = params();
        unknownKey.put("secret_access_key", "wrong");
        assertError(viaStdin(unknownKey), "sts_session_token/SignatureDoesNotMatch", "SignatureDoesNotMatch");

        Map<String, Object> unreachable = params();
        unreachable.put("endpoint_url", "http://127.0.0.1:1");
        assertError(viaStdin(unreachable), "sts_session_token/endpoint-unreachable", "cannot reach");

        Map<String, Object> unknownParameter = params();
        unknownParameter.put("colour", "blue");
        assertError(viaStdin(unknownParameter), "sts_session_token/invalid-input", "unknown parameter 'colour'");
    }

    static void assertError(Run run, String kind, String inMessage) {
        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        Map<String, Object> error = (Map<String, Object>) run.output().get("_error");
        assertThat(error).as(run.stdout()).containsKeys("msg", "kind", "details");
        assertThat(error.get("kind")).isEqualTo(kind);
        assertThat((String) error.get("msg")).contains(inMessage);
        assertThat(run.stdout()).doesNotContain(demo.get("aws_secret_access_key"));
    }

    @Test
    void task_metadata_follows_the_task_spec() throws Exception {
        Map<String, Object> metadata = Json.parseObject(
                Files.readString(installdir.resolve("sts_session_token/tasks/get_session_token.json")));
        assertThat(metadata.keySet())
                .isSubsetOf(
                        "description",
                        "puppet_task_version",
                        "supports_noop",
                        "input_method",
                        "parameters",
                        "files",
                        "implementations",
                        "private",
                        "remote",
                        "extensions",
                        "identifiers");
        // stdin only: Bolt puts PT_* variables into the command line it builds for run-as.
        assertThat(metadata)
                .containsEntry("puppet_task_version", 1L)
                .containsEntry("supports_noop", false)
                .containsEntry("input_method", "stdin");
        assertThat((List<Object>) metadata.get("files"))
                .containsExactly(
                        "sts_session_token/files/bin/",
                        "sts_session_token/files/lib/",
                        "sts_session_token/files/SHA256SUMS");
        assertThat(installdir.resolve("sts_session_token/files/bin/sts-session-token"))
                .isExecutable();
        assertThat(installdir.resolve("sts_session_token/files/lib/sts-session-token-cli.jar"))
                .exists();
        Map<String, Object> parameters = (Map<String, Object>) metadata.get("parameters");
        assertThat(parameters.keySet())
                .containsExactlyInAnyOrder(
                        "duration_seconds",
                        "serial_number",
                        "token_code",
                        "profile",
                        "region",
                        "endpoint_url",
                        "validate_certs",
                        "ca_bundle",
                        "access_key_id",
                        "secret_access_key",
                        "session_token");
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            assertThat(parameter.getKey()).matches(NAME);
            Map<String, Object> spec = (Map<String, Object>) parameter.getValue();
            assertThat(spec.keySet()).isSubsetOf("description", "type", "sensitive", "default");
            assertThat((String) spec.get("type")).startsWith("Optional[");
        }
        for (String secret : List.of("token_code", "secret_access_key", "session_token")) {
            assertThat(((Map<String, Object>) parameters.get(secret)).get("sensitive"))
                    .as(secret)
                    .isEqualTo(true);
        }
        assertThat("get_session_token").matches(NAME);
        Map<String, Object> module =
                Json.parseObject(Files.readString(installdir.resolve("sts_session_token/metadata.json")));
        assertThat((String) module.get("name")).matches("[a-z0-9]+-[a-z][a-z0-9_]*");
        assertThat(module).containsKeys("version", "author", "license", "summary", "source", "dependencies");
    }

    Map<String, Object> roleParams(String role) {
        Map<String, Object> p = params();
        p.put("role_arn", "arn:aws:iam::" + serial.split(":")[4] + ":role/" + role);
        p.put("role_session_name", "bolt");
        return p;
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void assume_role_returns_the_role_sessions_credentials_in_get_session_tokens_shape(Via via) {
        Map<String, Object> p = roleParams("deployer");
        p.put("duration_seconds", "900");
        Run run = viaStdin(via, "assume_role", p);
        assertThat(run.exit()).as(run.stdout()).isZero();
        assertThat(run.output()).containsOnlyKeys("credentials", "assumed_role_user");
        Map<String, Object> credentials = (Map<String, Object>) run.output().get("credentials");
        assertThat(credentials).containsOnlyKeys("access_key_id", "secret_access_key", "session_token", "expiration");
        assertThat((String) credentials.get("expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat((Map<String, Object>) run.output().get("assumed_role_user"))
                .containsEntry("arn", "arn:aws:sts::" + serial.split(":")[4] + ":assumed-role/deployer/bolt");
    }

    @Test
    void assume_role_has_the_same_error_kinds_as_get_session_token() {
        Map<String, Object> wrongCode = roleParams("deployer");
        wrongCode.put("serial_number", serial);
        wrongCode.put("token_code", Totp.code(seed, Totp.step(Instant.now()) + 5));
        assertError(
                viaStdin("assume_role", wrongCode), "sts_session_token/AccessDenied", "invalid MFA one time pass code");

        Map<String, Object> missingRole = roleParams("missing");
        assertError(
                viaStdin("assume_role", missingRole), "sts_session_token/AccessDenied", "is not authorized to perform");

        Map<String, Object> noRole = params();
        noRole.put("role_session_name", "bolt");
        assertError(viaStdin("assume_role", noRole), "sts_session_token/invalid-input", "missing parameter role_arn");

        Map<String, Object> badDuration = roleParams("deployer");
        badDuration.put("duration_seconds", "abc");
        assertError(viaStdin("assume_role", badDuration), "sts_session_token/invalid-input", "invalid duration 'abc'");

        Map<String, Object> unreachable = roleParams("deployer");
        unreachable.put("endpoint_url", "http://127.0.0.1:1");
        assertError(viaStdin("assume_role", unreachable), "sts_session_token/endpoint-unreachable", "cannot reach");

        Map<String, Object> unknownParameter = roleParams("deployer");
        unknownParameter.put("colour", "blue");
        assertError(
                viaStdin("assume_role", unknownParameter),
                "sts_session_token/invalid-input",
                "unknown parameter 'colour'");
    }

    @Test
    void assume_role_metadata_follows_the_task_spec_with_stdin_only_and_its_secrets_sensitive() throws Exception {
        Map<String, Object> metadata =
                Json.parseObject(Files.readString(installdir.resolve("sts_session_token/tasks/assume_role.json")));
        Map<String, Object> sessionToken = Json.parseObject(
                Files.readString(installdir.resolve("sts_session_token/tasks/get_session_token.json")));
        assertThat(metadata.keySet())
                .isSubsetOf(
                        "description",
                        "puppet_task_version",
                        "supports_noop",
                        "input_method",
                        "parameters",
                        "files",
                        "implementations",
                        "private",
                        "remote",
                        "extensions",
                        "identifiers");
        assertThat(metadata)
                .containsEntry("puppet_task_version", 1L)
                .containsEntry("supports_noop", false)
                .containsEntry("input_method", "stdin")
                .containsEntry("files", sessionToken.get("files"));
        Map<String, Object> parameters = (Map<String, Object>) metadata.get("parameters");
        assertThat(parameters.keySet())
                .containsExactlyInAnyOrder(
                        "role_arn",
                        "role_session_name",
                        "duration_seconds",
                        "external_id",
                        "policy",
                        "serial_number",
                        "token_code",
                        "profile",
                        "region",
                        "endpoint_url",
                        "validate_certs",
                        "ca_bundle",
                        "access_key_id",
                        "secret_access_key",
                        "session_token");
        Map<String, Object> sharedParameters = (Map<String, Object>) sessionToken.get("parameters");
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            assertThat(parameter.getKey()).matches(NAME);
            Map<String, Object> spec = (Map<String, Object>) parameter.getValue();
            assertThat(spec.keySet()).isSubsetOf("description", "type", "sensitive", "default");
            boolean required =
                    parameter.getKey().equals("role_arn") || parameter.getKey().equals("role_session_name");
            assertThat(((String) spec.get("type")).startsWith("Optional["))
                    .as(parameter.getKey())
                    .isEqualTo(!required);
            if (sharedParameters.containsKey(parameter.getKey())
                    && !parameter.getKey().equals("duration_seconds")) {
                Map<String, Object> shared = (Map<String, Object>) sharedParameters.get(parameter.getKey());
                assertThat(spec.get("type"))
                        .as("same type as in get_session_token: " + parameter.getKey())
                        .isEqualTo(shared.get("type"));
                assertThat(spec.get("sensitive"))
                        .as("as sensitive as in get_session_token: " + parameter.getKey())
                        .isEqualTo(shared.get("sensitive"));
            }
        }
        for (String secret : List.of("token_code", "secret_access_key", "session_token", "external_id")) {
            assertThat(((Map<String, Object>) parameters.get(secret)).get("sensitive"))
                    .as(secret)
                    .isEqualTo(true);
        }
        assertThat(installdir.resolve("sts_session_token/tasks/assume_role.sh")).isExecutable();
    }
}
