package dev.ststoken.session;

import dev.ststoken.cache.SessionCache;

/**
 * How a request uses the session cache. Applications get one from {@link Sessions#cache(boolean, int)}
 * (or {@link #NONE}); the cache's own type is not API.
 *
 * @param cache        null disables caching entirely (--no-cache, or adapters that must not store secrets)
 * @param forceRefresh skip reading, still write (--force-refresh)
 * @param minTtlSeconds a cached session is reused only while it has more than this left
 */
@SuppressWarnings("exports")
public record CacheOptions(SessionCache cache, boolean forceRefresh, int minTtlSeconds) {
    public static final CacheOptions NONE = new CacheOptions(null, false, 0);
}
