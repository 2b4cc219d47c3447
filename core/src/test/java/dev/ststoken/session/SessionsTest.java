package dev.ststoken.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.RoleStep;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.StsEndpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door's rules: whose MFA settings count, a code is never dropped, a role chain's caller. */
class SessionsTest {
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/me";

    /** What a profile with a device, a duration and an mfa_process resolves to. */
    final ResolvedSettings resolved = ResolvedSettings.builder()
            .credentials(new AwsCredentials("AKIABASE", "secret"))
            .credentialSource("profile me")
            .profile("me")
            .keysProfile("me")
            .region("us-east-1")
            .endpoint(new StsEndpoint(URI.create("https://sts.us-east-1.amazonaws.com"), "us-east-1"))
            .durationSeconds(43200)
            .mfaSerial(SERIAL)
            .mfaProcess("ykman oath accounts code -s aws")
            .build();

    static SessionRequest request(SessionRequest.MfaSource mfa, SessionParameters parameters) {
        return SessionRequest.of(parameters).toBuilder().mfa(mfa).build();
    }

    @Test
    void the_profiles_mfa_settings_count_by_default() {
        ResolvedSettings s = Sessions.applyMfa(resolved, SessionRequest.of(SessionParameters.NONE));
        assertThat(s).isEqualTo(resolved);
    }

    @Test
    void explicit_requests_send_no_mfa_and_no_duration_the_caller_did_not_ask_for() {
        ResolvedSettings s =
                Sessions.applyMfa(resolved, request(SessionRequest.MfaSource.EXPLICIT, SessionParameters.NONE));
        assertThat(s.mfaSerial()).isNull();
        assertThat(s.durationSeconds()).isNull();
        assertThat(s.mfaProcess()).isNull();
    }

    @Test
    void an_explicit_code_without_a_serial_goes_with_the_resolved_serial_and_a_given_duration_is_kept() {
        ResolvedSettings withCode = resolved.toBuilder().mfaToken("123456").build();
        ResolvedSettings s = Sessions.applyMfa(
                withCode,
                request(
                        SessionRequest.MfaSource.EXPLICIT,
                        SessionParameters.builder()
                                .mfaToken("123456")
                                .durationSeconds(900)
                                .build()));
        assertThat(s.mfaSerial()).isEqualTo(SERIAL);
        assertThat(s.mfaToken()).isEqualTo("123456");
        assertThat(s.durationSeconds()).isEqualTo(900);
    }

    @Test
    void without_its_process_the_profiles_mfa_process_is_never_run_but_a_given_one_is() {
        SessionRequest none = request(SessionRequest.MfaSource.PROFILE_WITHOUT_ITS_PROCESS, SessionParameters.NONE);
        assertThat(Sessions.applyMfa(resolved, none).mfaProcess()).isNull();
        assertThat(Sessions.applyMfa(resolved, none).mfaSerial()).isEqualTo(SERIAL);
        SessionRequest given = request(
                SessionRequest.MfaSource.PROFILE_WITHOUT_ITS_PROCESS,
                SessionParameters.builder().mfaProcess("echo 123456").build());
        assertThat(Sessions.applyMfa(resolved, given).mfaProcess()).isEqualTo("echo 123456");
    }

    @Test
    void explicit_requests_and_an_applications_supplier_never_run_the_profiles_prompt_driver() {
        ResolvedSettings withDriver = resolved.toBuilder().mfaPrompt("zenity").build();
        assertThat(Sessions.applyMfa(withDriver, SessionRequest.of(SessionParameters.NONE))
                        .mfaPrompt())
                .isEqualTo("zenity");
        for (SessionRequest.MfaSource source :
                List.of(SessionRequest.MfaSource.EXPLICIT, SessionRequest.MfaSource.PROFILE_WITHOUT_ITS_PROCESS)) {
            assertThat(Sessions.applyMfa(withDriver, request(source, SessionParameters.NONE))
                            .mfaPrompt())
                    .as(source.toString())
                    .isNull();
        }
    }

    @Test
    void a_code_for_an_assume_role_without_a_serial_goes_with_the_profiles_device_and_is_never_dropped()
            throws Exception {
        AssumeRoleRequest asked =
                new AssumeRoleRequest("arn:aws:iam::123456789012:role/r", "s", null, null, null, "123456", null);
        assertThat(Sessions.withDeviceForCode(asked, resolved).serialNumber()).isEqualTo(SERIAL);
        ResolvedSettings noDevice = resolved.toBuilder().mfaSerial(null).build();
        assertThatThrownBy(() -> Sessions.withDeviceForCode(asked, noDevice))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.message(
                                        Map.of(Setting.MFA_TOKEN, "token_code", Setting.MFA_SERIAL, "serial_number")))
                                .startsWith("token_code was given without serial_number"));
    }

    @Test
    void a_role_chain_that_needs_a_person_for_its_code_is_refused_before_any_call() {
        ResolvedSettings chain = resolved.toBuilder().mfaProcess(null).build();
        ResolvedSettings role = chain.toBuilder()
                .profile("admin")
                .keysProfile("admin")
                .durationSeconds(null)
                .roles(List.of(new RoleStep("arn:aws:iam::123456789012:role/admin", "s", null, null, "admin")))
                .build();
        Sessions sessions = Sessions.create(Map.of(), Path.of("/nonexistent"), Clock.systemUTC());
        assertThatThrownBy(() -> sessions.roleCaller(role, new ArrayList<>()))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.message(Map.of(Setting.PROFILE, "profile", Setting.MFA_TOKEN, "mfa_token")))
                                .isEqualTo(
                                        "profile 'admin' needs an MFA code for " + SERIAL + " before its role can be "
                                                + "assumed: set mfa_process in the profile (mfa_token goes with the role this task "
                                                + "assumes)"));
    }

    @Test
    void the_cache_is_the_shared_one_under_xdg_cache_home(@TempDir Path home) throws Exception {
        Sessions sessions = Sessions.create(
                Map.of("XDG_CACHE_HOME", home.resolve("xdg").toString()),
                home,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(sessions.sessionCache().dir()).isEqualTo(home.resolve("xdg/sts-session-token"));
        assertThat(sessions.cache(true, 60).forceRefresh()).isTrue();
        assertThat(sessions.toBuilder()
                        .cacheDir(home.resolve("c"))
                        .build()
                        .sessionCache()
                        .dir())
                .isEqualTo(home.resolve("c"));
        assertThat(Files.exists(home.resolve("xdg"))).isFalse(); // nothing is created until a session is written
    }
}
