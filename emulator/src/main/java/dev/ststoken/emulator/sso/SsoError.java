package dev.ststoken.emulator.sso;

/**
 * A refusal as the two services send it: the modeled exception's name in {@code x-amzn-ErrorType}
 * (botocore raises the typed exception from it), and a body in the service's shape: OIDC's OAuth
 * fields ({@code error}, {@code error_description}), the portal's {@code message}.
 */
final class SsoError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String type;
    private final String oauthError;

    private SsoError(int status, String type, String oauthError, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.oauthError = oauthError;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The OAuth error code, or null for a portal error. */
    String oauthError() {
        return oauthError;
    }

    // SSO OIDC, with the statuses of its model.
    static SsoError invalidRequest(String message) {
        return new SsoError(400, "InvalidRequestException", "invalid_request", message);
    }

    static SsoError invalidClient(String message) {
        return new SsoError(401, "InvalidClientException", "invalid_client", message);
    }

    static SsoError invalidGrant(String message) {
        return new SsoError(400, "InvalidGrantException", "invalid_grant", message);
    }

    static SsoError unsupportedGrantType(String message) {
        return new SsoError(400, "UnsupportedGrantTypeException", "unsupported_grant_type", message);
    }

    static SsoError unauthorizedClient(String message) {
        return new SsoError(400, "UnauthorizedClientException", "unauthorized_client", message);
    }

    static SsoError invalidScope(String message) {
        return new SsoError(400, "InvalidScopeException", "invalid_scope", message);
    }

    static SsoError invalidRedirectUri(String message) {
        return new SsoError(400, "InvalidRedirectUriException", "invalid_redirect_uri", message);
    }

    static SsoError authorizationPending() {
        return new SsoError(400, "AuthorizationPendingException", "authorization_pending", "Authorization is pending");
    }

    static SsoError slowDown() {
        return new SsoError(400, "SlowDownException", "slow_down", "Client is polling too often");
    }

    static SsoError accessDenied(String message) {
        return new SsoError(400, "AccessDeniedException", "access_denied", message);
    }

    static SsoError expiredToken(String message) {
        return new SsoError(400, "ExpiredTokenException", "expired_token", message);
    }

    /** A refused sign-in on a page (never sent as an API error): 429 when the user is locked. */
    static SsoError signIn(boolean locked) {
        return new SsoError(locked ? 429 : 401, "SignInRefused", null, "sign-in refused");
    }

    // The portal.
    static SsoError unauthorized(String message) {
        return new SsoError(401, "UnauthorizedException", null, message);
    }

    static SsoError forbidden(String message) {
        return new SsoError(403, "ForbiddenException", null, message);
    }

    static SsoError notFound(String message) {
        return new SsoError(404, "ResourceNotFoundException", null, message);
    }

    static SsoError portalInvalidRequest(String message) {
        return new SsoError(400, "InvalidRequestException", null, message);
    }

    static SsoError tooManyRequests(String message) {
        return new SsoError(429, "TooManyRequestsException", null, message);
    }
}
