package dev.ststoken.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionSource;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.testing.MutableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionServiceTest {
    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger prompts = new AtomicInteger();

    ResolvedSettings settings(String serial, String token, String process) {
        return new ResolvedSettings(
                new AwsCredentials("AKIABASE", "secret"),
                "test",
                null,
                "us-east-1",
                false,
                new StsEndpoint(URI.create("https://sts.us-east-1.amazonaws.com"), "us-east-1"),
                TlsSettings.DEFAULT,
                3600,
                serial,
                token,
                process,
                dev.ststoken.sts.Transport.DEFAULT);
    }

    SessionSource source() {
        return (settings, request) -> {
            fetches.incrementAndGet();
            return new SessionCredentials(
                    new AwsCredentials("ASIA" + fetches.get(), "s", "t"),
                    clock.instant().plusSeconds(request.durationSeconds()));
        };
    }

    MfaPrompt prompt() {
        return serial -> {
            prompts.incrementAndGet();
            return "123456";
        };
    }

    CacheOptions cache() {
        return new CacheOptions(new SessionCache(tmp), false, 300);
    }

    @Test
    void a_cached_session_is_reused_without_a_call_or_a_prompt_until_min_ttl() throws Exception {
        SessionService service = new SessionService(clock);
        ResolvedSettings s = settings("arn:aws:iam::123456789012:mfa/me", null, null);
        assertThat(service.obtain(s, prompt(), cache(), source()).changed()).isTrue();
        SessionResult second = service.obtain(s, prompt(), cache(), source());
        assertThat(second.changed()).isFalse();
        assertThat(second.session().accessKeyId()).isEqualTo("ASIA1");
        assertThat(fetches).hasValue(1);
        assertThat(prompts).hasValue(1);
        clock.advance(Duration.ofSeconds(3600 - 300));
        assertThat(service.obtain(s, prompt(), cache(), source()).changed()).isTrue();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void whoami_finds_the_session_a_get_with_a_duration_cached_without_knowing_the_duration() throws Exception {
        SessionService service = new SessionService(clock);
        ResolvedSettings withDuration = settings("arn:aws:iam::123456789012:mfa/me", null, null);
        service.obtain(withDuration, prompt(), cache(), source());
        ResolvedSettings noDuration = withDuration.toBuilder()
                .durationSeconds(null)
                .mfaToken(null)
                .mfaProcess(null)
                .build();
        assertThat(service.cached(noDuration, cache()))
                .isNotNull()
                .satisfies(session -> assertThat(session.accessKeyId()).isEqualTo("ASIA1"));
        ResolvedSettings otherDevice = withDuration.toBuilder()
                .durationSeconds(null)
                .mfaSerial("arn:aws:iam::123456789012:mfa/other")
                .mfaToken(null)
                .mfaProcess(null)
                .build();
        assertThat(service.cached(otherDevice, cache())).isNull();
        clock.advance(Duration.ofSeconds(3600));
        assertThat(service.cached(noDuration, cache())).as("expired").isNull();
    }

    @Test
    void force_refresh_skips_the_read_and_no_cache_neither_reads_nor_writes() throws Exception {
        SessionService service = new SessionService(clock);
        ResolvedSettings s = settings(null, null, null);
        service.obtain(s, prompt(), cache(), source());
        service.obtain(s, prompt(), new CacheOptions(new SessionCache(tmp), true, 300), source());
        assertThat(fetches).hasValue(2);
        assertThat(service.obtain(s, prompt(), cache(), source()).session().accessKeyId())
                .isEqualTo("ASIA2");
        service.obtain(s, prompt(), CacheOptions.NONE, source());
        assertThat(fetches).hasValue(3);
        assertThat(service.obtain(s, prompt(), cache(), source()).session().accessKeyId())
                .isEqualTo("ASIA2");
    }

    @Test
    void twenty_concurrent_requests_make_one_call_and_one_prompt() throws Exception {
        SessionService service = new SessionService(clock);
        ResolvedSettings s = settings("arn:aws:iam::123456789012:mfa/me", null, null);
        SessionSource slow = (settings, request) -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return source().fetch(settings, request);
        };
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SessionResult>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return service.obtain(s, prompt(), cache(), slow);
            }));
        }
        start.countDown();
        for (Future<SessionResult> r : results) {
            assertThat(r.get().session().accessKeyId()).isEqualTo("ASIA1");
        }
        pool.shutdown();
        assertThat(fetches).hasValue(1);
        assertThat(prompts).hasValue(1);
    }

    @Test
    void mfa_code_comes_from_the_token_then_mfa_process_then_the_prompt() throws Exception {
        assertThat(SessionService.mfaCode(settings(null, null, null), prompt())).isNull();
        assertThat(SessionService.mfaCode(settings("GAHT12345678", "111111", "echo 222222"), prompt()))
                .isEqualTo("111111");
        assertThat(SessionService.mfaCode(
                        settings("GAHT12345678", null, "echo touch your key >&2; echo 222222"), prompt()))
                .isEqualTo("222222");
        assertThat(SessionService.mfaCode(settings("GAHT12345678", null, null), prompt()))
                .isEqualTo("123456");
        assertThatThrownBy(() -> SessionService.mfaCode(settings("GAHT12345678", null, null), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no code was given");
        assertThatThrownBy(() -> SessionService.mfaCode(settings("GAHT12345678", null, "exit 3"), prompt()))
                .hasMessageContaining("exit code 3");
        assertThatThrownBy(() -> SessionService.mfaCode(settings("GAHT12345678", null, "echo nope"), prompt()))
                .hasMessageContaining("mfa_process printed no six-digit code");
    }

    @Test
    void an_unusable_cache_costs_the_reuse_not_the_session() throws Exception {
        Path notADir = tmp.resolve("file");
        Files.writeString(notADir, "x");
        SessionResult result = new SessionService(clock)
                .obtain(
                        settings(null, null, null),
                        prompt(),
                        new CacheOptions(new SessionCache(notADir.resolve("cache")), false, 300),
                        source());
        assertThat(result.session().accessKeyId()).isEqualTo("ASIA1");
        assertThat(result.warnings()).singleElement().asString().contains("unusable");
    }

    // --- roles: one MFA session per device, shared by every role over it

    final AtomicInteger assumes = new AtomicInteger();

    SessionSource roleSource() {
        return new SessionSource() {
            @Override
            public SessionCredentials fetch(
                    ResolvedSettings settings, dev.ststoken.sts.GetSessionTokenRequest request) {
                fetches.incrementAndGet();
                return new SessionCredentials(
                        new AwsCredentials("ASIAMFA" + fetches.get(), "s", "t"),
                        clock.instant().plusSeconds(43200));
            }

            @Override
            public dev.ststoken.sts.AssumedRole assumeRole(
                    ResolvedSettings settings, AwsCredentials caller, dev.ststoken.sts.AssumeRoleRequest request) {
                assumes.incrementAndGet();
                assertThat(caller.accessKeyId())
                        .as("AssumeRole is called with the MFA session")
                        .startsWith("ASIAMFA");
                assertThat(request.tokenCode())
                        .as("the session carries MFA; no code on AssumeRole")
                        .isNull();
                return new dev.ststoken.sts.AssumedRole(
                        new SessionCredentials(
                                new AwsCredentials("ASIAROLE" + assumes.get(), "s", "t"),
                                clock.instant().plusSeconds(3600)),
                        "arn:aws:sts::123456789012:assumed-role/r/s",
                        "AROA:s");
            }
        };
    }

    ResolvedSettings role(String name) {
        ResolvedSettings user = settings("arn:aws:iam::123456789012:mfa/me", null, null);
        return new ResolvedSettings(
                user.credentials(),
                "test",
                name,
                "us-east-1",
                false,
                user.endpoint(),
                user.tls(),
                null,
                user.mfaSerial(),
                null,
                null,
                user.transport(),
                60,
                java.util.List.of(new dev.ststoken.config.RoleStep(
                        "arn:aws:iam::123456789012:role/" + name, "s", null, null, name)),
                false);
    }

    @Test
    void ten_role_profiles_over_one_user_cost_one_prompt_and_one_get_session_token() throws Exception {
        SessionService service = new SessionService(clock);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10; i++) {
                SessionResult r = service.obtain(role("role" + i), prompt(), cache(), roleSource());
                assertThat(r.session().accessKeyId()).startsWith("ASIAROLE");
                assertThat(r.changed()).isEqualTo(round == 0);
            }
        }
        assertThat(prompts).hasValue(1);
        assertThat(fetches).hasValue(1);
        assertThat(assumes)
                .as("each role once; the second round is all cache hits")
                .hasValue(10);
    }

    @Test
    void a_role_session_refreshed_under_the_min_ttl_reuses_the_mfa_session_without_a_prompt() throws Exception {
        SessionService service = new SessionService(clock);
        service.obtain(role("admin"), prompt(), cache(), roleSource());
        clock.advance(Duration.ofSeconds(3600 - 200));
        SessionResult refreshed = service.obtain(role("admin"), prompt(), cache(), roleSource());
        assertThat(refreshed.changed()).isTrue();
        assertThat(assumes).hasValue(2);
        assertThat(prompts).as("the 12 h MFA session still holds").hasValue(1);
        assertThat(fetches).hasValue(1);
        assertThat(refreshed.resourceActions()).containsExactly("sts:AssumeRole");
    }

    @Test
    void twenty_threads_on_one_role_profile_make_one_call_of_each_kind() throws Exception {
        SessionService service = new SessionService(clock);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        java.util.List<java.util.concurrent.Future<SessionResult>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> service.obtain(role("admin"), prompt(), cache(), roleSource())));
        }
        for (java.util.concurrent.Future<SessionResult> r : results) {
            assertThat(r.get().session().accessKeyId()).isEqualTo("ASIAROLE1");
        }
        pool.shutdown();
        assertThat(fetches).hasValue(1);
        assertThat(assumes).hasValue(1);
        assertThat(prompts).hasValue(1);
    }

    ResolvedSettings roleWithExternalId(String externalId) {
        ResolvedSettings r = role("partner");
        return new ResolvedSettings(
                r.credentials(),
                "test",
                "partner",
                "us-east-1",
                false,
                r.endpoint(),
                r.tls(),
                null,
                r.mfaSerial(),
                null,
                null,
                r.transport(),
                60,
                java.util.List.of(new dev.ststoken.config.RoleStep(
                        "arn:aws:iam::123456789012:role/partner", "s", null, externalId, "partner")),
                false);
    }

    @Test
    void external_ids_whose_string_hash_codes_collide_are_different_cache_keys() throws Exception {
        assertThat("Aa".hashCode()).as("the collision the old key held").isEqualTo("BB".hashCode());
        assertThat(SessionService.roleKey(roleWithExternalId("Aa"), 0))
                .isNotEqualTo(SessionService.roleKey(roleWithExternalId("BB"), 0));
        SessionService service = new SessionService(clock);
        service.obtain(roleWithExternalId("Aa"), prompt(), cache(), roleSource());
        SessionResult other = service.obtain(roleWithExternalId("BB"), prompt(), cache(), roleSource());
        assertThat(other.changed())
                .as("a request with another external id is never served the session minted for 'Aa'")
                .isTrue();
        assertThat(assumes).hasValue(2);
    }

    @Test
    void the_external_id_is_kept_out_of_the_cache_files_names_and_fields() throws Exception {
        String externalId = "shared-with-prod-7f3a";
        new SessionService(clock).obtain(roleWithExternalId(externalId), prompt(), cache(), roleSource());
        String hashCode = Integer.toHexString(externalId.hashCode());
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.toList()) {
                assertThat(file.getFileName().toString()).doesNotContain(externalId);
                if (file.toString().endsWith(".json")) {
                    String text = Files.readString(file);
                    assertThat(text).doesNotContain(externalId).doesNotContain(hashCode);
                    // Not a plain digest of the id either: a short id could be tried offline against it.
                    assertThat(text).doesNotContain(dev.ststoken.internal.Crypto.sha256Hex(externalId));
                }
            }
        }
    }
}
