package dev.ststoken.errors;

/** A call to STS (or IAM) that did not produce a result. */
public abstract sealed class StsException extends Exception permits StsServiceException, StsTransportException {
    private static final long serialVersionUID = 1L;

    StsException(String message, Throwable cause) {
        super(message, cause);
    }
}
