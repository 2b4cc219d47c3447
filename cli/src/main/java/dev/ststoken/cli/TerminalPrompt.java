package dev.ststoken.cli;

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
 * Asks on the controlling terminal, not on stdin/stdout: under credential_process, $(...) or a pipe
 * those belong to another program, and a prompt written there is invisible or corrupts the output.
 */
final class TerminalPrompt implements MfaPrompt {
    private static final int ATTEMPTS = 3;
    private final Path tty;

    TerminalPrompt(Path tty) {
        this.tty = tty;
    }

    @Override
    public String ask(String serial) throws ConfigException {
        try (FileInputStream inStream = new FileInputStream(tty.toFile());
             FileOutputStream outStream = new FileOutputStream(tty.toFile())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(inStream, StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(outStream, StandardCharsets.UTF_8);
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                out.write("Enter MFA code for " + serial + ": ");
                out.flush();
                String line = in.readLine();
                if (line == null) {
                    throw new ConfigException("no MFA code: the terminal closed before a code was entered");
                }
                String code = line.strip();
                if (Validation.isTokenCode(code)) {
                    return code;
                }
                out.write("An MFA code is six digits.\n");
                out.flush();
            }
            throw new ConfigException("no valid MFA code after " + ATTEMPTS + " attempts");
        } catch (IOException e) {
            throw new ConfigException("no terminal to ask for the MFA code for " + serial
                    + ": pass --mfa-token, set mfa_process in the profile, or run from a terminal");
        }
    }
}
