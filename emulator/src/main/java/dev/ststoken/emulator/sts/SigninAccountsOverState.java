package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.signin.SigninAccounts;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.StateStore;
import java.time.Instant;

/**
 * The sign-in service's view of the emulator's account: users by name and unique id, and sessions
 * sealed as STS seals GetSessionToken's, so the emulator's STS and IAM take them as the user's.
 */
public final class SigninAccountsOverState implements SigninAccounts {
    private final StateStore store;
    private final SessionTokens tokens;
    private final Ids ids;

    public SigninAccountsOverState(StateStore store, SessionTokens tokens, Ids ids) {
        this.store = store;
        this.tokens = tokens;
        this.ids = ids;
    }

    @Override
    public String accountId() {
        return store.current().accountId();
    }

    @Override
    public String userId(String userName) {
        Account.User user = store.current().users().get(userName);
        return user == null ? null : user.userId();
    }

    @Override
    public IssuedCredentials issue(String userName, String userId, Instant issued, Instant expiration) {
        SessionTokens.Session session = new SessionTokens.Session(
                ids.id("ASIA"),
                SessionTokens.Session.USER,
                userName,
                userId,
                null,
                false,
                false,
                expiration,
                issued,
                null,
                null);
        return new IssuedCredentials(
                session.accessKeyId(), tokens.secretFor(session.accessKeyId()), tokens.seal(session));
    }
}
