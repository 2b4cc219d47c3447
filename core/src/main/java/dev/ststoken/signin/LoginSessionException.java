package dev.ststoken.signin;

/**
 * A login session that cannot give credentials, said in the user's words (never with a token, key
 * or secret in the message). {@link #signInAgain()} tells whether only a new sign-in helps.
 */
public final class LoginSessionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean signInAgain;
    private boolean localFile;
    private String serviceError;
    private int status;

    LoginSessionException(String message, boolean signInAgain) {
        super(message, null, false, false);
        this.signInAgain = signInAgain;
    }

    LoginSessionException(String message, boolean signInAgain, Throwable cause) {
        super(message, cause, false, false);
        this.signInAgain = signInAgain;
    }

    /** Marks a problem of the cache file or directory here (not of the service or the network). */
    LoginSessionException local() {
        localFile = true;
        return this;
    }

    /** Marks a refusal the sign-in service answered with (its error code and HTTP status). */
    LoginSessionException refusedBy(String error, int httpStatus) {
        serviceError = error;
        status = httpStatus;
        return this;
    }

    /** The service's error code ("INVALID_REQUEST"...) when the service refused; null otherwise. */
    public String serviceError() {
        return serviceError;
    }

    /** The HTTP status of the service's refusal; 0 otherwise. */
    public int status() {
        return status;
    }

    /** The cache file or its directory is missing pieces, unreadable, or not private: nothing was sent. */
    public boolean localFile() {
        return localFile;
    }

    /** The sign-in ended, was revoked, or its cache entry is gone: run {@code aws login} (or signin) again. */
    public boolean signInAgain() {
        return signInAgain;
    }
}
