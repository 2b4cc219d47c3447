package dev.ststoken.session;

import dev.ststoken.cache.SessionCache;

/**
 * How a request uses the session cache.
 *
 * @param cache        null disables caching entirely (--no-cache, or adapters that must not store secrets)
 * @param forceRefresh skip reading, still write (--force-refresh)
 * @param minTtlSeconds a cached session is reused only while it has more than this left
 */
public record CacheOptions(SessionCache cache, boolean forceRefresh, int minTtlSeconds) {
    public static final CacheOptions NONE = new CacheOptions(null, false, 0);
}
