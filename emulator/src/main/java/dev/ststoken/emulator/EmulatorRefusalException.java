package dev.ststoken.emulator;

import dev.ststoken.emulator.request.AwsError;

/** What the emulator would answer with an AWS error: its code (e.g. InvalidClientTokenId) and message. */
public final class EmulatorRefusalException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    EmulatorRefusalException(AwsError error) {
        super(error.getMessage(), null, false, false);
        this.code = error.code();
    }

    public String code() {
        return code;
    }
}
