package dev.ststoken.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shapes a real session has; everything else is refused before anything sees it. */
class CredentialValuesTest {
    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void access_key_ids_are_16_to_128_upper_case_letters_and_digits() {
        assertThat(CredentialValues.isAccessKeyId("ASIAIOSFODNN7EXAMPLE")).isTrue();
        assertThat(CredentialValues.isAccessKeyId("A".repeat(16))).isTrue();
        assertThat(CredentialValues.isAccessKeyId("A".repeat(128))).isTrue();
        assertThat(CredentialValues.isAccessKeyId("A".repeat(15))).isFalse();
        assertThat(CredentialValues.isAccessKeyId("A".repeat(129))).isFalse();
        assertThat(CredentialValues.isAccessKeyId("ASIAiosfodnn7example")).isFalse();
        assertThat(CredentialValues.isAccessKeyId("ASIAIOSFODNN7EXAMP-E")).isFalse();
        assertThat(CredentialValues.isAccessKeyId("ASIAIOSFODNN7EXAMPLÉ")).isFalse();
        assertThat(CredentialValues.isAccessKeyId(null)).isFalse();
    }

    @Test
    void secrets_and_tokens_are_printable_ascii_without_spaces_or_quotes() {
        assertThat(CredentialValues.isOpaqueSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"))
                .isTrue();
        assertThat(CredentialValues.isOpaqueSecret("FwoGZXIvYXdzEBYa+/=_-.~!#$%&()*,:;<>?@[]^{|}"))
                .isTrue();
        for (String bad : new String[] {
            "", "a b", "a\tb", "a\nb", "a'b", "a\"b", "a`b", "a\u2019b", "a\u00e9b", "a\u007fb", "a\u001bb"
        }) {
            assertThat(CredentialValues.isOpaqueSecret(bad)).as(bad).isFalse();
        }
        assertThat(CredentialValues.isOpaqueSecret(null)).isFalse();
    }

    @Test
    void an_expiration_lies_after_now_and_within_the_longest_session_plus_the_skew_allowance() {
        assertThat(CredentialValues.isPlausibleExpiration(NOW.plusSeconds(900), NOW))
                .isTrue();
        assertThat(CredentialValues.isPlausibleExpiration(NOW.plusSeconds(129_600 + 900), NOW))
                .isTrue();
        assertThat(CredentialValues.isPlausibleExpiration(NOW.plusSeconds(129_600 + 901), NOW))
                .isFalse();
        assertThat(CredentialValues.isPlausibleExpiration(NOW, NOW)).isFalse();
        assertThat(CredentialValues.isPlausibleExpiration(NOW.minusSeconds(1), NOW))
                .isFalse();
    }
}
