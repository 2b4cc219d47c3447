package dev.ststoken.emulator.signin;

/**
 * A refusal of the sign-in service as its rest-json model names it: the exception shape (the
 * {@code x-amzn-ErrorType}), the HTTP status, and the body's OAuth2 {@code error} code and message.
 * botocore and the Java SDK read {@code error} to decide: TOKEN_EXPIRED and USER_CREDENTIALS_CHANGED
 * mean "sign in again".
 */
final class SigninError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;
    private final String error;

    SigninError(String type, int status, String error, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.error = error;
    }

    /** A malformed request or DPoP proof: 400 ValidationException, INVALID_REQUEST. */
    static SigninError invalid(String message) {
        return new SigninError("ValidationException", 400, "INVALID_REQUEST", message);
    }

    /** A refresh token past its session's end, spent, or revoked: 401, TOKEN_EXPIRED. */
    static SigninError tokenExpired(String message) {
        return new SigninError("AccessDeniedException", 401, "TOKEN_EXPIRED", message);
    }

    /** An authorization code past its five minutes or already redeemed: 401, AUTHCODE_EXPIRED. */
    static SigninError authcodeExpired(String message) {
        return new SigninError("AccessDeniedException", 401, "AUTHCODE_EXPIRED", message);
    }

    /** The signed-in user was deleted or replaced since: 403, USER_CREDENTIALS_CHANGED. */
    static SigninError credentialsChanged(String message) {
        return new SigninError("AccessDeniedException", 403, "USER_CREDENTIALS_CHANGED", message);
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
