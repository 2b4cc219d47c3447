package dev.ststoken.session;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.SessionCredentials;
import dev.ststoken.sts.StsException;

/** Where a new session comes from: STS by default; the embedded emulator, started lazily, for --local. */
@FunctionalInterface
public interface SessionSource {
    SessionCredentials fetch(ResolvedSettings settings, GetSessionTokenRequest request) throws StsException;
}
