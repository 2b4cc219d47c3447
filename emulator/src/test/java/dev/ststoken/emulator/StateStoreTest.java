package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two emulators on one state dir, as two {@code serve} processes (or serve and get --local) share it. */
class StateStoreTest {
    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator first;
    Emulator second;
    AwsCredentials root;

    @BeforeEach
    void start() throws Exception {
        first = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        second = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        root = first.rootCredentials();
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    StsClient client(Emulator emulator, String service, String version) {
        return new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                clock,
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                        .withMaxAttempts(1),
                service,
                version));
    }

    StsClient sts(Emulator emulator) {
        return client(emulator, "sts", StsClient.STS_VERSION);
    }

    QueryResult iam(Emulator emulator, String action, String... params) throws Exception {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            list.add(Map.entry(params[i], params[i + 1]));
        }
        return client(emulator, "iam", "2010-05-08").call(action, list, root);
    }

    static StsServiceException refusal(StsClient client, AwsCredentials who) {
        try {
            client.getCallerIdentity(who);
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void a_key_deactivated_or_deleted_through_one_emulator_is_refused_by_the_other_on_its_next_request()
            throws Exception {
        iam(first, "CreateUser", "UserName", "alice");
        QueryResult key = iam(first, "CreateAccessKey", "UserName", "alice").child("AccessKey");
        AwsCredentials alice = new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
        assertThat(sts(second).getCallerIdentity(alice).arn()).endsWith(":user/alice");

        iam(first, "UpdateAccessKey", "UserName", "alice", "AccessKeyId", alice.accessKeyId(), "Status", "Inactive");
        assertThat(refusal(sts(second), alice).code()).isEqualTo("InvalidClientTokenId");

        iam(first, "UpdateAccessKey", "UserName", "alice", "AccessKeyId", alice.accessKeyId(), "Status", "Active");
        assertThat(sts(second).getCallerIdentity(alice).arn()).endsWith(":user/alice");
        iam(first, "DeleteAccessKey", "UserName", "alice", "AccessKeyId", alice.accessKeyId());
        assertThat(refusal(sts(second), alice).code()).isEqualTo("InvalidClientTokenId");
    }

    @Test
    void lists_hammered_while_two_emulators_create_and_delete_users_never_get_a_5xx() throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (Emulator emulator : List.of(first, second)) {
                String prefix = emulator == first ? "a" : "b";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        String name = prefix + i;
                        expectNo5xx(failures, () -> iam(emulator, "CreateUser", "UserName", name));
                        expectNo5xx(failures, () -> iam(emulator, "CreateAccessKey", "UserName", name));
                        QueryResult keys =
                                expectNo5xx(failures, () -> iam(emulator, "ListAccessKeys", "UserName", name));
                        if (keys != null) {
                            for (QueryResult member :
                                    keys.child("AccessKeyMetadata").children()) {
                                expectNo5xx(
                                        failures,
                                        () -> iam(
                                                emulator,
                                                "DeleteAccessKey",
                                                "UserName",
                                                name,
                                                "AccessKeyId",
                                                member.textAt("AccessKeyId")));
                            }
                        }
                        expectNo5xx(failures, () -> iam(emulator, "DeleteUser", "UserName", name));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                Emulator emulator = r % 2 == 0 ? first : second;
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        expectNo5xx(failures, () -> iam(emulator, "ListUsers"));
                        expectNo5xx(failures, () -> iam(emulator, "ListAccessKeys"));
                        expectNo5xx(failures, () -> iam(emulator, "ListVirtualMFADevices"));
                        expectNo5xx(
                                failures,
                                () -> sts(emulator)
                                        .getCallerIdentity(
                                                emulator.demoIdentity().credentials()));
                        reads.addAndGet(4);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(reads.get()).isGreaterThan(100);
        assertThat(iam(second, "ListUsers").child("Users").children()).hasSize(1);
    }

    interface Call<T> {
        T run() throws Exception;
    }

    /** Business refusals (a conflict between the two writers) are fine; a 5xx or a broken answer is not. */
    static <T> T expectNo5xx(ConcurrentLinkedQueue<String> failures, Call<T> call) {
        try {
            return call.run();
        } catch (StsServiceException e) {
            if (e.httpStatus() >= 500) {
                failures.add(e.code() + " " + e.httpStatus());
            }
        } catch (StsException e) {
            failures.add(e.toString());
        } catch (Exception e) {
            failures.add(e.toString());
        }
        return null;
    }
}
