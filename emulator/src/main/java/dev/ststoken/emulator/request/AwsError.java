package dev.ststoken.emulator.request;

/** An AWS error response the emulator sends: an entry of {@link AwsErrorCode} and this answer's message. */
public final class AwsError extends Exception {
    private static final long serialVersionUID = 1L;
    private final AwsErrorCode errorCode;

    AwsError(AwsErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public AwsErrorCode errorCode() {
        return errorCode;
    }

    public String code() {
        return errorCode.code();
    }

    public int status() {
        return errorCode.status();
    }

    String type() {
        return status() >= 500 ? "Receiver" : "Sender";
    }

    public static AwsError accessDenied(String message) {
        return AwsErrorCode.ACCESS_DENIED.error(message);
    }

    public static AwsError invalidClientTokenId() {
        return AwsErrorCode.INVALID_CLIENT_TOKEN_ID.error();
    }

    public static AwsError validation(String message) {
        return AwsErrorCode.VALIDATION_ERROR.error(message);
    }

    public static AwsError missingParameter(String name) {
        return AwsErrorCode.MISSING_PARAMETER.error("The request must contain the parameter " + name);
    }

    public static AwsError noSuchEntity(String message) {
        return AwsErrorCode.NO_SUCH_ENTITY.error(message);
    }
}
