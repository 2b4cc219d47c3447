package dev.ststoken.config;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import dev.ststoken.sts.GetSessionTokenRequest;

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
