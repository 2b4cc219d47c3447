package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ResolvedSettingsTest {
    /** What a profile with a device and a duration resolves to. */
    final ResolvedSettings resolved = new ResolvedSettings(
            new AwsCredentials("AKIABASE", "secret"),
            "profile me",
            "me",
            "us-east-1",
            false,
            new StsEndpoint(URI.create("https://sts.us-east-1.amazonaws.com"), "us-east-1"),
            TlsSettings.DEFAULT,
            43200,
            "arn:aws:iam::123456789012:mfa/me",
            null,
            "ykman oath accounts code -s aws",
            Transport.DEFAULT);

    @Test
    void explicit_request_only_sends_no_mfa_and_no_duration_the_caller_did_not_ask_for() {
        ResolvedSettings s = resolved.withExplicitRequestOnly(SessionParameters.NONE);
        assertThat(s.mfaSerial()).isNull();
        assertThat(s.durationSeconds()).isNull();
        assertThat(s.mfaProcess()).isNull();
    }

    @Test
    void a_code_without_a_serial_goes_with_the_resolved_serial_and_a_given_duration_is_kept() {
        ResolvedSettings withCode = resolved.withRequest(43200, resolved.mfaSerial(), "123456", null);
        ResolvedSettings s = withCode.withExplicitRequestOnly(SessionParameters.builder()
                .mfaToken("123456")
                .durationSeconds(900)
                .build());
        assertThat(s.mfaSerial()).isEqualTo("arn:aws:iam::123456789012:mfa/me");
        assertThat(s.mfaToken()).isEqualTo("123456");
        assertThat(s.durationSeconds()).isEqualTo(900);
    }
}
