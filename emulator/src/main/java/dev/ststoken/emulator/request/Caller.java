package dev.ststoken.emulator.request;

import dev.ststoken.emulator.state.AccessKey;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.User;
import dev.ststoken.emulator.sts.SessionTokens;
import dev.ststoken.sts.CallerIdentity;
import java.time.Instant;

/**
 * The authenticated identity behind a request.
 *
 * @param type        user, root or role (SessionTokens.Session constants)
 * @param principal   the user or role name; null for root
 * @param principalId the user's or role's unique id; the account id for root
 * @param session     true for ASIA credentials
 * @param mfa         for sessions: whether MFA was presented when the session was made
 * @param issued      for sessions: when it was made, if the token says
 * @param mfaAuthenticated for sessions with MFA: when the code was presented, if the token says
 * @param facts       how this request arrived; null outside a request
 */
public record Caller(
        String accessKeyId,
        String type,
        String principal,
        String principalId,
        String roleSessionName,
        boolean session,
        boolean mfa,
        boolean chained,
        Instant issued,
        Instant mfaAuthenticated,
        SessionTokens.SessionPolicies sessionPolicies,
        RequestFacts facts) {
    public Caller withFacts(RequestFacts newFacts) {
        return new Caller(
                accessKeyId,
                type,
                principal,
                principalId,
                roleSessionName,
                session,
                mfa,
                chained,
                issued,
                mfaAuthenticated,
                sessionPolicies,
                newFacts);
    }

    /** Whether policies decide this request (the state dir's setting, unless serve overrides it). */
    public boolean enforced() {
        return facts != null && facts.enforceIam();
    }

    public boolean isRoot() {
        return SessionTokens.Session.ROOT.equals(type);
    }

    public boolean isUser() {
        return SessionTokens.Session.USER.equals(type);
    }

    public boolean isRole() {
        return SessionTokens.Session.ROLE.equals(type);
    }

    /** As GetCallerIdentity describes a caller: root by the account, a user by its id, a role session as ROLEID:SESSION. */
    public CallerIdentity identity(Account account) {
        if (isRoot()) {
            return new CallerIdentity(account.accountId(), account.accountId(), account.rootArn());
        }
        if (isUser()) {
            User user = account.users().get(principal);
            return new CallerIdentity(user.userId(), account.accountId(), account.userArn(user.name()));
        }
        Role role = account.roles().get(principal);
        return new CallerIdentity(
                role.roleId() + ":" + roleSessionName,
                account.accountId(),
                Arns.assumedRole(account.accountId(), role.name(), roleSessionName));
    }

    /** The account's root, signing with one of its long-term keys. */
    static Caller root(String accessKeyId, String accountId) {
        return new Caller(
                accessKeyId,
                SessionTokens.Session.ROOT,
                null,
                accountId,
                null,
                false,
                false,
                false,
                null,
                null,
                null,
                null);
    }

    /** A user, signing with one of its long-term keys. */
    static Caller user(String accessKeyId, String userName, String userId) {
        return new Caller(
                accessKeyId,
                SessionTokens.Session.USER,
                userName,
                userId,
                null,
                false,
                false,
                false,
                null,
                null,
                null,
                null);
    }

    /** A session's holder, as its token says; not checked against the account (see {@link #of}). */
    static Caller session(SessionTokens.Session s) {
        return new Caller(
                s.accessKeyId(),
                s.principalType(),
                s.principal(),
                s.principalId(),
                s.roleSessionName(),
                true,
                s.mfa(),
                s.chained(),
                s.issued(),
                s.mfaAuthenticated(),
                s.policies(),
                null);
    }

    /** The key's owner as the account has it now; null when the key is unknown, inactive or orphaned. */
    public static Caller longTerm(Account account, String keyId) {
        AccessKey key = account.accessKeys().get(keyId);
        if (key == null || !key.active()) {
            return null;
        }
        if (key.owner() == null) {
            return root(key.id(), account.accountId());
        }
        User user = account.users().get(key.owner());
        return user == null ? null : user(key.id(), user.name(), user.userId());
    }

    /** The session's caller, if the identity it was made for still exists (same unique id); else null. */
    public static Caller of(Account account, SessionTokens.Session s) {
        boolean alive;
        switch (s.principalType()) {
            case SessionTokens.Session.ROOT:
                alive = account.accountId().equals(s.principalId());
                break;
            case SessionTokens.Session.USER:
                User user = account.users().get(s.principal());
                alive = user != null && user.userId().equals(s.principalId());
                break;
            case SessionTokens.Session.ROLE:
                Role role = account.roles().get(s.principal());
                alive = role != null && role.roleId().equals(s.principalId());
                break;
            default:
                alive = false;
        }
        return alive ? session(s) : null;
    }
}
