package dev.ststoken.awssdk;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.prompt.TerminalDialog;
import dev.ststoken.session.MfaPrompt;
import java.nio.file.Path;

/**
 * The last resort when the profile has no {@code mfa_process} and the application gave no supplier:
 * the controlling terminal, as the command line tool asks. Stdin and stdout belong to the
 * application, so they are never used; without a terminal the provider fails with a message that
 * says what to configure instead.
 */
final class TerminalPrompt implements MfaPrompt {
    private final Path terminal;

    TerminalPrompt(Path terminal) {
        this.terminal = terminal;
    }

    @Override
    public String ask(String serial) throws ConfigException {
        return TerminalDialog.askOnTerminal(
                serial, terminal, terminal, "set mfa_process in the profile, or give the provider an mfaCodeSupplier");
    }

    @Override
    public void notice(String message) {
        MfaSessionCredentialsProvider.LOG.log(System.Logger.Level.INFO, message);
    }
}
