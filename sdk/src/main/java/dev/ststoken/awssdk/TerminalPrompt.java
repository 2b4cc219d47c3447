package dev.ststoken.awssdk;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.TerminalDialog;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
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
        try (FileInputStream in = new FileInputStream(terminal.toFile());
                FileOutputStream out = new FileOutputStream(terminal.toFile(), true)) {
            return TerminalDialog.askCode(
                    serial,
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    new OutputStreamWriter(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("no terminal to ask for the MFA code for " + serial
                    + ": set mfa_process in the profile, or give the provider an mfaCodeSupplier");
        }
    }

    @Override
    public void notice(String message) {
        MfaSessionCredentialsProvider.LOG.log(System.Logger.Level.INFO, message);
    }
}
