package dev.ststoken.awssdk;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.Validation;
import dev.ststoken.session.MfaPrompt;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The last resort when the profile has no {@code mfa_process} and the application gave no supplier:
 * the controlling terminal, as the command line tool asks. Stdin and stdout belong to the
 * application, so they are never used; without a terminal the provider fails with a message that
 * says what to configure instead.
 */
final class TerminalPrompt implements MfaPrompt {
    private static final int ATTEMPTS = 3;
    private final Path terminal;

    TerminalPrompt(Path terminal) {
        this.terminal = terminal;
    }

    @Override
    public String ask(String serial) throws ConfigException {
        try (FileInputStream in = new FileInputStream(terminal.toFile());
                FileOutputStream out = new FileOutputStream(terminal.toFile(), true)) {
            return read(
                    serial,
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    new OutputStreamWriter(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("no terminal to ask for the MFA code for " + serial
                    + ": set mfa_process in the profile, or give the provider an mfaCodeSupplier");
        }
    }

    private static String read(String serial, BufferedReader in, Writer out) throws IOException, ConfigException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            out.write("Enter MFA code for " + serial + ": ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new ConfigException("no MFA code: the terminal closed before a code was entered");
            }
            String code = Validation.withoutSpaces(line);
            if (Validation.isTokenCode(code)) {
                return code;
            }
            out.write("An MFA code is six digits.\n");
            out.flush();
        }
        throw new ConfigException("no valid MFA code after " + ATTEMPTS + " attempts");
    }

    @Override
    public void notice(String message) {
        MfaSessionCredentialsProvider.LOG.log(System.Logger.Level.INFO, message);
    }
}
