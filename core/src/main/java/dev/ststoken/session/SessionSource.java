package dev.ststoken.session;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.SessionCredentials;
import dev.ststoken.sts.StsException;
import dev.ststoken.sts.StsTransportException;

/** Where a new session comes from: STS by default; the embedded emulator, started lazily, for --local. */
public interface SessionSource {
    /** GetSessionToken with the settings' own credentials. */
    SessionCredentials fetch(ResolvedSettings settings, GetSessionTokenRequest request) throws StsException;

    /** AssumeRole with the given caller (the keys, an MFA session, or the role below in a chain). */
    default AssumedRole assumeRole(ResolvedSettings settings, AwsCredentials caller, AssumeRoleRequest request)
            throws StsException {
        throw new StsTransportException("this session source cannot assume roles", null);
    }
}
