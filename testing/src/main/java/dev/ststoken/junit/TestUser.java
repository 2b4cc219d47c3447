package dev.ststoken.junit;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.IamClient;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.totp.Base32;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An IAM user of the emulator's account, set up in sentences: {@code sts.user("alice").withAccessKey()
 * .withMfaDevice().withPolicy(json)}. Each step is an IAM call as the account's root, made when it is
 * written; the request log leaves these calls out.
 */
public final class TestUser {
    private final EmulatorRun run;
    private final String name;
    private final String arn;
    private AwsCredentials accessKey;
    private TestMfaDevice mfa;
    private int inlinePolicies;

    TestUser(EmulatorRun run, String name, String arn, AwsCredentials accessKey, TestMfaDevice mfa) {
        this.run = run;
        this.name = name;
        this.arn = arn;
        this.accessKey = accessKey;
        this.mfa = mfa;
    }

    /** The user, created unless it exists (made by the code under test, or the demo user). */
    static TestUser createOrFind(EmulatorRun run, String name) {
        QueryResult user = run.fixture("CreateUser " + name, run.root, () -> {
            try {
                return run.iam.call("CreateUser", EmulatorRun.pairs("UserName", name), run.root);
            } catch (StsServiceException e) {
                if (!e.code().equals("EntityAlreadyExists")) {
                    throw e;
                }
                return run.iam.call("GetUser", EmulatorRun.pairs("UserName", name), run.root);
            }
        });
        return new TestUser(run, name, user.textAt("User", "Arn"), null, null);
    }

    /** The demo user's fixture: its key and device exist already. */
    TestUser withExisting(AwsCredentials key, TestMfaDevice device) {
        this.accessKey = key;
        this.mfa = device;
        return this;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    /** An access key of the user's (CreateAccessKey); a second call keeps the first key. */
    public TestUser withAccessKey() {
        if (accessKey == null) {
            accessKey = run.fixture(
                    "CreateAccessKey for " + name,
                    run.root,
                    () -> new IamClient(run.iam).createAccessKey(run.root, name));
        }
        return this;
    }

    /**
     * A virtual MFA device of the user's (CreateVirtualMFADevice, then EnableMFADevice with two
     * consecutive codes of the test clock, as the console does); its seed is in {@link #mfa()}.
     */
    public TestUser withMfaDevice() {
        if (mfa == null) {
            IamClient iam = new IamClient(run.iam);
            IamClient.VirtualMfaDevice device = run.fixture(
                    "CreateVirtualMFADevice for " + name, run.root, () -> iam.createVirtualMfaDevice(run.root, name));
            byte[] seed = Base32.decode(device.base32Seed());
            long step = dev.ststoken.totp.Totp.step(run.clock.instant());
            run.fixture("EnableMFADevice for " + name, run.root, () -> {
                iam.enableMfaDevice(
                        run.root,
                        name,
                        device.serialNumber(),
                        dev.ststoken.totp.Totp.code(seed, step - 1),
                        dev.ststoken.totp.Totp.code(seed, step));
                return null;
            });
            mfa = new TestMfaDevice(run, device.serialNumber(), seed);
        }
        return this;
    }

    /** An inline policy of the user's (PutUserPolicy), named inline-1, inline-2, ... */
    public TestUser withPolicy(String policyJson) {
        return withPolicy("inline-" + ++inlinePolicies, policyJson);
    }

    public TestUser withPolicy(String policyName, String policyJson) {
        run.iam("PutUserPolicy", "UserName", name, "PolicyName", policyName, "PolicyDocument", policyJson);
        return this;
    }

    /** A managed policy attached to the user (AttachUserPolicy), e.g. {@link StsEmulatorExtension#managedPolicy}'s ARN. */
    public TestUser withManagedPolicy(String policyArn) {
        run.iam("AttachUserPolicy", "UserName", name, "PolicyArn", policyArn);
        return this;
    }

    /** Makes the user a member of a group (AddUserToGroup). */
    public TestUser inGroup(TestGroup group) {
        group.withMember(this);
        return this;
    }

    /** The user's MFA device and its codes. */
    public TestMfaDevice mfa() {
        if (mfa == null) {
            throw new IllegalStateException(name + " has no MFA device: call withMfaDevice() first");
        }
        return mfa;
    }

    /** The user's long-term key (AKIA...). */
    public AwsCredentials credentials() {
        if (accessKey == null) {
            throw new IllegalStateException(name + " has no access key: call withAccessKey() first");
        }
        return accessKey;
    }

    /** A GetSessionToken session without MFA, got now (the code under test's log does not show the call). */
    public SessionCredentials session() {
        AwsCredentials key = credentials();
        return run.fixture(
                "GetSessionToken for " + name,
                key,
                () -> run.sts.getSessionToken(key, new GetSessionTokenRequest(null, null, null)));
    }

    /** A GetSessionToken session with MFA, got now with the device's {@link TestMfaDevice#nextCode()}. */
    public SessionCredentials mfaSession() {
        AwsCredentials key = credentials();
        TestMfaDevice device = mfa();
        String code = device.nextCode();
        return run.fixture(
                "GetSessionToken with MFA for " + name,
                key,
                () -> run.sts.getSessionToken(key, new GetSessionTokenRequest(null, device.serial(), code)));
    }

    /**
     * Whether this user's long-term key may assume {@code role} without MFA, as the emulator decides:
     * the user's identity policies (inline, managed, its groups'), the role's trust policy with its
     * conditions, and {@code sessionPolicy} when not null (a malformed or oversized one is refused as
     * AWS refuses it). Unlike AWS's policy simulator, the trust policy is part of the answer. The
     * emulator judges a real AssumeRole, whose session is thrown away; like a fixture's call it is left
     * out of the request log, so the code under test's log stays its own.
     */
    public Decision mayAssume(TestRole role, String sessionPolicy) {
        return decide(role, null, null, sessionPolicy);
    }

    /** {@link #mayAssume(TestRole, String)} without a session policy. */
    public Decision mayAssume(TestRole role) {
        return mayAssume(role, null);
    }

    /**
     * {@link #mayAssume(TestRole, String)} with the user's MFA device and its {@link
     * TestMfaDevice#nextCode()} on the AssumeRole, as a person typing a code would send it.
     */
    public Decision mayAssumeWithMfa(TestRole role, String sessionPolicy) {
        TestMfaDevice device = mfa();
        return decide(role, device.serial(), device.nextCode(), sessionPolicy);
    }

    /** {@link #mayAssumeWithMfa(TestRole, String)} without a session policy. */
    public Decision mayAssumeWithMfa(TestRole role) {
        return mayAssumeWithMfa(role, null);
    }

    private Decision decide(TestRole role, String serial, String code, String sessionPolicy) {
        AwsCredentials key = credentials();
        AssumeRoleRequest request =
                new AssumeRoleRequest(role.arn(), "decision", null, null, serial, code, sessionPolicy);
        return run.fixture("AssumeRole of " + role.name() + " for " + name, key, () -> {
            try {
                run.sts.assumeRole(key, request);
                return Decision.ALLOWED;
            } catch (StsServiceException e) {
                return new Decision(false, e.code(), e.awsMessage());
            }
        });
    }

    /** The long-term key for an AWS SDK v2 client. */
    public AwsCredentialsProvider credentialsProvider() {
        return AwsSdk.provider(credentials(), null);
    }

    /** A session without MFA ({@link #session()}) for an AWS SDK v2 client. */
    public AwsCredentialsProvider sessionCredentialsProvider() {
        SessionCredentials session = session();
        return AwsSdk.provider(session.credentials(), session.expiration());
    }

    /**
     * An MFA session ({@link #mfaSession()}) for an AWS SDK v2 client. Got once, now: when the test
     * clock passes its expiration the emulator refuses it (ExpiredToken), as AWS does.
     */
    public AwsCredentialsProvider mfaSessionCredentialsProvider() {
        SessionCredentials session = mfaSession();
        return AwsSdk.provider(session.credentials(), session.expiration());
    }

    @Override
    public String toString() {
        return "TestUser[" + arn + "]";
    }
}
