package dev.ststoken.cache;

import dev.ststoken.sts.SessionCredentials;
import java.time.Instant;

/** A session read from the cache, with the key it was stored under and when it was obtained. */
public record CachedSession(CacheKey key, SessionCredentials session, Instant obtained) {
    @Override
    public String toString() {
        return "CachedSession[" + key + ", expires " + session.expiration() + "]";
    }
}
