package dev.ststoken.session;

import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/**
 * The exchange a terminal prompt holds, whoever opens the terminal (the command line tool, the SDK
 * provider): the question, up to three answers, codes typed as apps show them ("123 456"), and the
 * line ended when the terminal closes mid-question.
 */
public final class TerminalDialog {
    private static final int ATTEMPTS = 3;

    private TerminalDialog() {}

    /** Asks for the code of {@code serial} on {@code out} and reads it from {@code in}; never echoes an answer. */
    public static String askCode(String serial, BufferedReader in, Writer out) throws IOException, ConfigException {
        return askCode(serial, in, out, false);
    }

    /**
     * @param echoOff the terminal does not echo what is typed (the caller turned echo off), so the line
     *                break the person typed is not shown either: each answer's line is ended here
     */
    public static String askCode(String serial, BufferedReader in, Writer out, boolean echoOff)
            throws IOException, ConfigException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            out.write("Enter MFA code for " + serial + ": ");
            out.flush();
            String line = in.readLine();
            if (line != null && echoOff) {
                out.write("\n");
                out.flush();
            }
            if (line == null) {
                out.write("\n");
                out.flush();
                throw new ConfigException("no MFA code: the terminal closed before a code was entered");
            }
            // Authenticator apps show "123 456"; people type what they see.
            String code = Validation.withoutSpaces(line);
            if (Validation.isTokenCode(code)) {
                return code;
            }
            out.write("An MFA code is six digits.\n");
            out.flush();
        }
        throw new ConfigException("no valid MFA code after " + ATTEMPTS + " attempts");
    }
}
