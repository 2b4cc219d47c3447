package dev.ststoken.cache;

import dev.ststoken.credentials.SessionCredentials;
import java.time.Instant;

/**
 * A session read from the cache, with the key it was stored under, when it was obtained and the
 * profile it was obtained for (null when none was named), so {@code cache list} can say whose it is.
 */
public record CachedSession(CacheKey key, SessionCredentials session, Instant obtained, String profile) {
    public CachedSession(CacheKey key, SessionCredentials session, Instant obtained) {
        this(key, session, obtained, null);
    }

    /** Listed from a sealed entry this cache could not open: its secrets are placeholders, not usable. */
    public boolean sealed() {
        return SessionCache.SEALED.equals(session.secretAccessKey());
    }

    @Override
    public String toString() {
        return "CachedSession[" + key + ", profile " + profile + ", expires " + session.expiration() + "]";
    }
}
