package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.sts.StsClient;
import java.io.IOException;

/**
 * Where get, exec and whoami find their settings and sessions: AWS as the user configured it, or
 * the embedded emulator's demo user ({@code --local}). Chosen once per run, so the commands have
 * no "if local" branches.
 */
interface SessionBackend extends AutoCloseable {
    ResolvedSettings settings(SessionRequest request) throws ConfigException, IOException, EmulatorStateException;

    SessionResult session(ResolvedSettings settings, SessionRequest request) throws ConfigException, StsException;

    /** Where the STS endpoint really is (the embedded emulator only knows once it runs). */
    default java.net.URI endpoint(ResolvedSettings settings) throws StsException {
        return settings.endpoint().uri();
    }

    /** GetCallerIdentity for these credentials (whoami). */
    default dev.ststoken.sts.CallerIdentity identity(
            ResolvedSettings settings, dev.ststoken.credentials.AwsCredentials credentials) throws StsException {
        return client(settings).getCallerIdentity(credentials);
    }

    /** A client for calls other than GetSessionToken (whoami). */
    StsClient client(ResolvedSettings settings) throws StsException;

    @Override
    void close();
}
