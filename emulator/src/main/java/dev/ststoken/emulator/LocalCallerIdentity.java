package dev.ststoken.emulator;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.endpoint.Authenticator;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.sts.SessionTokens;
import dev.ststoken.sts.CallerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * GetCallerIdentity without HTTP, for {@code whoami --local}: reads the state dir and answers for a
 * long-term key or a session exactly as the server would, through the same principal lookup and the
 * same session-token opening ({@link Authenticator}). No server is started and nothing is written.
 * There is no signature to check, so the secret must match the key's (the session's secret is derived
 * from its key id), which is what the server's signature check proves.
 *
 * <pre>{@code
 * CallerIdentity who = LocalCallerIdentity.of(stateDir, Clock.systemUTC()).getCallerIdentity(credentials);
 * }</pre>
 */
public final class LocalCallerIdentity {
    private final StateStore store;
    private final Authenticator authenticator;

    private LocalCallerIdentity(StateStore store, Authenticator authenticator) {
        this.store = store;
        this.authenticator = authenticator;
    }

    /**
     * Opens an existing state dir. Callers check that the dir is theirs and private first, as for
     * {@code serve}; a dir without an account is refused rather than given a new one.
     *
     * @throws EmulatorStateException when the dir holds no account or cannot be read
     */
    public static LocalCallerIdentity of(Path stateDir, Clock clock) throws EmulatorStateException {
        if (!Files.isRegularFile(stateDir.resolve(StateStore.STATE_FILE))) {
            throw new EmulatorStateException(
                    "no emulator account in " + stateDir + " (run serve or get --local once)", null);
        }
        Ids ids = new Ids(new SecureRandom());
        StateStore store = StateStore.open(stateDir, clock, ids);
        return new LocalCallerIdentity(
                store, new Authenticator(new SessionTokens(store.current().tokenKey(), ids), clock));
    }

    /**
     * The identity STS's GetCallerIdentity would return for these credentials.
     *
     * @throws EmulatorRefusalException with AWS's code and message: InvalidClientTokenId for an
     *         unknown, inactive or deleted key or a foreign token, ExpiredToken for an expired
     *         session, SignatureDoesNotMatch for a wrong secret
     */
    @SuppressWarnings("exports") // core's CallerIdentity: for the command line, which core's sts is exported to
    public CallerIdentity getCallerIdentity(AwsCredentials credentials) throws EmulatorRefusalException {
        Account account = store.current();
        try {
            Authenticator.Authenticated who =
                    authenticator.authenticate(credentials.accessKeyId(), credentials.sessionToken(), account);
            if (!dev.ststoken.internal.Crypto.constantTimeEquals(who.secret(), credentials.secretAccessKey())) {
                throw AwsErrorCode.SIGNATURE_DOES_NOT_MATCH.error();
            }
            return who.caller().identity(account);
        } catch (AwsError e) {
            throw new EmulatorRefusalException(e);
        }
    }
}
