package dev.ststoken.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCacheTest {
    @TempDir
    Path tmp;

    static final CacheKey KEY = new CacheKey(
            "AKIAEXAMPLE", "arn:aws:iam::123456789012:mfa/me", 3600, "https://sts.us-east-1.amazonaws.com");
    static final SessionCredentials SESSION = new SessionCredentials(
            new AwsCredentials("ASIAEXAMPLE", "secret/with+chars", "token=="), Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void writes_private_files_in_a_private_directory_and_reads_them_back() throws Exception {
        SessionCache cache = new SessionCache(tmp.resolve("cache"));
        cache.write(KEY, SESSION, Instant.parse("2026-11-23T11:00:00Z"));
        CachedSession read = cache.read(KEY);
        assertThat(read.session()).isEqualTo(SESSION);
        assertThat(read.key()).isEqualTo(KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("cache"))))
                .isEqualTo("rwx------");
        try (var files = Files.list(tmp.resolve("cache"))) {
            files.forEach(f -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .isEqualTo("rw-------");
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
        assertThat(cache.read(new CacheKey("AKIAEXAMPLE", KEY.mfaSerial(), 7200, KEY.endpoint())))
                .isNull();
        assertThat(cache.read(new CacheKey("AKIAEXAMPLE", null, 3600, KEY.endpoint())))
                .isNull();
        assertThat(cache.read(new CacheKey("AKIAEXAMPLE", KEY.mfaSerial(), 3600, "http://127.0.0.1:4599")))
                .isNull();
    }

    @Test
    void corrupt_truncated_and_foreign_files_are_misses_and_get_replaced() throws Exception {
        SessionCache cache = new SessionCache(tmp);
        Path file = tmp.resolve(KEY.fileName() + ".json");
        for (String junk : new String[] {
            "",
            "{",
            "{\"format\": 1}",
            "[1,2]",
            "{\"format\": 2, \"accessKeyId\": \"x\"}",
            "{\"format\":1,\"accessKeyId\":\"AKIAOTHER\",\"mfaSerial\":null,\"durationSeconds\":null,\"endpoint\":\"x\"}"
        }) {
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
        assertThat(KEY.fileName())
                .isNotEqualTo(new CacheKey("AKIAEXAMPLE", KEY.mfaSerial(), 3601, KEY.endpoint()).fileName());
    }

    // Another local user, simulated with uid 65534 or group/world write access (the tests run as root).

    static final int OTHER_USER = 65534;

    /** A cache the attacker prepared: a valid-looking session of theirs for our key. */
    SessionCache planted(Path dir) throws Exception {
        SessionCache cache = new SessionCache(dir);
        cache.write(KEY, SESSION, Instant.parse("2026-11-23T11:00:00Z"));
        return cache;
    }

    @Test
    void a_cache_dir_owned_by_another_user_is_neither_read_nor_used() throws Exception {
        SessionCache cache = planted(tmp.resolve("cache"));
        Files.setAttribute(tmp.resolve("cache"), "unix:uid", OTHER_USER);
        assertThat(cache.read(KEY)).isNull();
        assertThatThrownBy(() -> cache.lock(KEY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(tmp.resolve("cache").toString())
                .hasMessageContaining("owned by uid 65534")
                .hasMessageContaining("fix:");
        assertThatThrownBy(cache::list).hasMessageContaining("owned by uid 65534");
    }

    @Test
    void a_cache_dir_writable_by_group_or_others_is_neither_read_nor_used() throws Exception {
        SessionCache cache = planted(tmp.resolve("cache"));
        Files.setPosixFilePermissions(tmp.resolve("cache"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(cache.read(KEY)).isNull();
        assertThatThrownBy(() -> cache.lock(KEY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("chmod go-w");
    }

    @Test
    void a_cache_dir_under_a_parent_another_user_controls_is_refused() throws Exception {
        SessionCache cache = planted(tmp.resolve("xdg/sts-session-token"));
        Files.setAttribute(tmp.resolve("xdg"), "unix:uid", OTHER_USER);
        assertThat(cache.read(KEY)).isNull();
        assertThatThrownBy(() -> cache.lock(KEY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("parent owned by another user (" + tmp.resolve("xdg"));
    }

    @Test
    void a_session_file_another_user_owns_or_others_can_read_is_ignored() throws Exception {
        SessionCache cache = planted(tmp.resolve("cache"));
        Path file = tmp.resolve("cache").resolve(KEY.fileName() + ".json");
        Files.setAttribute(file, "unix:uid", OTHER_USER);
        assertThat(cache.read(KEY)).isNull();
        assertThat(cache.list()).isEmpty();
        Files.setAttribute(file, "unix:uid", Files.getAttribute(tmp.resolve("cache"), "unix:uid"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(cache.read(KEY)).isNull();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(cache.read(KEY)).isNotNull();
    }

    @Test
    void a_session_file_that_is_a_link_is_ignored() throws Exception {
        SessionCache cache = planted(tmp.resolve("cache"));
        Path file = tmp.resolve("cache").resolve(KEY.fileName() + ".json");
        Path elsewhere = Files.move(file, tmp.resolve("elsewhere.json"));
        Files.createSymbolicLink(file, elsewhere);
        assertThat(cache.read(KEY)).isNull();
    }

    @Test
    void a_lock_file_that_is_a_link_is_not_followed() throws Exception {
        SessionCache cache = new SessionCache(tmp.resolve("cache"));
        Files.createDirectories(tmp.resolve("cache"));
        Files.setPosixFilePermissions(tmp.resolve("cache"), PosixFilePermissions.fromString("rwx------"));
        Path target = Files.writeString(tmp.resolve("precious"), "keep");
        Files.createSymbolicLink(tmp.resolve("cache").resolve(KEY.fileName() + ".lock"), target);
        assertThatThrownBy(() -> cache.lock(KEY).close()).isInstanceOf(java.io.IOException.class);
        assertThat(target).hasContent("keep");
    }

    @Test
    void the_cache_dir_and_the_parents_it_needs_are_created_0700() throws Exception {
        SessionCache cache = new SessionCache(tmp.resolve("home/.cache/sts-session-token"));
        cache.lock(KEY).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("home"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("home/.cache"))))
                .isEqualTo("rwx------");
    }
}
