package dev.ststoken.sigv4;

/** A request whose signature cannot be checked or does not verify, with AWS's error code and text. */
public final class SigV4Exception extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    public SigV4Exception(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
