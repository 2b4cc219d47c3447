package dev.ststoken.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.cache.CachedSession;
import dev.ststoken.cache.SessionCache;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSealerTest {
    @TempDir
    Path dir;

    final CacheKey key = new CacheKey("AKIASTORED", null, null, "http://localhost tls=verify");
    final SessionCredentials session = new SessionCredentials(
            new AwsCredentials("ASIASESSION", "session-secret", "session-token"),
            Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    @Test
    void a_sealed_session_reads_back_only_with_its_key_and_the_file_holds_no_secret() throws Exception {
        StoredKey stored = StoredKey.of(new AwsCredentials("AKIASTORED", "long-term"));
        SessionCache sealed = new SessionCache(dir.resolve("cache"), new CacheSealer(stored.cacheKey()));
        sealed.write(key, session, Instant.now(), "dev");

        assertThat(sealed.read(key).session()).isEqualTo(session);
        String file = Files.readString(Files.list(dir.resolve("cache"))
                .filter(p -> p.toString().endsWith(".json"))
                .findFirst()
                .orElseThrow());
        assertThat(file)
                .doesNotContain("session-secret")
                .doesNotContain("session-token")
                .contains("ASIASESSION");
        assertThat(new SessionCache(dir.resolve("cache")).read(key))
                .as("plaintext reader")
                .isNull();
        SessionCache otherKey = new SessionCache(
                dir.resolve("cache"),
                new CacheSealer(StoredKey.of(new AwsCredentials("AKIASTORED", "long-term"))
                        .cacheKey()));
        assertThat(otherKey.read(key)).as("another store's key").isNull();
    }

    @Test
    void cache_list_shows_a_sealed_session_without_its_secrets() throws Exception {
        new SessionCache(dir.resolve("cache"), new CacheSealer(new byte[32])).write(key, session, Instant.now(), "dev");
        CachedSession listed = new SessionCache(dir.resolve("cache")).list().get(0);
        assertThat(listed.profile()).isEqualTo("dev");
        assertThat(listed.key()).isEqualTo(key);
        assertThat(listed.sealed()).isTrue();
        assertThat(listed.session().secretAccessKey()).isEqualTo(SessionCache.SEALED);
    }

    @Test
    void the_plaintext_format_is_unchanged_without_a_sealer() throws Exception {
        new SessionCache(dir.resolve("cache")).write(key, session, Instant.now(), "dev");
        String file =
                Files.readString(Files.list(dir.resolve("cache")).findFirst().orElseThrow());
        assertThat(file).contains("\"secretAccessKey\": \"session-secret\"").doesNotContain("sealed");
    }

    @Test
    void a_stored_key_round_trips_through_json_and_never_prints_a_secret() throws Exception {
        StoredKey key = StoredKey.of(new AwsCredentials("AKIAONE", "secret-one"))
                .withPending(new AwsCredentials("AKIATWO", "secret-two"));
        assertThat(StoredKey.fromJson(key.toJson(), "test")).isEqualTo(key);
        assertThat(key.promoted().current().accessKeyId()).isEqualTo("AKIATWO");
        assertThat(key.promoted().retiring()).isEqualTo("AKIAONE");
        assertThat(key.toString()).doesNotContain("secret");
    }
}
