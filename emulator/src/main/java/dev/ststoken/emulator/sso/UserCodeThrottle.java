package dev.ststoken.emulator.sso;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong user codes on the device verification page, counted per client address: after {@value
 * #MAX_WRONG} within {@link #WINDOW} the page refuses that address's codes (429) until the window
 * ends. A user code is eight letters of twenty (about 2.6e10): guessing a waiting one would let a
 * guesser approve someone else's device with their own identity, so guessing is made slow. Kept in
 * memory (a restart of serve forgets it) for at most {@value #MAX_ADDRESSES} addresses, the oldest
 * dropped first.
 */
final class UserCodeThrottle {
    static final int MAX_WRONG = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_ADDRESSES = 4096;

    private record Count(int wrong, Instant first) {}

    private final Clock clock;
    private final Map<InetAddress, Count> counts = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Count> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    UserCodeThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Whether this address may try a code now. */
    synchronized boolean allows(InetAddress address) {
        Count count = current(address);
        return count == null || count.wrong() < MAX_WRONG;
    }

    synchronized void wrong(InetAddress address) {
        Count count = current(address);
        counts.put(
                address, count == null ? new Count(1, clock.instant()) : new Count(count.wrong() + 1, count.first()));
    }

    private Count current(InetAddress address) {
        Count count = counts.get(address);
        if (count != null && !clock.instant().isBefore(count.first().plus(WINDOW))) {
            counts.remove(address);
            return null;
        }
        return count;
    }
}
