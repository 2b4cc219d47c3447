package dev.ststoken.emulator;

/** The state directory cannot be used: unreadable, corrupt, or not writable. Reported at start, never papered over. */
public final class EmulatorStateException extends Exception {
    private static final long serialVersionUID = 1L;

    public EmulatorStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
