package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Crypto answers the same whichever implementation it uses at the moment. */
class CryptoTest {
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void crypto_gives_the_same_answers_before_and_after_it_moves_to_the_jdks_implementations() {
        byte[] key = ascii("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        assertThat(Crypto.jdkHmacSha256(key, ascii("20150830"))).isEqualTo(Sha256.hmac(key, ascii("20150830")));
        assertThat(Crypto.jdkSha256(ascii("abc"))).isEqualTo(Sha256.digest(ascii("abc")));
        for (int i = 0; i <= Crypto.PLAIN_USES + 1; i++) {
            assertThat(Crypto.hmacSha256(key, "20150830")).isEqualTo(Sha256.hmac(key, ascii("20150830")));
        }
        assertThat(Crypto.usesJdkDigests())
                .as("moved after %d uses", Crypto.PLAIN_USES)
                .isTrue();
        assertThat(Crypto.sha256(ascii("abc"))).isEqualTo(Sha256.digest(ascii("abc")));
    }
}
