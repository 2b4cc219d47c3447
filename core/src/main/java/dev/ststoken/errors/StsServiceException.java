package dev.ststoken.errors;

import dev.ststoken.internal.ServerText;

/** The service answered with an AWS error response: it understood and refused the request. */
public final class StsServiceException extends StsException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String awsMessage;
    private final int httpStatus;
    private final String requestId;

    /** The texts come from the server: control characters and escape sequences are removed here, once for every adapter. */
    public StsServiceException(String code, String awsMessage, int httpStatus, String requestId) {
        super(ServerText.printable(code) + ": " + ServerText.printable(awsMessage), null);
        this.code = ServerText.printable(code);
        this.awsMessage = ServerText.printable(awsMessage);
        this.httpStatus = httpStatus;
        this.requestId = ServerText.printable(requestId);
    }

    public String code() {
        return code;
    }

    public String awsMessage() {
        return awsMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The request id AWS support asks for; may be null. */
    public String requestId() {
        return requestId;
    }

    public boolean isThrottling() {
        return code.equals("Throttling") || code.equals("ThrottlingException") || code.equals("RequestLimitExceeded");
    }
}
