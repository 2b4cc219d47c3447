package dev.ststoken.emulator.state;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import java.time.Duration;
import java.time.Instant;

/**
 * Wrong MFA codes per user, kept in the account so that every process sharing the state dir and
 * every restart sees the same count. Five wrong codes lock the user's MFA: any further attempt,
 * right or wrong, gets AWS's {@code Throttling} error. One wrong code is forgiven every fifteen
 * minutes without one, so a locked user gets one more try every fifteen minutes; a right code
 * clears the count. A guesser thus tries at most 4 codes an hour: with 3 of the 10^6 codes valid
 * at any time, that is about 9.5 years per expected success, where it was minutes without a limit.
 */
public final class MfaThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration FORGIVEN_AFTER = Duration.ofMinutes(15);

    private MfaThrottle() {}

    /** The wrong codes still counted at {@code now}. */
    static int failures(User user, Instant now) {
        if (user.mfaFailures() == 0 || user.lastMfaFailure() == null) {
            return 0;
        }
        long elapsed = Math.max(0, Duration.between(user.lastMfaFailure(), now).toSeconds());
        long forgiven = elapsed / FORGIVEN_AFTER.toSeconds();
        return (int) Math.max(0, user.mfaFailures() - forgiven);
    }

    public static boolean locked(User user, Instant now) {
        return failures(user, now) >= MAX_FAILURES;
    }

    public static User afterWrongCode(User user, Instant now) {
        return user.withMfaFailures(failures(user, now) + 1, now);
    }

    public static User afterRightCode(User user) {
        return user.mfaFailures() == 0 ? user : user.withMfaFailures(0, null);
    }

    public static AwsError throttling() {
        return AwsErrorCode.THROTTLING.error();
    }
}
