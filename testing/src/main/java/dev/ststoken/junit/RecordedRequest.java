package dev.ststoken.junit;

import java.time.Instant;

/**
 * One request the emulator answered, as {@link StsEmulatorExtension#takeRequest()} gives it: who made
 * it, what it asked and what it was told.
 *
 * @param time         the test clock when it was answered
 * @param requestId    the x-amzn-RequestId of the answer (also in the SDK's exception)
 * @param action       the Action parameter (AssumeRole, GetSessionToken, CreateUser, ...), "-" when none
 * @param accessKeyId  the key it was signed with, "-" when it was refused before the signature was read
 * @param callerArn    the caller (user, root or assumed-role session ARN); null when the key or
 *                     signature was refused
 * @param status       the HTTP status: 200 when the action ran
 * @param errorCode    of a refusal: AWS's code (AccessDenied, ExpiredToken, ...); null when it ran
 * @param errorMessage of a refusal: the message the client got, which says which policy check failed
 */
public record RecordedRequest(
        Instant time,
        String requestId,
        String action,
        String accessKeyId,
        String callerArn,
        int status,
        String errorCode,
        String errorMessage) {

    /** The action ran (the policies allowed it and it succeeded). */
    public boolean allowed() {
        return status == 200;
    }

    /** The request was refused: by a policy, an authentication check, a validation or a missing entity. */
    public boolean denied() {
        return !allowed();
    }

    @Override
    public String toString() {
        return action + " by " + (callerArn == null ? accessKeyId : callerArn)
                + (allowed() ? ": allowed" : ": denied, " + status + " " + errorCode + ": " + errorMessage);
    }
}
