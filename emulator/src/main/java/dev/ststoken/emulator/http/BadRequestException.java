package dev.ststoken.emulator.http;

import java.io.IOException;

/**
 * A request the HTTP layer refuses before any handler sees it. With a status the client gets an
 * answer with it; without one (a head over its limits) the connection is closed unanswered.
 */
final class BadRequestException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** 0: close without answering. */
    int status() {
        return status;
    }
}
