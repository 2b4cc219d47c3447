package dev.ststoken.junit;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The sts-session-token emulator (a local STS and IAM that checks signatures, MFA codes, trust and
 * identity policies and session expiry) for JUnit 5 tests, in the manner of okhttp's MockWebServer:
 *
 * <pre>
 * {@literal @}RegisterExtension
 * static StsEmulatorExtension sts = StsEmulatorExtension.create();
 *
 * {@literal @}Test
 * void alice_may_deploy_with_mfa() {
 *     TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
 *     TestRole deploy = sts.role("deploy").trustingWithMfa(alice);
 *     try (StsClient client = sts.stsClient(alice.credentialsProvider())) {
 *         client.assumeRole(r -&gt; r.roleArn(deploy.arn()).roleSessionName("ci")
 *                 .serialNumber(alice.mfa().serial()).tokenCode(alice.mfa().nextCode()));
 *     }
 *     assertThat(sts.takeRequest().allowed()).isTrue();
 * }
 * </pre>
 *
 * <p>An emulator runs in the test's JVM on a free loopback port, over real HTTP, with its state in a
 * private temporary directory deleted afterwards. By default each test gets a fresh one (a new
 * account: only root and the demo user); {@link Builder#sharedPerClass()} keeps one for the class
 * (the field must then be static), each test's request log still starting empty. Outside JUnit,
 * {@link #start()} and {@link #close()} do the same by hand.
 *
 * <p>Methods that return AWS SDK for Java v2 types need the SDK (sts, iam) on the test classpath,
 * which the application provides; the rest work without it.
 */
public final class StsEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {
    private final boolean sharedPerClass;
    private final Boolean enforceIam;
    private final Instant start;
    private volatile EmulatorRun run;

    private StsEmulatorExtension(Builder builder) {
        this.sharedPerClass = builder.sharedPerClass;
        this.enforceIam = builder.enforceIam;
        this.start = builder.start;
    }

    /** A fresh emulator for each test, IAM policies enforced, the test clock starting at the wall clock. */
    public static StsEmulatorExtension create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the extension runs its emulator. */
    public static final class Builder {
        private boolean sharedPerClass;
        private Boolean enforceIam;
        private Instant start;

        private Builder() {}

        /** One emulator for all tests of the class (a static field); its state carries over from test to test. */
        public Builder sharedPerClass() {
            this.sharedPerClass = true;
            return this;
        }

        /**
         * Whether identity and trust policies decide (the default: yes, as on AWS). False is
         * {@code serve --no-enforce-iam}: only the emulator's older built-in rules apply.
         */
        public Builder enforceIam(boolean enforce) {
            this.enforceIam = enforce;
            return this;
        }

        /** Where the test clock starts (default: the wall clock when the emulator starts). */
        public Builder clockStartingAt(Instant instant) {
            this.start = instant;
            return this;
        }

        public StsEmulatorExtension build() {
            return new StsEmulatorExtension(this);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (sharedPerClass) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sharedPerClass) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (sharedPerClass) {
            if (run == null) {
                throw new ExtensionConfigurationException(
                        "StsEmulatorExtension.builder().sharedPerClass() needs a static @RegisterExtension field:"
                                + " JUnit starts and stops class-wide extensions only there");
            }
            run.clearLog();
        } else {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!sharedPerClass) {
            close();
        }
    }

    /** Starts the emulator (the extension's callbacks do this); a started one is replaced. */
    public StsEmulatorExtension start() {
        close();
        run = EmulatorRun.start(start == null ? Instant.now() : start, enforceIam);
        return this;
    }

    /** Stops the emulator and deletes its state. */
    @Override
    public void close() {
        EmulatorRun running = run;
        run = null;
        if (running != null) {
            running.close();
        }
    }

    private EmulatorRun run() {
        EmulatorRun running = run;
        if (running == null) {
            throw new IllegalStateException("the emulator is not running: register StsEmulatorExtension with"
                    + " @RegisterExtension, and use it in tests or @BeforeEach (a shared one also in @BeforeAll)");
        }
        return running;
    }

    /** The URL of its STS and IAM (one endpoint serves both), e.g. for endpoint_url or endpointOverride. */
    public URI endpoint() {
        return run().emulator.endpoint();
    }

    /** The region its clients sign for: us-east-1. */
    public String regionName() {
        return EmulatorRun.REGION;
    }

    /** {@link #regionName()} for an AWS SDK v2 builder. */
    public Region region() {
        return AwsSdk.region(EmulatorRun.REGION);
    }

    /** The emulated account's id (12 digits, new for each fresh emulator). */
    public String accountId() {
        return run().accountId();
    }

    /** The emulator's clock, which only the test moves. */
    public TestClock clock() {
        return run().clock;
    }

    /** The account's root key, which may do anything. */
    public AwsCredentials rootCredentials() {
        return run().root;
    }

    /** The running emulator itself, for what the fixtures do not cover. */
    public Emulator emulator() {
        return run().emulator;
    }

    /** An IAM user, created unless it exists; the same object for the same name within a run. */
    public TestUser user(String name) {
        EmulatorRun r = run();
        return r.users.computeIfAbsent(name, n -> TestUser.createOrFind(r, n));
    }

    /**
     * The demo user every new account has ("demo"), with its access key and virtual MFA device (whose
     * policy lets it manage its own keys and device, with MFA): the identity of {@code get --local}.
     */
    public TestUser demo() {
        EmulatorRun r = run();
        return r.users.computeIfAbsent("demo", n -> {
            DemoIdentity demo = r.emulator.demoIdentity();
            TestUser found = TestUser.createOrFind(r, n);
            return found.withExisting(demo.credentials(), new TestMfaDevice(r, demo.mfaSerial(), demo.mfaSeed()));
        });
    }

    /** An IAM role, created (trusting the account) unless it exists. */
    public TestRole role(String name) {
        EmulatorRun r = run();
        return r.roles.computeIfAbsent(name, n -> TestRole.createOrFind(r, n));
    }

    /**
     * A test OpenID Connect issuer ({@link TestOidcIssuer}) on a loopback port, registered in the
     * account as an IAM OIDC provider (CreateOpenIDConnectProvider) with these client IDs (default:
     * sts.amazonaws.com); its tokens follow the test clock. Stopped with the emulator.
     */
    public TestOidcIssuer oidcIssuer(String... clientIds) {
        EmulatorRun r = run();
        TestOidcIssuer issuer = TestOidcIssuer.start(r.clock);
        r.issuers.add(issuer);
        issuer.registered(oidcProvider(
                issuer.url(), clientIds.length == 0 ? new String[] {TestOidcIssuer.STS_AUDIENCE} : clientIds));
        return issuer;
    }

    /**
     * An IAM OIDC provider for any issuer URL (CreateOpenIDConnectProvider), with these client IDs;
     * its ARN. The emulator fetches keys only from loopback issuers and those its configuration names.
     */
    public String oidcProvider(String url, String... clientIds) {
        List<String> params = new java.util.ArrayList<>(List.of("Url", url));
        for (int i = 0; i < clientIds.length; i++) {
            params.add("ClientIDList.member." + (i + 1));
            params.add(clientIds[i]);
        }
        return run().iam("CreateOpenIDConnectProvider", params.toArray(String[]::new))
                .textAt("OpenIDConnectProviderArn");
    }

    /** An IAM group, created unless it exists. */
    public TestGroup group(String name) {
        EmulatorRun r = run();
        return r.groups.computeIfAbsent(name, n -> TestGroup.createOrFind(r, n));
    }

    /** A customer managed policy (CreatePolicy); its ARN, for withManagedPolicy. */
    public String managedPolicy(String name, String policyJson) {
        return run().iam("CreatePolicy", "PolicyName", name, "PolicyDocument", policyJson)
                .textAt("Policy", "Arn");
    }

    /**
     * The oldest request not taken yet, made since the test started (the fixtures' own calls left
     * out). A client's call returns only after its request was recorded, so this does not wait.
     *
     * @throws NoSuchElementException when every request was taken
     */
    public RecordedRequest takeRequest() {
        RecordedRequest request = run().untaken.poll();
        if (request == null) {
            throw new NoSuchElementException(
                    "no request left to take (" + run().all.size() + " made, all taken)");
        }
        return request;
    }

    /** The oldest request not taken yet, waiting up to {@code timeout} for one from another thread; null if none came. */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return run().untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every request made since the test started, taken or not, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(run().all);
    }

    public int requestCount() {
        return run().all.size();
    }

    /** An AWS SDK v2 STS client of the emulator with these credentials (no retries). Close it. */
    public StsClient stsClient(AwsCredentialsProvider credentials) {
        return AwsSdk.sts(endpoint(), EmulatorRun.REGION, credentials);
    }

    /** An AWS SDK v2 IAM client of the emulator with these credentials (no retries). Close it. */
    public IamClient iamClient(AwsCredentialsProvider credentials) {
        return AwsSdk.iam(endpoint(), credentials);
    }

    /** The root key for an AWS SDK v2 client. */
    public AwsCredentialsProvider rootCredentialsProvider() {
        return AwsSdk.provider(run().root, null);
    }
}
