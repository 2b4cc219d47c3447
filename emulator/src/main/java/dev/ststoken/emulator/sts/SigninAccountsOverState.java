package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.signin.SigninAccounts;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.LoginPasswords;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.MfaThrottle;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * The sign-in service's view of the emulator's account: users by name and unique id, and sessions
 * sealed as STS seals GetSessionToken's, so the emulator's STS and IAM take them as the user's.
 */
public final class SigninAccountsOverState implements SigninAccounts {
    /** A hash no password matches in practice, checked when the user has none (equal cost). */
    private static final String DECOY = LoginPasswords.hash("decoy", new java.security.SecureRandom());

    private final StateStore store;
    private final SessionTokens tokens;
    private final Ids ids;
    private final Clock clock;

    public SigninAccountsOverState(StateStore store, SessionTokens tokens, Ids ids, Clock clock) {
        this.clock = clock;
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
        User user = store.current().users().get(userName);
        return user == null ? null : user.userId();
    }

    @Override
    public boolean passwordMatches(String userName, String password) {
        User user = store.current().users().get(userName);
        // A user without a login profile costs as much as one with: no timing tells which users have one.
        String stored = user == null || user.loginPassword() == null ? DECOY : user.loginPassword();
        return LoginPasswords.matches(stored, password) && stored != DECOY;
    }

    @Override
    public boolean mfaCodeMatches(String userName, String code) {
        User known = store.current().users().get(userName);
        if (known == null || code == null || !code.matches("[0-9]{6}") || MfaThrottle.locked(known, clock.instant())) {
            return false;
        }
        try {
            return store.mutate(account -> {
                User user = account.users().get(userName);
                MfaDevice device = user == null ? null : account.deviceOf(userName);
                if (device == null || !device.enabled()) {
                    return StateStore.Changed.to(account, false);
                }
                Instant now = clock.instant();
                long step = Totp.matchingStep(Base32.decode(device.seed()), code, now, 1);
                if (step < 0 || step <= device.lastUsedStep()) {
                    return StateStore.Changed.to(account.withUser(MfaThrottle.afterWrongCode(user, now)), false);
                }
                return StateStore.Changed.to(
                        account.withDevice(device.withLastUsedStep(step)).withUser(MfaThrottle.afterRightCode(user)),
                        true);
            });
        } catch (IOException | AwsError e) {
            throw new IllegalStateException("the state could not record the MFA code's use", e);
        }
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
