package dev.ststoken.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sts.TlsSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session is only reused by a request that trusts the endpoint the same way the one that fetched it did. */
class CacheKeyTest {
    static final URI STS = URI.create("https://sts.eu-west-1.amazonaws.com");

    @TempDir
    Path tmp;

    static CacheKey key(TlsSettings tls) {
        return CacheKey.forSession("AKIAEXAMPLE", "arn:aws:iam::123456789012:mfa/me", 3600, STS, tls);
    }

    @Test
    void a_session_fetched_without_verification_has_another_key_than_one_that_verifies() {
        CacheKey unverified = key(new TlsSettings(false, null));
        CacheKey verified = key(TlsSettings.DEFAULT);
        assertThat(unverified).isNotEqualTo(verified);
        assertThat(unverified.fileName()).isNotEqualTo(verified.fileName());
        assertThat(unverified.endpoint()).isEqualTo("https://sts.eu-west-1.amazonaws.com tls=off");
        assertThat(verified.endpoint()).isEqualTo("https://sts.eu-west-1.amazonaws.com tls=verify");
    }

    @Test
    void a_ca_bundle_is_part_of_the_key_by_path_and_by_content() throws Exception {
        Path bundle = tmp.resolve("ca.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        CacheKey withBundle = key(new TlsSettings(true, bundle));
        assertThat(withBundle).isNotEqualTo(key(TlsSettings.DEFAULT)).isNotEqualTo(key(new TlsSettings(false, null)));
        assertThat(withBundle).isEqualTo(key(new TlsSettings(true, bundle)));
        assertThat(withBundle.endpoint()).startsWith(STS + " tls=ca:" + bundle.toAbsolutePath() + "#");
        assertThat(key(new TlsSettings(true, bundle, TlsSettings.digest(Files.readAllBytes(bundle)))))
                .as("a digest the settings resolver already computed gives the same key")
                .isEqualTo(withBundle);

        Path other = tmp.resolve("other.pem");
        Files.copy(bundle, other);
        assertThat(key(new TlsSettings(true, other))).isNotEqualTo(withBundle);

        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n");
        assertThat(key(new TlsSettings(true, bundle))).isNotEqualTo(withBundle);
    }

    @Test
    void an_unreadable_ca_bundle_still_makes_a_key_of_its_own() {
        CacheKey missing = key(new TlsSettings(true, tmp.resolve("missing.pem")));
        assertThat(missing.endpoint()).endsWith("#unreadable");
        assertThat(missing).isNotEqualTo(key(TlsSettings.DEFAULT));
    }

    @Test
    void a_key_read_back_from_its_fields_equals_the_one_written() {
        CacheKey written = key(new TlsSettings(false, null));
        CacheKey read =
                new CacheKey(written.accessKeyId(), written.mfaSerial(), written.durationSeconds(), written.endpoint());
        assertThat(read).isEqualTo(written);
        assertThat(read.fileName()).isEqualTo(written.fileName());
    }
}
