package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.StateFiles;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Signer;
import dev.ststoken.sts.CallerIdentity;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.totp.Totp;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator through our own client over real HTTP on loopback: the STS rules it enforces, as AWS does. */
class EmulatorTest {
    /** STS's refusal of a code from a device that is not the caller's, word for word as AWS sends it. */
    static final String NOT_ASSOCIATED = "MultiFactorAuthentication failed, unable to validate MFA code.  "
            + "Please verify your MFA serial number is valid and associated with this user.";

    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    DemoIdentity demo;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        demo = emulator.demoIdentity();
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    StsClient client() {
        return client(clock);
    }

    StsClient client(Clock signingClock) {
        return new StsClient(new StsEndpoint(emulator.endpoint(), "us-east-1"), TlsSettings.DEFAULT, signingClock);
    }

    String code() {
        return Totp.code(demo.mfaSeed(), clock.instant());
    }

    SessionCredentials session(Integer duration, String serial, String code) throws Exception {
        return client().getSessionToken(demo.credentials(), new GetSessionTokenRequest(duration, serial, code));
    }

    StsServiceException refusal(ThrowingCall call) {
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

    @Test
    void a_user_without_mfa_gets_a_twelve_hour_asia_session() throws Exception {
        SessionCredentials s = session(null, null, null);
        assertThat(s.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(s.secretAccessKey()).hasSize(40);
        assertThat(s.expiration()).isEqualTo(Instant.parse("2026-11-23T22:00:05Z"));
    }

    @Test
    void a_user_with_a_valid_code_gets_a_session_that_reports_the_user() throws Exception {
        SessionCredentials s = session(3600, demo.mfaSerial(), code());
        assertThat(s.expiration()).isEqualTo(clock.instant().plusSeconds(3600));
        CallerIdentity who = client().getCallerIdentity(s.credentials());
        assertThat(who.arn()).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/demo");
        assertThat(who.userId()).startsWith("AIDA");
        assertThat(who.account()).isEqualTo(emulator.accountId());
    }

    @Test
    void a_wrong_code_is_access_denied_in_aws_words() {
        String wrong = code().equals("000000") ? "111111" : "000000";
        StsServiceException e = refusal(() -> session(null, demo.mfaSerial(), wrong));
        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.awsMessage()).isEqualTo("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        assertThat(e.requestId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void a_used_code_is_refused_until_a_later_step_and_an_earlier_step_stays_refused() throws Exception {
        String first = code();
        session(null, demo.mfaSerial(), first);
        assertThat(refusal(() -> session(null, demo.mfaSerial(), first)).code()).isEqualTo("AccessDenied");
        // The previous step's code is inside the ±1 window but older than the used one.
        String previous = Totp.code(demo.mfaSeed(), Totp.step(clock.instant()) - 1);
        assertThat(refusal(() -> session(null, demo.mfaSerial(), previous)).awsMessage())
                .contains("invalid MFA");
        clock.advance(Duration.ofSeconds(30));
        session(null, demo.mfaSerial(), code());
    }

    @Test
    void codes_one_step_either_side_are_accepted_and_two_steps_are_not() throws Exception {
        long step = Totp.step(clock.instant());
        assertThat(refusal(() -> session(null, demo.mfaSerial(), Totp.code(demo.mfaSeed(), step + 2)))
                        .code())
                .isEqualTo("AccessDenied");
        session(null, demo.mfaSerial(), Totp.code(demo.mfaSeed(), step - 1));
        session(null, demo.mfaSerial(), Totp.code(demo.mfaSeed(), step + 1));
    }

    @Test
    void a_device_of_someone_else_cannot_validate_a_code() {
        StsServiceException e =
                refusal(() -> session(null, "arn:aws:iam::" + emulator.accountId() + ":mfa/other", code()));
        assertThat(e.awsMessage()).isEqualTo(NOT_ASSOCIATED);
        StsServiceException root = refusal(() -> client().getSessionToken(
                        emulator.rootCredentials(), new GetSessionTokenRequest(null, demo.mfaSerial(), code())));
        assertThat(root.awsMessage()).isEqualTo(NOT_ASSOCIATED);
    }

    @Test
    void serial_without_code_is_refused() {
        assertThat(refusal(() -> session(null, demo.mfaSerial(), null)).awsMessage())
                .contains("must provide both MFA serial number and one time pass code");
    }

    @Test
    void an_unknown_key_is_an_invalid_client_token_id() {
        StsServiceException e = refusal(() -> client().getSessionToken(
                        new AwsCredentials("AKIAUNKNOWN000000000", "x"), new GetSessionTokenRequest(null, null, null)));
        assertThat(e.code()).isEqualTo("InvalidClientTokenId");
        assertThat(e.awsMessage()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void a_wrong_secret_does_not_match_the_signature() {
        StsServiceException e = refusal(() -> client().getSessionToken(
                        new AwsCredentials(demo.credentials().accessKeyId(), "wrong-secret"),
                        new GetSessionTokenRequest(null, null, null)));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.awsMessage()).startsWith("The request signature we calculated does not match");
    }

    @Test
    void a_request_signed_twenty_minutes_ago_gets_signature_expired() throws Exception {
        // Raw HTTP: our client would re-sign with the server's Date and succeed (FaultInjectionTest covers that).
        URI endpoint = emulator.endpoint();
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        HttpRequestParts request = new HttpRequestParts(
                "POST",
                "/",
                "",
                List.of(
                        Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                        Map.entry("Host", endpoint.getHost() + ":" + endpoint.getPort())),
                body);
        Clock slow = Clock.fixed(clock.instant().minus(Duration.ofMinutes(20)), java.time.ZoneOffset.UTC);
        List<Map.Entry<String, String>> signed =
                new SigV4Signer(slow).signHeaders(request, demo.credentials(), "us-east-1", "sts");
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        for (Map.Entry<String, String> header : signed) {
            if (!header.getKey().equals("Host")) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
        }
        connection.getOutputStream().write(body);
        assertThat(connection.getResponseCode()).isEqualTo(403);
        String error = new String(connection.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(error)
                .contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("<Message>Signature expired: ")
                .contains(" - 15 min.)</Message>");
        assertThat(connection.getHeaderField("Date")).isNotNull();
    }

    @Test
    void durations_follow_the_model_with_aws_validation_text() {
        assertThat(refusal(() -> session(600, null, null)).awsMessage())
                .isEqualTo(
                        "1 validation error detected: "
                                + "Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
        StsServiceException tooLong = refusal(() -> session(129601, null, null));
        assertThat(tooLong.code()).isEqualTo("ValidationError");
        assertThat(tooLong.httpStatus()).isEqualTo(400);
        assertThat(tooLong.awsMessage()).contains("Member must have value less than or equal to 129600");
    }

    @Test
    void several_violations_are_reported_in_one_message() {
        StsServiceException e = refusal(() -> session(null, demo.mfaSerial(), "1385021x"));
        assertThat(e.awsMessage())
                .startsWith("2 validation errors detected: ")
                .contains(
                        "at 'tokenCode' failed to satisfy constraint: Member must have length less than or equal to 6; ")
                .contains("Member must satisfy regular expression pattern: [\\d]*");
    }

    @Test
    void root_sessions_default_to_an_hour_and_longer_requests_are_clamped() throws Exception {
        SessionCredentials byDefault =
                client().getSessionToken(emulator.rootCredentials(), new GetSessionTokenRequest(null, null, null));
        assertThat(byDefault.expiration()).isEqualTo(clock.instant().plusSeconds(3600));
        SessionCredentials clamped =
                client().getSessionToken(emulator.rootCredentials(), new GetSessionTokenRequest(7200, null, null));
        assertThat(clamped.expiration()).isEqualTo(clock.instant().plusSeconds(3600));
        SessionCredentials shorter =
                client().getSessionToken(emulator.rootCredentials(), new GetSessionTokenRequest(900, null, null));
        assertThat(shorter.expiration()).isEqualTo(clock.instant().plusSeconds(900));
        assertThat(client().getCallerIdentity(clamped.credentials()).arn())
                .isEqualTo("arn:aws:iam::" + emulator.accountId() + ":root");
    }

    @Test
    void session_credentials_cannot_get_another_session() throws Exception {
        SessionCredentials s = session(null, null, null);
        StsServiceException e =
                refusal(() -> client().getSessionToken(s.credentials(), new GetSessionTokenRequest(null, null, null)));
        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.awsMessage()).isEqualTo("Cannot call GetSessionToken with session credentials");
    }

    @Test
    void a_session_past_its_expiry_is_an_expired_token() throws Exception {
        SessionCredentials s = session(900, null, null);
        clock.advance(Duration.ofSeconds(899));
        client().getCallerIdentity(s.credentials());
        clock.advance(Duration.ofSeconds(1));
        StsServiceException e = refusal(() -> client().getCallerIdentity(s.credentials()));
        assertThat(e.code()).isEqualTo("ExpiredToken");
        assertThat(e.awsMessage()).isEqualTo("The security token included in the request is expired");
    }

    @Test
    void a_session_key_with_a_forged_or_foreign_token_is_invalid() throws Exception {
        SessionCredentials s = session(null, null, null);
        SessionCredentials other = session(null, null, null);
        StsServiceException swapped = refusal(() -> client().getCallerIdentity(
                        new AwsCredentials(s.accessKeyId(), s.secretAccessKey(), other.sessionToken())));
        assertThat(swapped.code()).isEqualTo("InvalidClientTokenId");
        StsServiceException forged = refusal(() -> client().getCallerIdentity(new AwsCredentials(
                s.accessKeyId(), s.secretAccessKey(), s.sessionToken().substring(0, 40) + "AAAA")));
        assertThat(forged.code()).isEqualTo("InvalidClientTokenId");
    }

    @Test
    void a_lock_file_left_0644_by_an_older_version_is_made_0600() throws Exception {
        emulator.close();
        Files.setPosixFilePermissions(stateDir.resolve("state.lock"), PosixFilePermissions.fromString("rw-r--r--"));
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve("state.lock"))))
                .isEqualTo("rw-------");
    }

    @Test
    void sessions_and_used_codes_survive_a_restart() throws Exception {
        String used = code();
        SessionCredentials s = session(null, demo.mfaSerial(), used);
        emulator.close();
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        assertThat(client().getCallerIdentity(s.credentials()).arn()).endsWith(":user/demo");
        assertThat(refusal(() -> session(null, demo.mfaSerial(), used)).code()).isEqualTo("AccessDenied");
    }

    @Test
    void first_start_writes_private_profiles_and_the_demo_seed() throws Exception {
        for (String file : List.of("credentials", "config", "demo-mfa-seed.txt", "state.json", "state.lock")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)))
                .isEqualTo("rwx------");
        assertThat(Files.readString(stateDir.resolve("credentials")))
                .contains(
                        "[emulator-root]", "[emulator-demo]", demo.credentials().accessKeyId());
        assertThat(Files.readString(stateDir.resolve("config")))
                .contains("[profile emulator-demo]", "mfa_serial = " + demo.mfaSerial(), "region = us-east-1");
    }

    @Test
    void a_corrupt_state_file_is_reported_at_start_and_left_alone() throws Exception {
        emulator.close();
        emulator = null;
        Files.writeString(stateDir.resolve("state.json"), "{\"format\": 1, \"truncat");
        assertThatThrownBy(() -> Emulator.start(EmulatorConfig.forTests(stateDir)))
                .isInstanceOf(EmulatorStateException.class)
                .hasMessageContaining("is corrupt");
        assertThat(Files.readString(stateDir.resolve("state.json"))).isEqualTo("{\"format\": 1, \"truncat");
    }

    @Test
    void presigned_get_caller_identity_is_verified() throws Exception {
        URI endpoint = emulator.endpoint();
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        HttpRequestParts request = new HttpRequestParts(
                "GET",
                "/",
                "Action=GetCallerIdentity&Version=2011-06-15",
                List.of(Map.entry("Host", host)),
                new byte[0]);
        String query = new SigV4Signer(clock)
                .presignQuery(request, demo.credentials(), "us-east-1", "sts", Duration.ofMinutes(5));
        HttpURLConnection good =
                (HttpURLConnection) endpoint.resolve("/?" + query).toURL().openConnection();
        assertThat(good.getResponseCode()).isEqualTo(200);
        assertThat(new String(good.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains(":user/demo</Arn>");
        HttpURLConnection bad =
                (HttpURLConnection) endpoint.resolve("/?" + query.replace("X-Amz-Signature=", "X-Amz-Signature=0"))
                        .toURL()
                        .openConnection();
        assertThat(bad.getResponseCode()).isEqualTo(403);
    }

    @Test
    void unsigned_requests_and_unknown_actions_get_aws_errors() throws Exception {
        HttpURLConnection unsigned = (HttpURLConnection) emulator.endpoint()
                .resolve("/?Action=GetCallerIdentity")
                .toURL()
                .openConnection();
        assertThat(unsigned.getResponseCode()).isEqualTo(403);
        assertThat(new String(unsigned.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("<Code>MissingAuthenticationToken</Code>");
        StsServiceException e = refusal(() -> client().call("GetFederationTokenX", List.of(), demo.credentials()));
        assertThat(e.code()).isEqualTo("InvalidAction");
    }

    @Test
    void two_emulators_on_one_state_dir_see_each_others_keys_and_used_codes() throws Exception {
        try (Emulator second = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock))) {
            StsClient iam = new StsClient(new dev.ststoken.sts.QueryClient(
                    new StsEndpoint(emulator.endpoint(), "us-east-1"),
                    TlsSettings.DEFAULT,
                    clock,
                    dev.ststoken.sts.Transport.DEFAULT
                            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                            .withMaxAttempts(1),
                    "iam",
                    "2010-05-08"));
            iam.call("CreateUser", List.of(Map.entry("UserName", "shared")), emulator.rootCredentials());
            dev.ststoken.sts.QueryResult key = iam.call(
                            "CreateAccessKey", List.of(Map.entry("UserName", "shared")), emulator.rootCredentials())
                    .child("AccessKey");
            StsClient other =
                    new StsClient(new StsEndpoint(second.endpoint(), "us-east-1"), TlsSettings.DEFAULT, clock);
            AwsCredentials created = new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
            assertThat(other.getCallerIdentity(created).arn()).endsWith(":user/shared");

            String used = code();
            session(null, demo.mfaSerial(), used);
            StsServiceException reuse = refusal(() -> other.getSessionToken(
                    demo.credentials(), new GetSessionTokenRequest(null, demo.mfaSerial(), used)));
            assertThat(reuse.code()).isEqualTo("AccessDenied");
        }
    }

    @Test
    void a_state_dir_from_before_policies_keeps_the_earlier_rules_and_serve_can_turn_policies_off() throws Exception {
        Path older = Files.createDirectories(stateDir.resolve("older"));
        Files.setPosixFilePermissions(older, PosixFilePermissions.fromString("rwx------"));
        Account account = StateFiles.writeNew(older, clock.instant(), false, 1);
        AwsCredentials demoKey = new AwsCredentials(
                account.firstKeyOf("demo").id(), account.firstKeyOf("demo").secret());
        try (Emulator old = Emulator.start(EmulatorConfig.forTests(older).withClock(clock))) {
            // Unenforced: a user's long-term key manages its own keys, as before policies existed.
            assertThat(new IamClient(old, clock).call(demoKey, "ListAccessKeys").textAt("UserName"))
                    .isEqualTo("demo");
        }
        try (Emulator enforcing =
                Emulator.start(EmulatorConfig.forTests(older).withClock(clock).withIamEnforcement(true))) {
            assertThat(new IamClient(enforcing, clock)
                            .refusal(demoKey, "ListAccessKeys")
                            .awsMessage())
                    .contains("with an explicit deny in an identity-based policy");
        }
        try (Emulator off = Emulator.start(EmulatorConfig.forTests(stateDir.resolve("new"))
                .withClock(clock)
                .withIamEnforcement(false))) {
            AwsCredentials key = off.demoIdentity().credentials();
            assertThat(new IamClient(off, clock).call(key, "ListAccessKeys").textAt("UserName"))
                    .isEqualTo("demo");
        }
    }
}
