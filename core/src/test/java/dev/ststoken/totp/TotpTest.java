package dev.ststoken.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "t={0}")
    @CsvSource({
        "59,94287082",
        "1111111109,07081804",
        "1111111111,14050471",
        "1234567890,89005924",
        "2000000000,69279037",
        "20000000000,65353130"
    })
    void matches_rfc_6238_appendix_b_sha1_vectors(long unixTime, String eightDigits) {
        Instant t = Instant.ofEpochSecond(unixTime);
        assertThat(Totp.code(RFC_SEED, Totp.step(t), 8)).isEqualTo(eightDigits);
        assertThat(Totp.code(RFC_SEED, t)).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void accepts_the_previous_and_next_step_and_nothing_further() {
        Instant now = Instant.ofEpochSecond(1111111111);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 1), now, 1))
                .isEqualTo(step - 1);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 1), now, 1))
                .isEqualTo(step + 1);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 2), now, 1))
                .isEqualTo(-1);
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 2), now, 1))
                .isEqualTo(-1);
    }

    @Test
    void base32_round_trips_and_matches_the_reference_seed() {
        assertThat(Base32.encode(RFC_SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Base32.decode("gezd gnbv-gy3tqojqgezdgnbvgy3tqojq====")).isEqualTo(RFC_SEED);
    }
}
