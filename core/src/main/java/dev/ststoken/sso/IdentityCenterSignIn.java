package dev.ststoken.sso;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.config.SignIn;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.sts.RestJsonClient;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * An Identity Center profile's sign-in: its cached token, refreshed with the refresh token when
 * less than botocore's refresh window is left, exchanged at the portal for the profile's role. A
 * missing or expired sign-in is one line naming the command that signs in again.
 */
public final class IdentityCenterSignIn implements SignIn {
    /** botocore's SSOTokenProvider refreshes a token with less than this left (15 minutes). */
    static final long REFRESH_WINDOW_SECONDS = 15 * 60;

    /** The code of the error that asks for a new sign-in; the message says how. */
    public static final String SIGN_IN_REQUIRED = "SignInRequired";

    private final SsoProfile profile;
    private final URI portal;
    private final URI oidc;
    private final TokenCache tokens;
    private final Clock clock;

    public IdentityCenterSignIn(SsoProfile profile, URI portal, URI oidc, TokenCache tokens, Clock clock) {
        this.profile = profile;
        this.portal = portal;
        this.oidc = oidc;
        this.tokens = tokens;
        this.clock = clock;
    }

    public SsoProfile profile() {
        return profile;
    }

    public URI portal() {
        return portal;
    }

    public URI oidc() {
        return oidc;
    }

    @Override
    public String identity() {
        return (profile.sessionName() != null
                        ? "sso-session=" + profile.sessionName()
                        : "sso-start-url=" + profile.startUrl())
                + " account=" + profile.accountId() + " role=" + profile.roleName();
    }

    @Override
    public CacheKey cacheKey(TlsSettings tls) {
        CacheKey base = CacheKey.forSession("sso", null, null, portal, tls);
        return new CacheKey(base.accessKeyId(), null, null, base.endpoint() + " " + identity());
    }

    @Override
    public SessionCredentials roleCredentials(TlsSettings tls, Transport transport)
            throws ConfigException, StsException {
        SsoToken token = token(tls, transport);
        try {
            return new PortalClient(new RestJsonClient(portal, tls, transport, clock))
                    .roleCredentials(token.accessToken(), profile.accountId(), profile.roleName());
        } catch (StsServiceException e) {
            if (e.code().equals("UnauthorizedException")) {
                throw signInRequired("was refused by the portal (expired or signed out)");
            }
            throw e;
        }
    }

    /**
     * The sign-in's access token with more than the refresh window left when it can be renewed (an
     * sso-session's), else while it lasts. Renewal happens under the token's lock, after reading the
     * file again: another process may have renewed it meanwhile.
     */
    public SsoToken token(TlsSettings tls, Transport transport) throws ConfigException, StsException {
        String name = profile.tokenCacheName();
        SsoToken token = tokens.read(name, loginHint());
        Instant now = clock.instant();
        if (token == null) {
            throw signInRequired("is missing (no token in " + tokens.dir() + ")");
        }
        if (!needsRefresh(token, now)) {
            return token;
        }
        if (profile.sessionName() == null) {
            // The legacy form is never renewed (botocore does not either): it lasts until it ends.
            return usableOrSignIn(token, now, "has expired");
        }
        try (AutoCloseable lock = tokens.lock(name)) {
            token = tokens.read(name, loginHint());
            now = clock.instant();
            if (token == null) {
                throw signInRequired("is missing (no token in " + tokens.dir() + ")");
            }
            if (!needsRefresh(token, now)) {
                return token;
            }
            if (!token.refreshable(now)) {
                return usableOrSignIn(token, now, "has expired and cannot be renewed");
            }
            SsoToken renewed;
            try {
                renewed = new OidcClient(new RestJsonClient(oidc, tls, transport, clock))
                        .refresh(token, profile.startUrl(), profile.region());
            } catch (StsServiceException e) {
                // As botocore: a failed renewal leaves the old token in use while it lasts.
                return usableOrSignIn(token, now, "has expired and its renewal was refused (" + e.code() + ")");
            } catch (StsTransportException e) {
                if (token.expiresAt().isAfter(now)) {
                    return token;
                }
                throw e;
            }
            tokens.write(name, renewed);
            return renewed;
        } catch (ConfigException | StsException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // only the lock's close can land here; the OS releases the lock with the process anyway
            throw new IllegalStateException(e);
        }
    }

    private static boolean needsRefresh(SsoToken token, Instant now) {
        return !token.expiresAt().isAfter(now.plusSeconds(REFRESH_WINDOW_SECONDS));
    }

    private SsoToken usableOrSignIn(SsoToken token, Instant now, String why) throws StsServiceException {
        if (token.expiresAt().isAfter(now)) {
            return token;
        }
        throw signInRequired(why);
    }

    private String loginHint() {
        return "sign in again with: sts-session-token sso login --profile " + profile.profile();
    }

    private StsServiceException signInRequired(String why) {
        return new StsServiceException(
                SIGN_IN_REQUIRED,
                "the IAM Identity Center sign-in of profile '" + profile.profile() + "' (" + profile.signInName() + ") "
                        + why + ": sign in with: sts-session-token sso login --profile " + profile.profile(),
                401,
                null);
    }
}
