package dev.ststoken.http;

import java.io.IOException;

/**
 * What went wrong between sending a request and having its whole answer, as a kind a caller can
 * turn into its own words (the JDK's IOException texts are not an interface to sniff). The message
 * never quotes what the server sent, nor a header value we meant to send.
 */
public final class HttpFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why, as far as the client could tell. */
    public enum Kind {
        /** A header value (a key id, a token) holds a line break or a character outside printable ASCII. */
        UNSENDABLE,
        /** The first bytes of the answer were not {@code HTTP/}: often TLS spoken to an http:// URL. */
        NOT_HTTP,
        /** The connection closed before a single byte of an answer. */
        CLOSED_BEFORE_ANSWER,
        /** The connection closed in the middle of the answer's head or body. */
        TRUNCATED,
        /** A broken status line, header or framing (conflicting lengths, a bad chunk). */
        MALFORMED,
        /** The head or the body is larger than the limits allow. */
        TOO_LARGE,
        /** No TLS answer within the connect timeout: often a plain-HTTP port behind an https:// URL. */
        TLS_STALLED,
        /** The connection closed during the TLS handshake, before the server spoke TLS. */
        TLS_CLOSED,
        /** The proxy did not open the CONNECT tunnel (its status is in the message). */
        PROXY_REFUSED
    }

    private final Kind kind;

    public HttpFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public HttpFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
