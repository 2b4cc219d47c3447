package dev.ststoken.junit;

/**
 * What the emulator decided about a request a test asked it to judge ({@link TestUser#mayAssume}):
 * allowed, or refused with AWS's error code and the message that says which check failed (the
 * identity policy, the trust policy and its conditions such as {@code aws:MultiFactorAuthPresent}, a
 * session policy, a wrong or used MFA code).
 *
 * @param allowed   the emulator would run the request
 * @param errorCode of a refusal: AWS's code (AccessDenied, ...); null when allowed
 * @param reason    of a refusal: the message a client gets; null when allowed
 */
public record Decision(boolean allowed, String errorCode, String reason) {
    static final Decision ALLOWED = new Decision(true, null, null);

    @Override
    public String toString() {
        return allowed ? "allowed" : "refused: " + errorCode + ": " + reason;
    }
}
