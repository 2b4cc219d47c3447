package dev.ststoken.emulator;

/** An AWS error response the emulator sends: code, message, HTTP status and fault type. */
final class AwsError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int status;

    AwsError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    static AwsError accessDenied(String message) {
        return new AwsError("AccessDenied", 403, message);
    }

    static AwsError invalidClientTokenId() {
        return new AwsError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }

    static AwsError validation(String message) {
        return new AwsError("ValidationError", 400, message);
    }

    static AwsError missingParameter(String name) {
        return new AwsError("MissingParameter", 400, "The request must contain the parameter " + name);
    }

    static AwsError noSuchEntity(String message) {
        return new AwsError("NoSuchEntity", 404, message);
    }
}
