package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The plain-Java SHA-256 and HMAC against published vectors and against the JDK's, byte for byte. */
class Sha256Test {
    static String hex(byte[] bytes) {
        return Hex.encode(bytes);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void the_fips_180_examples_hash_to_their_published_digests() {
        assertThat(hex(Sha256.digest(ascii("abc"))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(Sha256.digest(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        assertThat(hex(Sha256.digest(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Sha256 million = new Sha256();
        byte[] thousand = ascii("a".repeat(1000));
        for (int i = 0; i < 1000; i++) {
            million.update(thousand);
        }
        assertThat(hex(million.digest())).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void every_length_and_every_split_of_the_input_hashes_as_the_jdk_does() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        for (int length = 0; length <= 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] expected = jdk.digest(data);
            assertThat(Sha256.digest(data)).as("length %d", length).isEqualTo(expected);
            Sha256 pieces = new Sha256();
            int offset = 0;
            while (offset < length) {
                int piece = Math.min(length - offset, random.nextInt(70));
                pieces.update(data, offset, piece);
                offset += piece;
            }
            assertThat(pieces.digest()).as("length %d in pieces", length).isEqualTo(expected);
        }
    }

    @Test
    void the_rfc_4231_hmac_examples_give_their_published_codes() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        assertThat(hex(Sha256.hmac(key, ascii("Hi There"))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(hex(Sha256.hmac(ascii("Jefe"), ascii("what do ya want for nothing?"))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void hmac_with_keys_shorter_than_equal_to_and_longer_than_a_block_matches_the_jdk() throws Exception {
        Mac jdk = Mac.getInstance("HmacSHA256");
        Random random = new Random(7);
        for (int keyLength : java.util.stream.IntStream.concat(
                        java.util.stream.IntStream.rangeClosed(0, 150).filter(n -> n % 3 == 0),
                        java.util.stream.IntStream.of(63, 64, 65, 128, 129))
                .toArray()) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            byte[] data = new byte[random.nextInt(200)];
            random.nextBytes(data);
            byte[] expected;
            if (keyLength == 0) {
                // The JDK refuses an empty key; HMAC defines it as all zero bytes, the same as one zero byte.
                jdk.init(new SecretKeySpec(new byte[1], "HmacSHA256"));
            } else {
                jdk.init(new SecretKeySpec(key, "HmacSHA256"));
            }
            expected = jdk.doFinal(data);
            assertThat(Sha256.hmac(key, data)).as("key of %d bytes", keyLength).isEqualTo(expected);
        }
    }
}
