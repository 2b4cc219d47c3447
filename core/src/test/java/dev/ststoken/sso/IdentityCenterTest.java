package dev.ststoken.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.Json;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import dev.ststoken.sts.RestJsonClient;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import dev.ststoken.testing.FakeIdentityCenter;
import dev.ststoken.testing.FakeIdentityCenter.Answer;
import dev.ststoken.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM Identity Center profiles through the session front door, against a small local stand-in for
 * the portal, the OIDC service and STS: the sign-in's token read from and written to the AWS CLI's
 * cache, renewed near its end, its role session cached, a chain over it, and what a missing,
 * expired or corrupt sign-in and a hostile service do.
 */
class IdentityCenterTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    /** SHA-1 of "corp" and of the legacy start URL, as Python's hashlib computes them. */
    static final String CORP_FILE = "ee0bfd2552fbd840c02cc48b6e823320543c450f";

    static final String LEGACY_FILE = "79e435d7a515078e81c9dffc35f38d5687ebd3a7";

    @TempDir
    Path home;

    final MutableClock clock = new MutableClock(NOW);
    FakeIdentityCenter fake;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeIdentityCenter(clock);
        env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint().toString());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), config(fake.endpoint().toString()));
    }

    @AfterEach
    void tearDown() throws IOException {
        fake.close();
    }

    static String config(String sts) {
        return """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                sso_registration_scopes = sso:account:access

                [profile dev-ro]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = ReadOnly

                [profile legacy]
                sso_start_url = https://legacy.awsapps.com/start
                sso_region = us-east-1
                sso_account_id = 210987654321
                sso_role_name = ReadOnly

                [profile admin]
                role_arn = arn:aws:iam::123456789012:role/admin
                source_profile = dev
                endpoint_url = %s

                [profile audit]
                role_arn = arn:aws:iam::123456789012:role/audit
                source_profile = dev
                endpoint_url = %s
                """.formatted(sts, sts);
    }

    Path tokenFile(String name) {
        return home.resolve(".aws/sso/cache/" + name + ".json");
    }

    /** A token as the AWS CLI leaves it after sso login. */
    void signIn(String file, String access, Instant expiresAt, String refresh) throws IOException {
        Path path = tokenFile(file);
        Files.createDirectories(path.getParent());
        // The start URL of the sign-in the file is named after (a token of another one is refused).
        String startUrl =
                file.equals(LEGACY_FILE) ? "https://legacy.awsapps.com/start" : "https://corp.awsapps.com/start";
        String json = "{\"startUrl\": \"" + startUrl + "\", \"region\": \"eu-west-1\", "
                + "\"accessToken\": \"" + access + "\", \"expiresAt\": \"" + expiresAt + "\""
                + (refresh == null
                        ? ""
                        : ", \"clientId\": \"client-1\", \"clientSecret\": \"client-secret-1\", "
                                + "\"registrationExpiresAt\": \"2027-03-01T00:00:00Z\", \"refreshToken\": \"" + refresh
                                + "\"")
                + "}";
        Files.writeString(path, json);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    Sessions sessions() {
        return Sessions.create(env, home, clock);
    }

    SessionResult session(String profile) throws Exception {
        Sessions sessions = sessions();
        SessionRequest request = SessionRequest.of(
                        SessionParameters.builder().profile(profile).build())
                .toBuilder()
                .cache(sessions.cache(false, 300))
                .build();
        return sessions.session(request, null);
    }

    String cacheText() throws IOException {
        Path dir = home.resolve(".cache/sts-session-token");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    @Test
    void the_role_session_of_a_cached_sign_in_is_fetched_once_and_cached_without_the_token() throws Exception {
        signIn(CORP_FILE, "access-1", NOW.plus(Duration.ofHours(4)), "refresh-1");
        fake.acceptAccessToken("access-1");

        SessionResult first = session("dev");
        assertThat(first.changed()).isTrue();
        assertThat(first.resourceActions()).containsExactly("sso:GetRoleCredentials");
        assertThat(first.session().accessKeyId()).startsWith("ASIASSOFAKE");
        assertThat(first.session().expiration()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        FakeIdentityCenter.Request call = fake.requests().get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/federation/credentials");
        assertThat(call.query()).containsEntry("role_name", "Admin").containsEntry("account_id", "123456789012");
        assertThat(call.headers()).containsEntry("x-amz-sso_bearer_token", "access-1");

        SessionResult second = session("dev");
        assertThat(second.changed()).isFalse();
        assertThat(second.session()).isEqualTo(first.session());
        assertThat(fake.count("/federation/credentials")).isEqualTo(1);
        assertThat(fake.count("/token")).isZero();
        String cache = cacheText();
        assertThat(cache).contains("sso-session=corp account=123456789012 role=Admin");
        assertThat(cache).doesNotContain("access-1").doesNotContain("refresh-1").doesNotContain("client-secret-1");

        // whoami's path: the cached session, no call
        Sessions sessions = sessions();
        SessionRequest request = SessionRequest.of(
                        SessionParameters.builder().profile("dev").build())
                .toBuilder()
                .cache(sessions.cache(false, 300))
                .build();
        ResolvedSettings settings = sessions.resolve(request);
        assertThat(settings.signsIn()).isTrue();
        assertThat(settings.credentials()).isNull();
        assertThat(settings.mfaSerial()).isNull();
        assertThat(sessions.cached(settings, request)).isEqualTo(first.session());
    }

    @Test
    void a_token_within_the_refresh_window_is_renewed_and_written_back_as_the_aws_cli_writes_it() throws Exception {
        signIn(CORP_FILE, "old-access", NOW.plus(Duration.ofMinutes(10)), "refresh-1");
        fake.acceptAccessToken("old-access").acceptRefreshToken("refresh-1", "client-1");

        SessionResult result = session("dev");

        assertThat(fake.count("/token")).isEqualTo(1);
        Map<String, Object> sent = Json.parseObject(fake.requests().get(0).body());
        assertThat(sent)
                .containsEntry("grantType", "refresh_token")
                .containsEntry("clientId", "client-1")
                .containsEntry("clientSecret", "client-secret-1")
                .containsEntry("refreshToken", "refresh-1");
        Map<String, Object> written = Json.parseObject(Files.readString(tokenFile(CORP_FILE)));
        assertThat(written)
                .containsEntry("startUrl", "https://corp.awsapps.com/start")
                .containsEntry("region", "eu-west-1")
                .containsEntry("expiresAt", "2026-12-06T18:00:00Z")
                .containsEntry("clientId", "client-1")
                .containsEntry("clientSecret", "client-secret-1")
                .containsEntry("registrationExpiresAt", "2027-03-01T00:00:00Z");
        assertThat((String) written.get("accessToken")).startsWith("renewed-access-");
        assertThat((String) written.get("refreshToken")).startsWith("renewed-refresh-");
        assertThat(Files.getPosixFilePermissions(tokenFile(CORP_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(fake.requests().get(1).headers())
                .containsEntry("x-amz-sso_bearer_token", (String) written.get("accessToken"));
        assertThat(result.session().accessKeyId()).startsWith("ASIASSOFAKE");
        try (Stream<Path> files = Files.list(tokenFile(CORP_FILE).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CORP_FILE + ".json");
        }
    }

    @Test
    void concurrent_runs_for_two_roles_of_one_sign_in_renew_its_token_once() throws Exception {
        // Two roles: two session cache keys, so only the token's own lock keeps the renewals apart;
        // the stand-in rotates refresh tokens, so a second renewal with the old one would be refused.
        signIn(CORP_FILE, "old-access", NOW.plus(Duration.ofMinutes(10)), "refresh-1");
        fake.acceptRefreshToken("refresh-1", "client-1");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<SessionResult>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String profile = i % 2 == 0 ? "dev" : "dev-ro";
                runs.add(pool.submit(() -> session(profile)));
            }
            for (java.util.concurrent.Future<SessionResult> run : runs) {
                assertThat(run.get().session().accessKeyId()).startsWith("ASIASSOFAKE");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.count("/token")).isEqualTo(1);
        assertThat(fake.count("/federation/credentials")).isEqualTo(2);
    }

    @Test
    void a_token_with_more_than_the_refresh_window_left_is_used_as_it_is() throws Exception {
        signIn(CORP_FILE, "access-1", NOW.plus(Duration.ofMinutes(16)), "refresh-1");
        fake.acceptAccessToken("access-1").acceptRefreshToken("refresh-1", "client-1");
        String before = Files.readString(tokenFile(CORP_FILE));

        session("dev");

        assertThat(fake.count("/token")).isZero();
        assertThat(Files.readString(tokenFile(CORP_FILE))).isEqualTo(before);
    }

    @Test
    void an_expired_sign_in_whose_renewal_is_refused_names_the_sign_in_command() throws Exception {
        signIn(CORP_FILE, "old-access", NOW.minus(Duration.ofMinutes(1)), "unknown-refresh");
        String before = Files.readString(tokenFile(CORP_FILE));

        assertThatThrownBy(() -> session("dev")).isInstanceOfSatisfying(StsServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(IdentityCenterSignIn.SIGN_IN_REQUIRED);
            assertThat(e.awsMessage())
                    .contains("profile 'dev'")
                    .contains("invalid_grant")
                    .endsWith("sts-session-token sso login --profile dev")
                    .doesNotContain("\n")
                    .doesNotContain("old-access");
        });
        assertThat(fake.count("/token")).isEqualTo(1);
        assertThat(fake.count("/federation/credentials")).isZero();
        assertThat(Files.readString(tokenFile(CORP_FILE))).isEqualTo(before);
    }

    @Test
    void a_role_profile_over_a_missing_sign_in_names_the_sign_in_profile() throws Exception {
        assertThatThrownBy(() -> session("admin"))
                .isInstanceOfSatisfying(
                        StsServiceException.class,
                        e -> assertThat(e.awsMessage())
                                .contains("is missing")
                                .endsWith("sts-session-token sso login --profile dev"));
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void a_sign_in_the_portal_refuses_asks_for_a_new_sign_in() throws Exception {
        signIn(CORP_FILE, "revoked", NOW.plus(Duration.ofHours(4)), "refresh-1");
        assertThatThrownBy(() -> session("dev")).isInstanceOfSatisfying(StsServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(IdentityCenterSignIn.SIGN_IN_REQUIRED);
            assertThat(e.awsMessage()).contains("refused by the portal");
        });
        assertThat(cacheText()).doesNotContain("sessionAccessKeyId");
    }

    @Test
    void a_corrupt_token_file_is_a_clear_error_and_is_left_as_it_is() throws Exception {
        signIn(CORP_FILE, "x", NOW, null);
        Files.writeString(tokenFile(CORP_FILE), "{\"accessToken\": \"abc\", \"expiresAt\": ");
        assertThatThrownBy(() -> session("dev"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(tokenFile(CORP_FILE).toString())
                .hasMessageContaining("is not a JSON object")
                .hasMessageContaining("left as it is")
                .hasMessageContaining("sts-session-token sso login --profile dev");
        assertThat(Files.readString(tokenFile(CORP_FILE))).isEqualTo("{\"accessToken\": \"abc\", \"expiresAt\": ");

        Files.writeString(tokenFile(CORP_FILE), "{\"accessToken\": \"abc\", \"expiresAt\": \"tomorrow\"}");
        assertThatThrownBy(() -> session("dev")).hasMessageContaining("expiresAt that is not an ISO-8601 time");
        Files.writeString(tokenFile(CORP_FILE), "{\"expiresAt\": \"2030-01-01T00:00:00Z\"}");
        assertThatThrownBy(() -> session("dev")).hasMessageContaining("has no accessToken or expiresAt");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void a_token_file_others_can_read_is_refused() throws Exception {
        signIn(CORP_FILE, "access-1", NOW.plus(Duration.ofHours(4)), null);
        fake.acceptAccessToken("access-1");
        Files.setPosixFilePermissions(tokenFile(CORP_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> session("dev"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a private file");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void a_legacy_profile_reads_the_token_named_after_its_start_url_and_is_never_renewed() throws Exception {
        signIn(LEGACY_FILE, "legacy-access", NOW.plus(Duration.ofMinutes(5)), "refresh-1");
        fake.acceptAccessToken("legacy-access").acceptRefreshToken("refresh-1", "client-1");

        SessionResult result = session("legacy");
        assertThat(result.session().accessKeyId()).startsWith("ASIASSOFAKE");
        assertThat(fake.requests().get(0).query())
                .containsEntry("role_name", "ReadOnly")
                .containsEntry("account_id", "210987654321");
        assertThat(fake.count("/token")).isZero();

        clock.advance(Duration.ofHours(2)); // the token and the cached session have ended
        assertThatThrownBy(() -> session("legacy"))
                .isInstanceOfSatisfying(
                        StsServiceException.class,
                        e -> assertThat(e.awsMessage())
                                .contains("start URL https://legacy.awsapps.com/start")
                                .contains("has expired")
                                .endsWith("sts-session-token sso login --profile legacy"));
        assertThat(fake.count("/token")).isZero();
    }

    @Test
    void one_sign_in_serves_every_role_chained_over_it() throws Exception {
        signIn(CORP_FILE, "access-1", NOW.plus(Duration.ofHours(4)), "refresh-1");
        fake.acceptAccessToken("access-1");

        SessionResult admin = session("admin");
        SessionResult audit = session("audit");

        assertThat(admin.session().accessKeyId()).startsWith("ASIAROLEFAKE");
        assertThat(audit.session().accessKeyId())
                .startsWith("ASIAROLEFAKE")
                .isNotEqualTo(admin.session().accessKeyId());
        assertThat(admin.resourceActions()).containsExactly("sso:GetRoleCredentials", "sts:AssumeRole");
        assertThat(fake.count("/federation/credentials")).isEqualTo(1);
        List<FakeIdentityCenter.Request> assumeRoles =
                fake.requests().stream().filter(r -> r.path().equals("/")).toList();
        assertThat(assumeRoles).hasSize(2);
        for (FakeIdentityCenter.Request r : assumeRoles) {
            // signed with the sign-in's role session, which has no MFA device
            assertThat(r.headers().get("authorization")).contains("Credential=ASIASSOFAKE000000001/");
            assertThat(r.headers().get("x-amz-security-token")).isEqualTo("ssotoken1+123456789012");
            assertThat(r.body()).doesNotContain("SerialNumber");
        }
        assertThat(session("admin").changed()).isFalse();
        assertThat(fake.requests()).hasSize(3);
    }

    @Test
    void an_mfa_code_given_for_a_sign_in_profile_is_refused_rather_than_dropped() throws Exception {
        signIn(CORP_FILE, "access-1", NOW.plus(Duration.ofHours(4)), null);
        Sessions sessions = sessions();
        assertThatThrownBy(() -> sessions.resolve(SessionRequest.of(SessionParameters.builder()
                        .profile("dev")
                        .mfaSerial("arn:aws:iam::123456789012:mfa/me")
                        .mfaToken("123456")
                        .build())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("signs in with IAM Identity Center");
    }

    @Test
    void hostile_portal_answers_are_refused_and_nothing_is_cached() throws Exception {
        signIn(CORP_FILE, "access-1", NOW.plus(Duration.ofHours(4)), null);
        fake.acceptAccessToken("access-1");
        long hour = NOW.toEpochMilli() + 3_600_000L;
        String[] bodies = {
            "{\"roleCredentials\": ",
            "[1, 2]",
            "{}",
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIA\\nINJECTED0000\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\",\"expiration\":"
                    + hour + "}}",
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIAGOODKEY000000001\",\"secretAccessKey\":\"s'; rm -rf ~\",\"sessionToken\":\"t\",\"expiration\":"
                    + hour + "}}",
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIAGOODKEY000000001\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\\u001b[2J\",\"expiration\":"
                    + hour + "}}",
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIAGOODKEY000000001\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\",\"expiration\":"
                    + (NOW.toEpochMilli() + 400L * 24 * 3_600_000L) + "}}",
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIAGOODKEY000000001\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\",\"expiration\":\"soon\"}}",
        };
        for (String body : bodies) {
            fake.next(Answer.json(200, body));
            assertThatThrownBy(() -> session("dev"))
                    .as(body)
                    .isInstanceOf(StsTransportException.class)
                    .hasMessageNotContaining("INJECTED")
                    .hasMessageNotContaining("rm -rf");
        }
        env.put("AWS_MAX_ATTEMPTS", "1"); // a body too large is a transport failure, which is retried
        fake.next(new Answer(200, Map.of("Content-Type", "application/json"), new byte[3 << 20]));
        assertThatThrownBy(() -> session("dev"))
                .isInstanceOf(StsTransportException.class)
                .hasMessageContaining("larger than");
        fake.next(Answer.json(403, "<html>proxy says no</html>"));
        assertThatThrownBy(() -> session("dev"))
                .isInstanceOf(StsTransportException.class)
                .hasMessageContaining("not an AWS response");
        assertThat(cacheText()).doesNotContain("sessionAccessKeyId");
    }

    @Test
    void a_hostile_renewal_leaves_the_token_file_as_it_was_and_the_old_token_in_use_while_it_lasts() throws Exception {
        signIn(CORP_FILE, "old-access", NOW.plus(Duration.ofMinutes(10)), "refresh-1");
        fake.acceptAccessToken("old-access").acceptRefreshToken("refresh-1", "client-1");
        String before = Files.readString(tokenFile(CORP_FILE));
        fake.next(Answer.json(200, "{\"accessToken\":\"a b\\\"c\",\"expiresIn\":3600}"));

        SessionResult result = session("dev");

        assertThat(result.session().accessKeyId()).startsWith("ASIASSOFAKE");
        assertThat(fake.requests().get(1).headers()).containsEntry("x-amz-sso_bearer_token", "old-access");
        assertThat(Files.readString(tokenFile(CORP_FILE))).isEqualTo(before);

        for (String body : List.of(
                "{\"accessToken\":\"fine\",\"expiresIn\":99999999999}",
                "{\"accessToken\":\"fine\",\"expiresIn\":-5}",
                "{\"accessToken\":\"fine\",\"expiresIn\":3600,\"refreshToken\":\"x\\ny\"}",
                "not json")) {
            SsoToken token = SsoToken.parse(before);
            OidcClient oidc = new OidcClient(
                    new RestJsonClient(fake.endpoint(), new TlsSettings(true, null), Transport.DEFAULT, clock));
            fake.next(Answer.json(200, body));
            assertThatThrownBy(() -> oidc.refresh(token, "https://corp.awsapps.com/start", "eu-west-1"))
                    .as(body)
                    .isInstanceOf(StsTransportException.class);
        }
    }

    @Test
    void portal_lists_accounts_and_roles_and_signs_out() throws Exception {
        fake.acceptAccessToken("access-1");
        PortalClient portal = new PortalClient(
                new RestJsonClient(fake.endpoint(), new TlsSettings(true, null), Transport.DEFAULT, clock));
        assertThat(portal.accounts("access-1"))
                .containsExactly(new PortalClient.Account("123456789012", "dev", "dev@example.com"));
        assertThat(portal.roles("access-1", "123456789012")).containsExactly("Admin", "ReadOnly");
        portal.logout("access-1");
        assertThatThrownBy(() -> portal.accounts("access-1"))
                .isInstanceOfSatisfying(
                        StsServiceException.class, e -> assertThat(e.code()).isEqualTo("UnauthorizedException"));
        fake.next(Answer.json(200, "{\"accountList\":[{\"accountId\":\"12345\"}]}"));
        assertThatThrownBy(() -> portal.accounts("access-1")).isInstanceOf(StsTransportException.class);
        fake.next(Answer.json(200, "{\"roleList\":[{\"roleName\":\"a\\u001b[31mb\"}]}"));
        assertThatThrownBy(() -> portal.roles("access-1", "123456789012")).isInstanceOf(StsTransportException.class);
        assertThatThrownBy(() -> portal.roles("access\nX-Injected: 1", "123456789012"))
                .isInstanceOf(StsTransportException.class)
                .hasMessageNotContaining("access");
    }

    @Test
    void profiles_are_read_as_the_aws_cli_defines_them() throws Exception {
        Files.writeString(home.resolve(".aws/config"), """
                [profile nosession]
                sso_session = gone
                sso_account_id = 123456789012
                sso_role_name = Admin

                [profile mismatch]
                sso_session = corp
                sso_start_url = https://other.awsapps.com/start
                sso_account_id = 123456789012
                sso_role_name = Admin

                [profile partial]
                sso_account_id = 123456789012
                sso_start_url = https://corp.awsapps.com/start

                [profile badaccount]
                sso_session = corp
                sso_account_id = 1234
                sso_role_name = Admin

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
        assertThatThrownBy(() -> session("nosession")).hasMessageContaining("no [sso-session gone] section");
        assertThatThrownBy(() -> session("mismatch")).hasMessageContaining("different sso_start_url values");
        assertThatThrownBy(() -> session("partial")).hasMessageContaining("lack sso_role_name, sso_region");
        assertThatThrownBy(() -> session("badaccount")).hasMessageContaining("twelve-digit");
        assertThat(fake.requests()).isEmpty();
        assertThat(TokenCache.fileName("corp")).isEqualTo(CORP_FILE);
        assertThat(TokenCache.fileName("https://legacy.awsapps.com/start")).isEqualTo(LEGACY_FILE);
    }

    @Test
    void the_endpoints_are_aws_for_the_sso_region_unless_configured() throws Exception {
        env.clear();
        IdentityCenterCredentials source = new IdentityCenterCredentials(
                env, new TokenCache(home.resolve("t"), new dev.ststoken.cache.SessionCache(home.resolve("c"))), clock);
        IdentityCenterSignIn signIn = source.signIn(sessions().resolver().loadProfile("dev"));
        assertThat(signIn.portal().toString()).isEqualTo("https://portal.sso.eu-west-1.amazonaws.com");
        assertThat(signIn.oidc().toString()).isEqualTo("https://oidc.eu-west-1.amazonaws.com");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        assertThat(source.signIn(sessions().resolver().loadProfile("dev"))
                        .portal()
                        .toString())
                .isEqualTo("http://127.0.0.1:9");
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:10");
        assertThat(source.signIn(sessions().resolver().loadProfile("dev"))
                        .oidc()
                        .toString())
                .isEqualTo("http://127.0.0.1:10");
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(source.signIn(sessions().resolver().loadProfile("dev"))
                        .portal()
                        .toString())
                .isEqualTo("https://portal.sso.eu-west-1.amazonaws.com");
        assertThat(new String(Files.readAllBytes(home.resolve(".aws/config")), StandardCharsets.UTF_8))
                .contains("sso_session = corp");
    }
}
