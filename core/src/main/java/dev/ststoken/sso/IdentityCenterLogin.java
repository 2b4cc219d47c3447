package dev.ststoken.sso;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.oauth.LoopbackReceiver;
import dev.ststoken.oauth.Pkce;
import dev.ststoken.sts.RestJsonClient;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * Signing in to IAM Identity Center, as {@code aws sso login} does: a client registration (reused from
 * the AWS CLI's cache until ten minutes before it ends), then either the authorization code flow with
 * PKCE and a one-shot loopback redirect (the default since AWS CLI 2.22) or the device authorization
 * flow (for hosts without a browser), and the token written to the AWS CLI's cache under the token's
 * cross-process lock. Nothing is written unless the sign-in succeeds: a refused, denied, expired or
 * abandoned sign-in leaves every cache file as it was (the registration too, which the AWS CLI would
 * keep; registering again costs one call).
 */
public final class IdentityCenterLogin {
    /** What the user is shown: the authorization page to open, or the device page and its code. */
    public interface Browser {
        void authorize(URI url) throws IOException;

        void device(String verificationUriComplete, String userCode) throws IOException;
    }

    /** How polling waits (a test moves a clock instead). */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The redirect the AWS CLI registers: RFC 8252 lets the port vary at each request. */
    static final String REGISTERED_REDIRECT = "http://127.0.0.1" + LoopbackReceiver.DEFAULT_PATH;
    /** botocore adds five seconds at each slow_down, as RFC 8628 says. */
    static final long SLOW_DOWN_SECONDS = 5;

    private final SsoSession session;
    private final URI oidc;
    private final TokenCache tokens;
    private final TlsSettings tls;
    private final Transport transport;
    private final Clock clock;

    public IdentityCenterLogin(
            SsoSession session, URI oidc, TokenCache tokens, TlsSettings tls, Transport transport, Clock clock) {
        this.session = session;
        this.oidc = oidc;
        this.tokens = tokens;
        this.tls = tls;
        this.transport = transport;
        this.clock = clock;
    }

    private OidcClient client() {
        return new OidcClient(new RestJsonClient(oidc, tls, transport, clock));
    }

    private record Registered(Registration registration, boolean fresh) {}

    private Registered registration(boolean authorizationCode) throws ConfigException, StsException {
        Registration cached = tokens.readRegistration(session.registrationCacheName());
        if (cached != null && cached.usableFor(authorizationCode, clock.instant())) {
            return new Registered(cached, false);
        }
        String name = session.name() != null
                ? session.name()
                : "anonymous-" + clock.instant().getEpochSecond();
        return new Registered(
                client().register(
                                name,
                                session.scopes(),
                                authorizationCode ? REGISTERED_REDIRECT : null,
                                session.startUrl()),
                true);
    }

    /**
     * The authorization code flow: the browser is sent to the authorize page with a PKCE challenge,
     * a state and the loopback redirect; the code that comes back is redeemed with the verifier.
     */
    public SsoToken authorizationCode(Browser browser, Duration timeout)
            throws ConfigException, StsException, IOException, InterruptedException {
        Registered registered = registration(true);
        Registration registration = registered.registration();
        Pkce pkce = Pkce.create();
        try (LoopbackReceiver receiver = LoopbackReceiver.open(LoopbackReceiver.DEFAULT_PATH)) {
            String redirect = receiver.redirectUri().toString();
            String base = oidc.toString().endsWith("/")
                    ? oidc.toString().substring(0, oidc.toString().length() - 1)
                    : oidc.toString();
            URI url = URI.create(base + "/authorize?response_type=code&client_id="
                    + PercentEncoding.encode(registration.clientId()) + "&redirect_uri="
                    + PercentEncoding.encode(redirect)
                    + "&state=" + receiver.state() + "&code_challenge_method=" + Pkce.METHOD + "&code_challenge="
                    + pkce.challenge()
                    + (session.scopes().isEmpty()
                            ? ""
                            : "&scopes=" + PercentEncoding.encode(String.join(",", session.scopes()))));
            browser.authorize(url);
            LoopbackReceiver.Redirect answer;
            try {
                answer = receiver.await(timeout);
            } catch (TimeoutException e) {
                throw refused(
                        "SignInTimedOut",
                        "no answer from the browser within " + timeout.toSeconds() + " s; nothing was written");
            }
            if (answer.error() != null) {
                throw refused(
                        answer.error().equals("access_denied") ? "AccessDeniedException" : answer.error(),
                        "the sign-in was refused in the browser (" + answer.error()
                                + (answer.errorDescription() == null ? "" : ": " + answer.errorDescription())
                                + "); nothing was written");
            }
            SsoToken token = client().codeToken(
                            registration,
                            answer.code(),
                            redirect,
                            pkce.verifier(),
                            session.startUrl(),
                            session.region());
            return save(token, registered);
        }
    }

    /**
     * The device authorization flow: the user opens the verification page (anywhere) and confirms the
     * code; we poll CreateToken at the interval given, five seconds more after each slow_down, until a
     * token, a refusal or the code's end.
     */
    public SsoToken deviceCode(Browser browser, Pause pause)
            throws ConfigException, StsException, IOException, InterruptedException {
        Registered registered = registration(false);
        Registration registration = registered.registration();
        OidcClient client = client();
        OidcClient.DeviceAuthorization device = client.startDeviceAuthorization(registration, session.startUrl());
        browser.device(device.verificationUriComplete(), device.userCode());
        long interval = device.interval();
        while (true) {
            pause.sleep(Duration.ofSeconds(interval));
            if (!clock.instant().isBefore(device.expiresAt())) {
                throw expired();
            }
            try {
                SsoToken token = client.deviceToken(registration, device, session.startUrl(), session.region());
                return save(token, registered);
            } catch (StsServiceException e) {
                switch (e.code()) {
                    case "AuthorizationPendingException", "authorization_pending" -> {}
                    case "SlowDownException", "slow_down" -> interval += SLOW_DOWN_SECONDS;
                    case "ExpiredTokenException", "expired_token" -> throw expired();
                    case "AccessDeniedException", "access_denied" ->
                        throw refused(
                                "AccessDeniedException",
                                "the sign-in of code " + device.userCode() + " was denied; nothing was written");
                    default -> throw e;
                }
            }
        }
    }

    private StsServiceException expired() {
        return refused(
                "ExpiredTokenException",
                "the device code expired before the sign-in was approved; nothing was written: run "
                        + session.loginCommand() + " again");
    }

    private SsoToken save(SsoToken token, Registered registered) throws ConfigException {
        String name = session.tokenCacheName();
        try (AutoCloseable lock = tokens.lock(name)) {
            tokens.write(name, token);
        } catch (ConfigException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // only the lock's close lands here
        }
        if (registered.fresh()) {
            tokens.writeRegistration(session.registrationCacheName(), registered.registration());
        }
        return token;
    }

    /**
     * Signs out: Logout at the portal with the cached token (a refusal, the token being already dead,
     * is no reason to keep the file), then the token file removed. True when there was a token. The
     * registration stays (as aws sso logout leaves it): it is no sign-in.
     */
    public static boolean logout(
            SsoSession session, URI portal, TokenCache tokens, TlsSettings tls, Transport transport, Clock clock)
            throws ConfigException, StsException {
        return logout(session.tokenCacheName(), "then run sso logout again", portal, tokens, tls, transport, clock);
    }

    /** Signs out of the token file {@code name}; {@code fix} says what to do about a bad file. */
    public static boolean logout(
            String name, String fix, URI portal, TokenCache tokens, TlsSettings tls, Transport transport, Clock clock)
            throws ConfigException, StsException {
        try (AutoCloseable lock = tokens.lock(name)) {
            // A file that is no token, or not ours, is an error and stays as it is.
            SsoToken token = tokens.read(name, fix);
            if (token == null) {
                return false;
            }
            if (token.expiresAt().isAfter(clock.instant())) {
                try {
                    new PortalClient(new RestJsonClient(portal, tls, transport, clock)).logout(token.accessToken());
                } catch (StsServiceException e) {
                    // UnauthorizedException: already signed out or expired; the file goes all the same
                }
            }
            tokens.remove(name);
            return true;
        } catch (ConfigException | StsException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static StsServiceException refused(String code, String message) {
        return new StsServiceException(code, message, 400, null);
    }

    /** Whether the token lasts past now: for callers that print when it ends. */
    public static boolean valid(SsoToken token, Instant now) {
        return token.expiresAt().isAfter(now);
    }
}
