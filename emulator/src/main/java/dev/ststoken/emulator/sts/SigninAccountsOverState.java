package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.policy.Authorization;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.signin.SigninAccounts;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.LoginPasswords;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.MfaThrottle;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * The sign-in service's view of the emulator's account: users by name and unique id, and sessions
 * sealed as STS seals GetSessionToken's, so the emulator's STS and IAM take them as the user's.
 */
public final class SigninAccountsOverState implements SigninAccounts {
    /** A hash no password matches in practice, checked when the user has none (equal cost). */
    private static final String DECOY = LoginPasswords.hash("decoy", new java.security.SecureRandom());

    public static final String ROOT_PASSWORD_FILE = "root-password.txt";
    public static final String ROOT_SEED_FILE = "root-mfa-seed.txt";
    public static final String DEMO_PASSWORD_FILE = "demo-password.txt";
    /** AWS's managed policy SignInLocalDevelopmentAccess (v3), which aws login asks a user to have. */
    public static final String SIGN_IN_LOCAL_DEVELOPMENT_ACCESS = "{\"Version\":\"2012-10-17\",\"Statement\":[{"
            + "\"Effect\":\"Allow\",\"Action\":[\"signin:AuthorizeOAuth2Access\",\"signin:CreateOAuth2Token\"],"
            + "\"Resource\":\"arn:aws:signin:*:*:oauth2/public-client/*\"}]}";

    private final StateStore store;
    private final SessionTokens tokens;
    private final Ids ids;
    private final Clock clock;
    private final Path stateDir;

    public SigninAccountsOverState(StateStore store, SessionTokens tokens, Ids ids, Clock clock, Path stateDir) {
        this.stateDir = stateDir;
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
    public String refusal(String userName, String action, String resource) {
        Account account = store.current();
        User user = account.users().get(userName);
        if (user == null) {
            return "The user " + userName + " no longer exists";
        }
        if (!account.enforceIam()) {
            return null;
        }
        Instant now = clock.instant();
        // The person has just signed in on the console with password and MFA code: a console session with MFA.
        Caller console = new Caller(
                null,
                SessionTokens.Session.USER,
                userName,
                user.userId(),
                null,
                true,
                true,
                false,
                now,
                now,
                null,
                null);
        try {
            Authorization.require(console, account, action, resource);
            return null;
        } catch (AwsError e) {
            return e.getMessage();
        }
    }

    @Override
    public void prepareRoot() throws IOException {
        if (store.current().rootLoginPassword() != null) {
            return;
        }
        SecureRandom random = new SecureRandom();
        String password = newPassword(random);
        // Hashed before the lock is taken: 100,000 PBKDF2 rounds must not hold up every other change.
        String hash = LoginPasswords.hash(password, random);
        String seed = Base32.encode(ids.bytes(20));
        try {
            boolean made = store.mutate(account -> {
                if (account.rootLoginPassword() != null) {
                    return StateStore.Changed.to(account, false);
                }
                Instant now = clock.instant();
                MfaDevice device = MfaDevice.created(
                                Arns.mfa(account.accountId(), "/", Account.ROOT_MFA_DEVICE), seed, now, null)
                        .enabledFor(null, now, -1);
                return StateStore.Changed.to(account.withRootLoginPassword(hash).withDevice(device), true);
            });
            if (made) {
                AtomicFiles.write(stateDir.resolve(ROOT_PASSWORD_FILE), password + "\n");
                AtomicFiles.write(stateDir.resolve(ROOT_SEED_FILE), seed + "\n");
            }
        } catch (AwsError e) {
            throw new IOException("the root user's sign-in could not be recorded: " + e.getMessage(), e);
        }
    }

    /**
     * The demo user ready for the sign-in page (signin --local): a console password, written to
     * {@value #DEMO_PASSWORD_FILE} (0600), and SignInLocalDevelopmentAccess as the inline policy
     * {@code aws-login}. Does nothing when both are there.
     */
    public void prepareDemo() throws IOException {
        User demo = store.current().users().get(Account.DEMO_USER);
        Path file = stateDir.resolve(DEMO_PASSWORD_FILE);
        if (demo == null) {
            throw new IOException("the demo user was deleted from " + stateDir);
        }
        if (demo.loginPassword() != null
                && demo.permissions().inline().containsKey("aws-login")
                && java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        SecureRandom random = new SecureRandom();
        String password = newPassword(random);
        String hash = LoginPasswords.hash(password, random);
        try {
            store.mutate(account -> {
                User user = account.users().get(Account.DEMO_USER);
                if (user == null) {
                    throw AwsError.noSuchEntity("The user with name demo cannot be found.");
                }
                return StateStore.Changed.to(
                        account.withUser(user.withLoginPassword(hash)
                                .withPermissions(
                                        user.permissions().withInline("aws-login", SIGN_IN_LOCAL_DEVELOPMENT_ACCESS))),
                        null);
            });
        } catch (AwsError e) {
            throw new IOException(e.getMessage(), e);
        }
        AtomicFiles.write(file, password + "\n");
    }

    @Override
    public boolean rootPasswordMatches(String password) {
        String stored = store.current().rootLoginPassword();
        String checked = stored == null ? DECOY : stored;
        return LoginPasswords.matches(checked, password) && checked != DECOY;
    }

    @Override
    public boolean rootMfaCodeMatches(String code) {
        if (code == null || !code.matches("[0-9]{6}")) {
            return false;
        }
        try {
            return store.mutate(account -> {
                MfaDevice device = account.rootDevice();
                if (device == null) {
                    return StateStore.Changed.to(account, false);
                }
                long step = Totp.matchingStep(Base32.decode(device.seed()), code, clock.instant(), 1);
                if (step < 0 || step <= device.lastUsedStep()) {
                    return StateStore.Changed.to(account, false);
                }
                return StateStore.Changed.to(account.withDevice(device.withLastUsedStep(step)), true);
            });
        } catch (IOException | AwsError e) {
            throw new IllegalStateException("the state could not record the MFA code's use", e);
        }
    }

    @Override
    public IssuedCredentials issueRoot(Instant issued, Instant expiration) {
        return issue(SessionTokens.Session.ROOT, null, store.current().accountId(), issued, expiration);
    }

    @Override
    public IssuedCredentials issue(String userName, String userId, Instant issued, Instant expiration) {
        return issue(SessionTokens.Session.USER, userName, userId, issued, expiration);
    }

    /** A console password of 120 random bits, in URL-safe Base64 (20 characters, nothing to quote). */
    private static String newPassword(SecureRandom random) {
        byte[] passwordBytes = new byte[15];
        random.nextBytes(passwordBytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(passwordBytes);
    }

    /** The session a sign-in issues: not flagged MFA, not chained, no session policies. */
    private IssuedCredentials issue(
            String principalType, String principal, String principalId, Instant issued, Instant expiration) {
        SessionTokens.Session session = new SessionTokens.Session(
                ids.id("ASIA"),
                principalType,
                principal,
                principalId,
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
