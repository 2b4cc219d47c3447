package dev.ststoken.emulator;


/**
 * The authenticated identity behind a request.
 *
 * @param type      user, root or role (SessionTokens.Session constants)
 * @param principal the user or role name; null for root
 * @param session   true for ASIA credentials
 * @param mfa       for sessions: whether MFA was presented when the session was made
 */
record Caller(String accessKeyId, String type, String principal, String roleSessionName, boolean session,
              boolean mfa, boolean chained) {
    boolean isRoot() {
        return SessionTokens.Session.ROOT.equals(type);
    }

    boolean isUser() {
        return SessionTokens.Session.USER.equals(type);
    }

    boolean isRole() {
        return SessionTokens.Session.ROLE.equals(type);
    }

    static Caller longTerm(EmulatorState.AccessKey key) {
        return key.owner == null
                ? new Caller(key.id, SessionTokens.Session.ROOT, null, null, false, false, false)
                : new Caller(key.id, SessionTokens.Session.USER, key.owner, null, false, false, false);
    }

    static Caller of(SessionTokens.Session s) {
        return new Caller(s.accessKeyId(), s.principalType(), s.principal(), s.roleSessionName(), true, s.mfa(),
                s.chained());
    }

}
