package dev.ststoken.config;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;

/**
 * A source of credentials that is a sign-in rather than keys (an IAM Identity Center profile): it
 * gives a role session on request. The resolver makes no call for it; the session service asks it
 * when the cache holds no session for {@link #cacheKey}, and a role chain over it starts from that
 * session (one sign-in serves every role).
 */
public interface SignIn {
    /**
     * Where its sessions are cached: what identifies the sign-in and the role it gives (start URL or
     * session name, account, role), the endpoint and its trust; never a token.
     */
    CacheKey cacheKey(TlsSettings tls);

    /** Names the sign-in in messages and for HMAC keys of what the cache must not show: no secret. */
    String identity();

    /**
     * A new role session: the sign-in's token (refreshed when near its end), then the role's credentials.
     *
     * @throws StsException    when the sign-in is missing or expired (the message says how to sign in
     *                         again), or the service refused or could not be reached
     * @throws ConfigException for a sign-in cache that cannot be read or trusted
     */
    SessionCredentials roleCredentials(TlsSettings tls, Transport transport) throws ConfigException, StsException;

    /**
     * {@link #cacheKey(TlsSettings)} for a sign-in whose session comes from the settings' STS endpoint
     * (a web identity token): the endpoint is part of the key.
     */
    default CacheKey cacheKey(TlsSettings tls, StsEndpoint sts) {
        return cacheKey(tls);
    }

    /** {@link #roleCredentials(TlsSettings, Transport)}, for a sign-in that calls the settings' STS endpoint. */
    default SessionCredentials roleCredentials(TlsSettings tls, Transport transport, StsEndpoint sts)
            throws ConfigException, StsException {
        return roleCredentials(tls, transport);
    }

    /** The action that gives its session, as reported with the session ({@code sso:GetRoleCredentials}). */
    default String action() {
        return "sso:GetRoleCredentials";
    }
}
