package dev.ststoken.launch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock in UTC, as {@link Clock#systemUTC()}, for the one clock a run injects. Not that
 * method itself: its holder's ZoneOffset.UTC initialises java.time's zone classes (35 of a cache
 * hit's) before the run asks for anything but an instant; here the zone is reached only if asked for.
 */
final class SystemUtcClock extends Clock {
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }
}
