package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The provider against the in-process emulator, with the real AWS SDK v2 as its consumer. */
class MfaSessionCredentialsProviderTest {
    @TempDir
    Path dir;

    /** The emulator and the provider share its test clock, which the tests move. */
    @RegisterExtension
    final StsEmulatorExtension emulator = StsEmulatorExtension.create();

    TestClock clock;
    EmulatorProfile aws;

    @BeforeEach
    void start() throws Exception {
        clock = emulator.clock();
        aws = EmulatorProfile.of(emulator, dir);
    }

    /** Counts calls and answers with the demo device's current code. */
    final class CountingSupplier implements MfaCodeSupplier {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String mfaCode(String serial) {
            calls.incrementAndGet();
            assertThat(serial).isEqualTo(aws.demo.mfa().serial());
            return aws.currentCode();
        }
    }

    StsClient sts(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider provider) {
        return StsClient.builder()
                .endpointOverride(aws.emulator.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(provider)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    IamClient iam(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider provider) {
        return IamClient.builder()
                .endpointOverride(aws.emulator.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(provider)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void sts_and_iam_clients_built_with_the_provider_call_as_an_mfa_session_of_the_profile() {
        CountingSupplier codes = new CountingSupplier();
        MfaSessionCredentialsProvider provider =
                aws.provider().mfaCodeSupplier(codes).build();
        try (StsClient sts = sts(provider);
                IamClient iam = iam(provider)) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:iam::" + aws.emulator.accountId() + ":user/demo");
            // The emulator lets a session reach IAM only when it was made with MFA.
            assertThat(iam.getUser().user().userName()).isEqualTo("demo");
            assertThat(iam.listMFADevices().mfaDevices())
                    .extracting(d -> d.serialNumber())
                    .containsExactly(aws.demo.mfa().serial());
        }
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
        assertThat(codes.calls).hasValue(1);
    }

    @Test
    void the_sdks_own_profile_provider_ignores_mfa_serial_where_ours_gets_an_mfa_session() {
        ProfileFile files = ProfileFile.aggregator()
                .addFile(ProfileFile.builder()
                        .content(aws.configFile)
                        .type(ProfileFile.Type.CONFIGURATION)
                        .build())
                .addFile(ProfileFile.builder()
                        .content(aws.credentialsFile)
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .build();
        AwsCredentials sdkAlone = ProfileCredentialsProvider.builder()
                .profileFile(files)
                .profileName("me")
                .build()
                .resolveCredentials();
        assertThat(sdkAlone).isNotInstanceOf(AwsSessionCredentials.class);
        assertThat(sdkAlone.accessKeyId()).isEqualTo(aws.demo.credentials().accessKeyId());
        assertThat(aws.getSessionTokenCalls()).isZero();

        AwsCredentials ours =
                aws.provider().mfaCodeSupplier(new CountingSupplier()).build().resolveCredentials();
        assertThat(ours).isInstanceOf(AwsSessionCredentials.class);
        assertThat(ours.accessKeyId()).startsWith("ASIA");
        assertThat(((AwsSessionCredentials) ours).expirationTime().orElseThrow())
                .isBetween(clock.instant().plusSeconds(899), clock.instant().plusSeconds(900));
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
    }

    @Test
    void it_is_also_the_sdks_identity_provider_and_resolves_a_session_identity() {
        IdentityProvider<AwsCredentialsIdentity> provider =
                aws.provider().mfaCodeSupplier(new CountingSupplier()).build();
        AwsCredentialsIdentity identity = provider.resolveIdentity().join();
        assertThat(identity).isInstanceOf(AwsSessionCredentialsIdentity.class);
        assertThat(identity.accessKeyId()).startsWith("ASIA");
        assertThat(provider.identityType()).isEqualTo(AwsCredentialsIdentity.class);
    }

    @Test
    void a_profile_with_mfa_serial_and_mfa_process_works_with_no_terminal() throws Exception {
        Path ran = dir.resolve("mfa-process-ran");
        aws.writeProfile("mfa_process = touch " + ran + "; echo 'code:' " + aws.currentCode() + "\n");
        MfaSessionCredentialsProvider provider = aws.provider().build();
        try (StsClient sts = sts(provider)) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":user/demo");
        }
        assertThat(ran).exists();
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
    }

    @Test
    void a_supplier_given_by_the_application_replaces_the_profiles_mfa_process() throws Exception {
        Path ran = dir.resolve("mfa-process-ran");
        aws.writeProfile("mfa_process = touch " + ran + "; echo 000000\n");
        CountingSupplier codes = new CountingSupplier();
        assertThat(aws.provider()
                        .mfaCodeSupplier(codes)
                        .build()
                        .resolveCredentials()
                        .accessKeyId())
                .startsWith("ASIA");
        assertThat(ran).doesNotExist();
        assertThat(codes.calls).hasValue(1);
    }

    @Test
    void a_profile_with_an_mfa_prompt_driver_asks_it_with_no_terminal_and_a_supplier_replaces_it() throws Exception {
        Path asked = dir.resolve("prompt-asked");
        aws.writeProfile("mfa_prompt = touch " + asked + "; echo " + aws.currentCode() + "\n");
        MfaSessionCredentialsProvider provider =
                aws.provider().cacheEnabled(false).build();
        assertThat(provider.resolveCredentials().accessKeyId()).startsWith("ASIA");
        assertThat(asked).exists();
        java.nio.file.Files.delete(asked);
        clock.advance(java.time.Duration.ofSeconds(30)); // a fresh code for the second session
        CountingSupplier codes = new CountingSupplier();
        assertThat(aws.provider()
                        .mfaCodeSupplier(codes)
                        .cacheEnabled(false)
                        .build()
                        .resolveCredentials()
                        .accessKeyId())
                .startsWith("ASIA");
        assertThat(asked)
                .as("the application's supplier, not the profile's driver")
                .doesNotExist();
        assertThat(codes.calls).hasValue(1);
    }

    @Test
    void twenty_threads_on_one_provider_make_one_sts_call_and_ask_for_one_code() throws Exception {
        CountingSupplier codes = new CountingSupplier();
        MfaSessionCredentialsProvider provider =
                aws.provider().mfaCodeSupplier(codes).build();
        List<String> keys = inParallel(20, provider::resolveCredentials).stream()
                .map(AwsCredentials::accessKeyId)
                .toList();
        assertThat(Set.copyOf(keys)).hasSize(1);
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
        assertThat(codes.calls).hasValue(1);
    }

    @Test
    void two_providers_for_the_same_profile_share_the_cached_session() {
        aws.provider().mfaCodeSupplier(new CountingSupplier()).build().resolveCredentials();
        MfaSessionCredentialsProvider second = aws.provider()
                .mfaCodeSupplier(serial -> {
                    throw new AssertionError("a cached session must not ask for a code");
                })
                .build();
        assertThat(second.resolveCredentials().accessKeyId()).startsWith("ASIA");
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
    }

    @Test
    void with_the_cache_off_nothing_is_written_and_each_provider_asks_sts() throws Exception {
        aws.provider()
                .mfaCodeSupplier(new CountingSupplier())
                .cacheEnabled(false)
                .build()
                .resolveCredentials();
        clock.advance(Duration.ofSeconds(30)); // the emulator refuses a code twice
        aws.provider()
                .mfaCodeSupplier(new CountingSupplier())
                .cacheEnabled(false)
                .build()
                .resolveCredentials();
        assertThat(aws.getSessionTokenCalls()).isEqualTo(2);
        assertThat(Files.exists(aws.cacheDir)).isFalse();
    }

    @Test
    void a_session_about_to_expire_is_renewed_once_in_the_background_while_readers_keep_the_current_one()
            throws Exception {
        CountDownLatch renewalAsked = new CountDownLatch(1);
        CountDownLatch answerRenewal = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        MfaSessionCredentialsProvider provider = aws.provider()
                .mfaCodeSupplier(serial -> {
                    if (asked.incrementAndGet() > 1) {
                        renewalAsked.countDown();
                        assertThat(answerRenewal.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                    return aws.currentCode();
                })
                .build();
        String first = provider.resolveCredentials().accessKeyId();
        // 2 of the 15 minutes left: inside the 5-minute renewal window, not yet stale.
        clock.advance(Duration.ofSeconds(900 - 120));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong readsWhileRenewing = new AtomicLong();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread reader = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        String key = provider.resolveCredentials().accessKeyId();
                        seen.add(key);
                        if (renewalAsked.getCount() == 0 && answerRenewal.getCount() == 1 && key.equals(first)) {
                            readsWhileRenewing.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        assertThat(renewalAsked.await(30, TimeUnit.SECONDS)).isTrue();
        // The renewal is waiting for its code; readers must be getting the current session meanwhile.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readsWhileRenewing.get() < 1000 && failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        answerRenewal.countDown();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (provider.resolveCredentials().accessKeyId().equals(first) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        // The readers must see the renewed session too before they stop (they race the line above).
        while (seen.size() < 2 && failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failures).isEmpty();
        assertThat(readsWhileRenewing.get()).isGreaterThanOrEqualTo(1000);
        assertThat(seen).hasSize(2).contains(first);
        assertThat(aws.getSessionTokenCalls()).isEqualTo(2);
        assertThat(asked).hasValue(2);
    }

    @Test
    void an_expired_session_is_renewed_by_the_first_caller_and_the_others_wait_for_it() throws Exception {
        CountingSupplier codes = new CountingSupplier();
        MfaSessionCredentialsProvider provider =
                aws.provider().mfaCodeSupplier(codes).build();
        String first = provider.resolveCredentials().accessKeyId();
        clock.advance(Duration.ofSeconds(900));
        List<String> keys = inParallel(20, provider::resolveCredentials).stream()
                .map(AwsCredentials::accessKeyId)
                .toList();
        assertThat(Set.copyOf(keys)).hasSize(1).doesNotContain(first);
        assertThat(aws.getSessionTokenCalls()).isEqualTo(2);
        assertThat(codes.calls).hasValue(2);
    }

    @Test
    void a_throwing_supplier_gives_a_clear_exception_that_holds_none_of_its_secrets() {
        MfaSessionCredentialsProvider provider = aws.provider()
                .mfaCodeSupplier(serial -> {
                    throw new IllegalStateException("vault password hunter2 rejected, last code 654321");
                })
                .build();
        SdkClientException e = catchThrowableOfType(SdkClientException.class, provider::resolveCredentials);
        assertThat(e.getMessage())
                .isEqualTo("cannot get an MFA session for profile 'me': the MFA code supplier failed for "
                        + aws.demo.mfa().serial() + " (IllegalStateException); no session was requested");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .doesNotContain("hunter2")
                .doesNotContain("654321")
                .doesNotContain(aws.demo.credentials().secretAccessKey());
        assertThat(aws.getSessionTokenCalls()).isZero();
    }

    @Test
    void callers_that_waited_for_a_failed_attempt_get_its_failure_instead_of_asking_again() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch inSupplier = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        MfaSessionCredentialsProvider provider = aws.provider()
                .mfaCodeSupplier(serial -> {
                    asked.incrementAndGet();
                    inSupplier.countDown();
                    fail.await();
                    throw new java.util.concurrent.CancellationException("dialog closed");
                })
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<AwsCredentials>> calls = new ArrayList<>();
            calls.add(pool.submit(provider::resolveCredentials));
            assertThat(inSupplier.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 20; i++) {
                calls.add(pool.submit(provider::resolveCredentials));
            }
            awaitParkedThreads(pool, 19);
            fail.countDown();
            for (Future<AwsCredentials> call : calls) {
                assertThatThrownBy(call::get)
                        .hasCauseInstanceOf(SdkClientException.class)
                        .hasMessageContaining("the MFA code supplier failed");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void a_profile_that_does_not_exist_is_named_in_the_error() {
        SdkClientException e = catchThrowableOfType(
                SdkClientException.class, aws.provider().profileName("nobody").build()::resolveCredentials);
        assertThat(e.getMessage())
                .startsWith("cannot get an MFA session for profile 'nobody': profile 'nobody' not found in ");
    }

    @Test
    void the_profile_defaults_to_aws_profile_as_the_sdk_resolves_it() {
        java.util.Map<String, String> env = new java.util.HashMap<>(aws.environment());
        env.put("AWS_PROFILE", "me");
        MfaSessionCredentialsProvider provider = MfaSessionCredentialsProvider.builder()
                .environment(env)
                .homeDirectory(aws.home)
                .clock(clock)
                .mfaCodeSupplier(new CountingSupplier())
                .build();
        assertThat(provider.profileName()).isEqualTo("me");
        env.remove("AWS_PROFILE");
        assertThat(MfaSessionCredentialsProvider.builder()
                        .environment(env)
                        .build()
                        .profileName())
                .isEqualTo("default");
    }

    @Test
    void sts_refusing_the_code_is_an_exception_with_the_aws_error_and_request_id() {
        SdkClientException e = catchThrowableOfType(
                SdkClientException.class,
                aws.provider()
                        .mfaCodeSupplier(serial -> aws.currentCode().equals("000000") ? "111111" : "000000")
                        .build()::resolveCredentials);
        assertThat(e.getMessage())
                .matches(
                        "STS refused the MFA session for profile 'me': AccessDenied: .* \\[request id [0-9a-f-]{36}\\]");
    }

    @Test
    void the_session_duration_asked_for_in_the_builder_wins_over_the_profiles() {
        AwsCredentials session = aws.provider()
                .mfaCodeSupplier(new CountingSupplier())
                .sessionDuration(Duration.ofHours(1))
                .build()
                .resolveCredentials();
        assertThat(((AwsSessionCredentials) session).expirationTime().orElseThrow())
                .isAfter(clock.instant().plusSeconds(3599))
                .isBefore(clock.instant().plusSeconds(3601));
        assertThatThrownBy(() -> MfaSessionCredentialsProvider.builder()
                        .sessionDuration(Duration.ofMinutes(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_role_profile_gives_the_role_session_over_one_mfa_session() throws Exception {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + aws.emulator.accountId() + ":user/demo\"},\"Action\":\"sts:AssumeRole\"}]}";
        emulator.role("admin").withTrustPolicy(trust);
        // The profile is its own source (it holds the keys), as the AWS CLI allows.
        aws.writeProfile("role_arn = arn:aws:iam::" + aws.emulator.accountId() + ":role/admin\nsource_profile = me\n"
                + "role_session_name = app\n");
        CountingSupplier codes = new CountingSupplier();
        MfaSessionCredentialsProvider provider =
                aws.provider().mfaCodeSupplier(codes).build();
        try (StsClient sts = sts(provider)) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":assumed-role/admin/app");
        }
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
        assertThat(codes.calls).hasValue(1);
    }

    @Test
    void a_minimum_time_to_live_of_a_whole_session_or_more_is_refused() {
        assertThatThrownBy(() -> MfaSessionCredentialsProvider.builder()
                        .minTimeToLive(Duration.ofMinutes(15))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("less than 15 minutes");
    }

    @Test
    void its_string_form_names_the_profile_and_no_secret() {
        MfaSessionCredentialsProvider provider =
                aws.provider().mfaCodeSupplier(new CountingSupplier()).build();
        provider.resolveCredentials();
        assertThat(provider.toString()).isEqualTo("MfaSessionCredentialsProvider[profile=me, cache=true]");
    }

    /** Runs {@code call} on {@code threads} threads released at once; returns their results. */
    static <T> List<T> inParallel(int threads, java.util.concurrent.Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until {@code count} threads are parked inside the provider (waiting for its lock). */
    /**
     * Waits until {@code count} callers are parked on the fetch lock inside refreshNow. The caller
     * that holds the lock and waits in the MFA supplier is WAITING inside refreshNow too; it is not
     * one of them (counting it let the test go on while the last caller had not yet reached the lock).
     */
    static void awaitParkedThreads(ExecutorService pool, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long parked = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                    .filter(e -> java.util.Arrays.stream(e.getValue())
                            .anyMatch(f -> f.getMethodName().equals("refreshNow")))
                    .filter(e -> java.util.Arrays.stream(e.getValue())
                            .anyMatch(f -> f.getClassName().equals("java.util.concurrent.locks.ReentrantLock")
                                    && f.getMethodName().equals("lock")))
                    .count();
            if (parked >= count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("fewer than " + count + " callers came to wait for the lock");
    }
}
