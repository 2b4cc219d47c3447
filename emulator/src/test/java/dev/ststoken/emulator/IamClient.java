package dev.ststoken.emulator;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.QueryResult;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.totp.Totp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** IAM and STS calls to an in-process emulator over real HTTP, for the policy tests. */
public final class IamClient {
    private final Emulator emulator;
    private final Clock clock;

    public IamClient(Emulator emulator, Clock clock) {
        this.emulator = emulator;
        this.clock = clock;
    }

    StsClient iam() {
        return new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(emulator.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                clock,
                dev.ststoken.sts.Transport.DEFAULT
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                        .withMaxAttempts(1),
                "iam",
                "2010-05-08"));
    }

    public StsClient sts() {
        return new StsClient(new StsEndpoint(emulator.endpoint(), "us-east-1"), TlsSettings.DEFAULT, clock);
    }

    static List<Map.Entry<String, String>> pairs(String... params) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            list.add(Map.entry(params[i], params[i + 1]));
        }
        return list;
    }

    public QueryResult call(AwsCredentials who, String action, String... params) throws Exception {
        return iam().call(action, pairs(params), who);
    }

    public QueryResult sts(AwsCredentials who, String action, String... params) throws Exception {
        return sts().call(action, pairs(params), who);
    }

    /** The refusal of an IAM call that must fail. */
    public StsServiceException refusal(AwsCredentials who, String action, String... params) {
        try {
            call(who, action, params);
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(action + " succeeded");
    }

    StsServiceException stsRefusal(AwsCredentials who, String action, String... params) {
        try {
            sts(who, action, params);
        } catch (StsServiceException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(action + " succeeded");
    }

    /** A GetSessionToken session of the demo user, with an MFA code of the given step or without MFA. */
    public AwsCredentials demoSession(long step) throws Exception {
        DemoIdentity demo = emulator.demoIdentity();
        GetSessionTokenRequest request = step < 0
                ? new GetSessionTokenRequest(null, null, null)
                : new GetSessionTokenRequest(null, demo.mfaSerial(), Totp.code(demo.mfaSeed(), step));
        SessionCredentials session = sts().getSessionToken(demo.credentials(), request);
        return session.credentials();
    }

    public AwsCredentials assumed(QueryResult answer) throws Exception {
        return sts().credentialsFrom(answer.child("Credentials"), "AssumeRole").credentials();
    }
}
