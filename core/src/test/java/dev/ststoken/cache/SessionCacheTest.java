package dev.ststoken.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.SessionCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCacheTest {
    @TempDir
    Path tmp;

    static final CacheKey KEY = new CacheKey("AKIAEXAMPLE", "arn:aws:iam::123456789012:mfa/me", 3600, "https://sts.us-east-1.amazonaws.com");
    static final SessionCredentials SESSION = new SessionCredentials(
            new AwsCredentials("ASIAEXAMPLE", "secret/with+chars", "token=="), Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void writes_private_files_in_a_private_directory_and_reads_them_back() throws Exception {
        SessionCache cache = new SessionCache(tmp.resolve("cache"));
        cache.write(KEY, SESSION, Instant.parse("2026-11-23T11:00:00Z"));
        CachedSession read = cache.read(KEY);
        assertThat(read.session()).isEqualTo(SESSION);
        assertThat(read.key()).isEqualTo(KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("cache")))).isEqualTo("rwx------");
        try (var files = Files.list(tmp.resolve("cache"))) {
            files.forEach(f -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void other_keys_miss() throws Exception {
        SessionCache cache = new SessionCache(tmp);
        cache.write(KEY, SESSION, Instant.now());
        assertThat(cache.read(new CacheKey("AKIAEXAMPLE", KEY.mfaSerial(), 7200, KEY.endpoint()))).isNull();
        assertThat(cache.read(new CacheKey("AKIAEXAMPLE", null, 3600, KEY.endpoint()))).isNull();
        assertThat(cache.read(new CacheKey("AKIAEXAMPLE", KEY.mfaSerial(), 3600, "http://127.0.0.1:4599"))).isNull();
    }

    @Test
    void corrupt_truncated_and_foreign_files_are_misses_and_get_replaced() throws Exception {
        SessionCache cache = new SessionCache(tmp);
        Path file = tmp.resolve(KEY.fileName() + ".json");
        for (String junk : new String[] {"", "{", "{\"format\": 1}", "[1,2]", "{\"format\": 2, \"accessKeyId\": \"x\"}",
                "{\"format\":1,\"accessKeyId\":\"AKIAOTHER\",\"mfaSerial\":null,\"durationSeconds\":null,\"endpoint\":\"x\"}"}) {
            Files.writeString(file, junk);
            assertThat(cache.read(KEY)).as(junk).isNull();
        }
        cache.write(KEY, SESSION, Instant.now());
        assertThat(cache.read(KEY)).isNotNull();
    }

    @Test
    void list_shows_sessions_and_clear_removes_them() throws Exception {
        SessionCache cache = new SessionCache(tmp);
        cache.write(KEY, SESSION, Instant.now());
        cache.write(new CacheKey("AKIAOTHER", null, null, "e"), SESSION, Instant.now());
        Files.writeString(tmp.resolve("junk.json"), "not json");
        assertThat(cache.list()).hasSize(2);
        assertThat(cache.clear()).isEqualTo(3);
        assertThat(cache.list()).isEmpty();
    }

    @Test
    void file_names_need_no_crypto_and_separate_keys() {
        assertThat(KEY.fileName()).startsWith("AKIAEXAMPLE-").hasSize("AKIAEXAMPLE-".length() + 16);
        assertThat(KEY.fileName()).isNotEqualTo(new CacheKey("AKIAEXAMPLE", KEY.mfaSerial(), 3601, KEY.endpoint()).fileName());
    }
}
