package dev.ststoken.junit;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.emulator.RequestListener;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.QueryClient;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One started emulator and what the fixtures made in it: its private state directory, its test
 * clock, the request log, and the administrator's (root's) IAM and STS clients the fixtures use.
 */
final class EmulatorRun implements RequestListener {
    static final String REGION = "us-east-1";
    /**
     * How far a signature's time may be from the test clock: any distance. An SDK client signs with
     * the wall clock, and a test that moves its clock by days is not testing signing-time skew.
     */
    static final Duration ANY_SKEW = Duration.ofDays(365L * 100);

    final Emulator emulator;
    final TestClock clock;
    final Path directory;
    final AwsCredentials root;
    final QueryClient iam;
    final StsClient sts;
    final Map<String, TestUser> users = new LinkedHashMap<>();
    final Map<String, TestRole> roles = new LinkedHashMap<>();
    final Map<String, TestGroup> groups = new LinkedHashMap<>();
    /** OIDC issuers the fixtures started; closed with the run. */
    final List<TestOidcIssuer> issuers = new CopyOnWriteArrayList<>();
    /** Every request the code under test made; the fixtures' own calls are left out. */
    final List<RecordedRequest> all = new CopyOnWriteArrayList<>();

    final LinkedBlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
    /**
     * The keys fixture calls in flight are signed with, and how many use each: a request signed with
     * one meanwhile is the fixture's own (root's for IAM set-up, a user's for the session of a
     * credentials provider), not the code under test's.
     */
    private final Map<String, Integer> fixtureKeys = new ConcurrentHashMap<>();

    private EmulatorRun(Emulator emulator, TestClock clock, Path directory) {
        this.emulator = emulator;
        this.clock = clock;
        this.directory = directory;
        this.root = emulator.rootCredentials();
        StsEndpoint endpoint = new StsEndpoint(emulator.endpoint(), REGION);
        Transport transport = Transport.DEFAULT
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                .withMaxAttempts(1);
        this.iam = new QueryClient(endpoint, TlsSettings.DEFAULT, clock, transport, "iam", "2010-05-08");
        this.sts = new StsClient(endpoint, TlsSettings.DEFAULT, clock, transport);
    }

    /** The listener is this object, which exists only after the emulator started: it forwards. */
    private static final class Forward implements RequestListener {
        volatile EmulatorRun to;

        @Override
        public void answered(Answered request) {
            EmulatorRun run = to;
            if (run != null) {
                run.answered(request);
            }
        }
    }

    /** Linux's shared-memory file system when it is there and writable, else null (the default temp dir). */
    private static final Path MEMORY = memory();

    private static Path memory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.isWritable(shm) ? shm : null;
    }

    static EmulatorRun start(Instant start, Boolean enforceIam) {
        Path directory;
        try {
            // Private (0700) as the emulator wants its state directory's parent; deleted at close.
            // In memory where Linux has one (/dev/shm): the emulator syncs every state write to disk,
            // which for state thrown away after the test is most of a fresh start's time (opening a new
            // state, eight fsyncs: median 52 ms on /tmp, 2 ms on /dev/shm, on a loaded machine).
            directory = MEMORY != null
                    ? Files.createTempDirectory(MEMORY, "sts-emulator-")
                    : Files.createTempDirectory("sts-emulator-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the emulator's state directory", e);
        }
        TestClock clock = new TestClock(start.truncatedTo(ChronoUnit.SECONDS));
        Forward forward = new Forward();
        EmulatorConfig config = EmulatorConfig.forTests(directory.resolve("state"))
                .withClock(clock)
                .withMaxSkew(ANY_SKEW)
                .withIamEnforcement(enforceIam)
                .withRequestListener(forward);
        try {
            EmulatorRun run = new EmulatorRun(Emulator.start(config), clock, directory);
            forward.to = run;
            return run;
        } catch (IOException | EmulatorStateException | RuntimeException e) {
            delete(directory);
            throw new IllegalStateException("the emulator did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void answered(Answered a) {
        if (fixtureKeys.containsKey(a.accessKeyId())) {
            return;
        }
        RecordedRequest request = new RecordedRequest(
                a.time(),
                a.requestId(),
                a.action(),
                a.accessKeyId(),
                a.callerArn(),
                a.status(),
                a.errorCode(),
                a.errorMessage());
        all.add(request);
        untaken.add(request);
    }

    /** An IAM call as root, for a fixture: a refusal is the test's setup failing, so it throws. */
    QueryResult iam(String action, String... params) {
        return fixture(action, root, () -> iam.call(action, pairs(params), root));
    }

    interface Call<T> {
        T run() throws StsException;
    }

    /** A fixture's call: left out of the request log; a refusal fails the test's setup, unchecked. */
    <T> T fixture(String what, AwsCredentials signer, Call<T> call) {
        String key = signer.accessKeyId();
        fixtureKeys.merge(key, 1, Integer::sum);
        try {
            return call.run();
        } catch (StsServiceException e) {
            throw new IllegalStateException(what + " refused by the emulator: " + e.code() + ": " + e.awsMessage(), e);
        } catch (StsException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } finally {
            fixtureKeys.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    static List<Map.Entry<String, String>> pairs(String... params) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            list.add(Map.entry(params[i], params[i + 1]));
        }
        return list;
    }

    String accountId() {
        return emulator.accountId();
    }

    /** Clears what a test saw: for a shared emulator, each test's log starts empty. */
    void clearLog() {
        all.clear();
        untaken.clear();
    }

    void close() {
        try {
            issuers.forEach(TestOidcIssuer::close);
            emulator.close();
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Left in the temp directory: private, and nothing in it outlives the test's interest.
        }
    }
}
