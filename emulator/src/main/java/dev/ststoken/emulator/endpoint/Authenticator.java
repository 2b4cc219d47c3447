package dev.ststoken.emulator.endpoint;

import dev.ststoken.emulator.LocalCallerIdentity;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.sts.SessionTokens;
import java.time.Clock;

/**
 * Who a key id (and, for a session, its token) stands for in an account, with AWS's refusals. The
 * one place a caller is looked up: the HTTP path and {@link LocalCallerIdentity} both use it.
 */
public final class Authenticator {
    private final SessionTokens tokens;
    private final Clock clock;

    public Authenticator(SessionTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The caller and the secret its signature must be made with. */
    public record Authenticated(Caller caller, String secret) {
        @Override
        public String toString() {
            return "Authenticated[" + caller + "]";
        }
    }

    public Authenticated authenticate(String keyId, String sessionToken, Account account) throws AwsError {
        if (keyId.startsWith("ASIA")) {
            SessionTokens.Session session = tokens.open(sessionToken);
            if (session == null || !keyId.equals(session.accessKeyId())) {
                throw AwsError.invalidClientTokenId();
            }
            if (!clock.instant().isBefore(session.expiration())) {
                throw AwsErrorCode.EXPIRED_TOKEN.error();
            }
            Caller caller = Caller.of(account, session);
            if (caller == null) {
                throw AwsError.invalidClientTokenId();
            }
            return new Authenticated(caller, tokens.secretFor(keyId));
        }
        Caller caller = Caller.longTerm(account, keyId);
        if (caller == null || sessionToken != null) {
            throw AwsError.invalidClientTokenId();
        }
        return new Authenticated(caller, account.accessKeys().get(keyId).secret());
    }
}
