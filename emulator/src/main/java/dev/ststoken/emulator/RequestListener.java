package dev.ststoken.emulator;

import java.time.Instant;

/**
 * Told of every STS, IAM and IAM Identity Center request the emulator answered (Identity Center's by
 * the name of its operation, with no caller and key "-"), after the answer is decided and before
 * it is sent: a test library's request log ({@code takeRequest()}), in the manner of MockWebServer.
 * Called on the connection's thread; it must be quick and must not throw.
 */
@FunctionalInterface
public interface RequestListener {
    void answered(Answered request);

    /**
     * One request as the emulator saw it.
     *
     * @param action       the Action parameter as sent, or "-" when the request had none or was unreadable
     * @param accessKeyId  the key the request was signed with, or "-" before the signature was read
     * @param callerArn    who the caller turned out to be (a user, root, an assumed-role session); null
     *                     when the request was refused before its key and signature were accepted
     * @param status       the HTTP status of the answer: 200 when the action ran
     * @param errorCode    for a refusal, AWS's error code (e.g. AccessDenied); null when it ran
     * @param errorMessage for a refusal, the message sent to the client; null when it ran
     */
    record Answered(
            Instant time,
            String requestId,
            String action,
            String accessKeyId,
            String callerArn,
            int status,
            String errorCode,
            String errorMessage) {}
}
