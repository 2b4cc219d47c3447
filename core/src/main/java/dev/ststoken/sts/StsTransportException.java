package dev.ststoken.sts;

/**
 * The endpoint could not be reached or trusted, or answered something that is not an AWS
 * response. The message names the endpoint and the cause; it never includes request or response bodies.
 */
public final class StsTransportException extends StsException {
    private static final long serialVersionUID = 1L;

    public StsTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
