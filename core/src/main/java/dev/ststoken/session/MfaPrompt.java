package dev.ststoken.session;

import dev.ststoken.errors.ConfigException;

/** Asks a person for a code. The CLI's implementation talks to /dev/tty; adapters without a person pass none. */
@FunctionalInterface
public interface MfaPrompt {
    /** Returns six digits, or throws when nobody can answer. */
    String ask(String serial) throws ConfigException;

    /** Tells the person what is going on (e.g. that we wait for mfa_process); adapters with nobody to tell ignore it. */
    default void notice(String message) {
        // nobody to tell
    }
}
