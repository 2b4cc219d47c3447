package dev.ststoken.junit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock, moved by the test: sessions expire and TOTP steps pass without sleeping.
 * It starts at the wall clock's second when the emulator starts and never moves by itself.
 *
 * <p>Only the emulator reads it. An AWS SDK client signs with the wall clock and trusts the
 * expiration the emulator wrote into its session, so after {@code advance(Duration.ofHours(2))} it
 * still sends a one-hour session, and the emulator refuses it as expired, as AWS would a client whose
 * session ran out. For that the emulator accepts signatures however far the test clock is from the
 * wall clock (signing-time skew is not what these tests are about).
 */
public final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public TestClock advance(Duration duration) {
        synchronized (this) {
            now = now.plus(duration);
        }
        return this;
    }

    /** Sets the clock to an instant. */
    public TestClock set(Instant instant) {
        now = instant;
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return "TestClock[" + now + "]";
    }
}
