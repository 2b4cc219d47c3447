package dev.ststoken.emulator;

/** An AWS error response the emulator sends: an entry of {@link AwsErrorCode} and this answer's message. */
final class AwsError extends Exception {
    private static final long serialVersionUID = 1L;
    private final AwsErrorCode errorCode;

    AwsError(AwsErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    AwsErrorCode errorCode() {
        return errorCode;
    }

    String code() {
        return errorCode.code();
    }

    int status() {
        return errorCode.status();
    }

    String type() {
        return status() >= 500 ? "Receiver" : "Sender";
    }

    static AwsError accessDenied(String message) {
        return AwsErrorCode.ACCESS_DENIED.error(message);
    }

    static AwsError invalidClientTokenId() {
        return AwsErrorCode.INVALID_CLIENT_TOKEN_ID.error();
    }

    static AwsError validation(String message) {
        return AwsErrorCode.VALIDATION_ERROR.error(message);
    }

    static AwsError missingParameter(String name) {
        return AwsErrorCode.MISSING_PARAMETER.error("The request must contain the parameter " + name);
    }

    static AwsError noSuchEntity(String message) {
        return AwsErrorCode.NO_SUCH_ENTITY.error(message);
    }
}
