package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role profiles and the session cache, through the launcher against {@code serve}: what a cached
 * role session may answer for, and how the cache shows and forgets it.
 */
class RoleCacheIT {
    static final Path LAUNCHER = Path.of(System.getProperty("dist.dir")).resolve("bin/sts-session-token");

    @TempDir
    Path home;

    ServeProcess serve;
    String account;
    String serial;
    byte[] seed;

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("USER", "alice");
        return env;
    }

    Processes.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, env(), home, null, Duration.ofSeconds(120));
    }

    /** The current MFA code of the demo user's device (AWS accepts it for a step either side). */
    String code() {
        return Totp.code(seed, Totp.step(Instant.now()));
    }

    /**
     * {@code base} holds the demo user's keys and device (its own policy lets it assume roles only
     * with MFA); the partner role trusts only external id "Aa".
     */
    @BeforeEach
    void startServeAndWriteProfiles() throws Exception {
        serve = ServeProcess.start(LAUNCHER, home.resolve("state"), env());
        account = serve.account();
        seed = Base32.decode(
                Files.readString(home.resolve("state/demo-mfa-seed.txt")).strip());
        serial = IniFile.read(home.resolve("state/config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        serve.createRoleTrustingDemo("admin");
        serve.createRole("partner", ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"Aa\"}}");
        Map<String, String> demo =
                IniFile.read(home.resolve("state/credentials")).section("emulator-demo");
        Files.writeString(
                home.resolve("credentials"),
                "[base]\naws_access_key_id = " + demo.get("aws_access_key_id") + "\naws_secret_access_key = "
                        + demo.get("aws_secret_access_key") + "\n");
        List<String> config = new ArrayList<>(
                List.of("[profile base]", "endpoint_url = " + serve.endpoint, "mfa_serial = " + serial, ""));
        for (String id : List.of("Aa", "BB")) {
            config.addAll(List.of(
                    "[profile partner-" + id.toLowerCase() + "]",
                    "role_arn = arn:aws:iam::" + account + ":role/partner",
                    "source_profile = base",
                    "endpoint_url = " + serve.endpoint,
                    "external_id = " + id,
                    ""));
        }
        config.addAll(List.of(
                "[profile lost]", "role_arn = arn:aws:iam::" + account + ":role/admin", "source_profile = base", ""));
        config.addAll(List.of(
                "[profile admin]",
                "role_arn = arn:aws:iam::" + account + ":role/admin",
                "source_profile = base",
                "endpoint_url = " + serve.endpoint,
                ""));
        Files.writeString(home.resolve("config"), String.join("\n", config));
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) serve.close();
    }

    @Test
    void a_cached_role_session_never_answers_for_an_external_id_whose_string_hash_collides() throws Exception {
        Processes.Result trusted =
                run("get", "--profile", "partner-aa", "--mfa-token", code(), "-o", "credential-process");
        assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
        // "Aa".hashCode() == "BB".hashCode(): the old cache key held that 32-bit hash of the id. The
        // MFA session under the role is cached, so no second code is needed to reach AssumeRole.
        Processes.Result refused = run("get", "--profile", "partner-bb", "-o", "credential-process");
        assertThat(refused.exitCode())
                .as("the role trusts only 'Aa': " + refused)
                .isNotZero();
        assertThat(refused.stdout()).doesNotContain("AccessKeyId");
        assertThat(refused.stderr()).contains("AccessDenied");
        assertThat(serve.count("AssumeRole", 403)).isEqualTo(1);
    }

    @Test
    void whoami_on_a_role_profile_with_nothing_cached_shows_the_assumed_role_not_the_source_user() throws Exception {
        // The MFA session of base is cached by another role's get; nothing of admin is.
        Processes.Result get = run("get", "--profile", "partner-aa", "--mfa-token", code(), "-o", "credential-process");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        Processes.Result whoami = run("whoami", "--profile", "admin");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(Json.parseObject(whoami.stdout()).get("Arn"))
                .as("the role's ARN, not the source user's")
                .isEqualTo("arn:aws:sts::" + account + ":assumed-role/admin/sts-session-token-alice");
        long assumed = serve.count("AssumeRole", 200);
        Processes.Result again = run("whoami", "--profile", "admin");
        assertThat(Json.parseObject(again.stdout()).get("Arn"))
                .isEqualTo(Json.parseObject(whoami.stdout()).get("Arn"));
        assertThat(serve.count("AssumeRole", 200))
                .as("the role session was cached")
                .isEqualTo(assumed);
        assertThat(serve.count("GetSessionToken", 200))
                .as("one MFA session for both roles")
                .isEqualTo(1);
    }

    @Test
    void cache_list_labels_each_session_by_the_profile_whose_credentials_it_is_and_clear_goes_by_that()
            throws Exception {
        Processes.Result get = run("get", "--profile", "admin", "--mfa-token", code(), "-o", "credential-process");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        Processes.Result list = run("cache", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        String host = serve.endpoint.getHost() + ":" + serve.endpoint.getPort();
        List<String> rows = list.stdout().lines().skip(1).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows)
                .as("the source user's MFA session is base's, the role session admin's")
                .anyMatch(r -> r.matches("base +" + java.util.regex.Pattern.quote(host) + " .*"))
                .anyMatch(r -> r.matches("admin +" + java.util.regex.Pattern.quote(host) + " .*"));
        assertThat(list.stdout())
                .doesNotContain("http://")
                .doesNotContain("tls=")
                .doesNotContain("role=");
        Processes.Result clear = run("cache", "clear", "--profile", "base");
        assertThat(clear.stdout()).startsWith("removed 1 cached session(s) of profile base");
        assertThat(run("cache", "list").stdout().lines().skip(1).toList())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("admin ");
    }

    @Test
    void a_role_profile_missing_its_source_profiles_endpoint_url_fails_with_the_fix_in_the_error() {
        // No endpoint of its own: the region's STS, as botocore does. A proxy nobody listens on stands
        // in for AWS, so nothing leaves this machine.
        Map<String, String> env = env();
        env.put("HTTPS_PROXY", "http://127.0.0.1:1");
        Processes.Result r = Processes.run(
                List.of(LAUNCHER.toString(), "get", "--profile", "lost", "--mfa-token", code()),
                env,
                home,
                null,
                Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        String error = r.stderr().lines().findFirst().orElseThrow();
        assertThat(error)
                .contains("profile 'lost' has no endpoint_url")
                .contains("source profile 'base' has one")
                .contains("[profile lost]");
        assertThat(serve.count("GetSessionToken", 200)).isZero();
    }
}
