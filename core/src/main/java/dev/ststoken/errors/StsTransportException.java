package dev.ststoken.errors;

import dev.ststoken.internal.ServerText;

/**
 * The endpoint could not be reached or trusted, or answered something that is not an AWS
 * response. The message names the endpoint and the cause; it never includes request or response bodies.
 */
public final class StsTransportException extends StsException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public StsTransportException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param retryable a connection failure or timeout that another attempt may not meet */
    public StsTransportException(String message, Throwable cause, boolean retryable) {
        // Messages quote JDK exceptions, which may quote what the server sent.
        super(ServerText.printable(message), cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
