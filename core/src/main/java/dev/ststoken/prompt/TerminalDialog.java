package dev.ststoken.prompt;

import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The exchange a terminal prompt holds, whoever opens the terminal (the command line tool, the SDK
 * provider): the question, up to three answers, codes typed as apps show them ("123 456"), and the
 * line ended when the terminal closes mid-question.
 */
public final class TerminalDialog {
    private static final int ATTEMPTS = 3;

    private TerminalDialog() {}

    /**
     * Asks for the code of {@code serial} on a terminal, read from {@code input} with echo off and asked
     * on {@code output} (both {@code /dev/tty} in real use): a valid code on the screen, in a terminal
     * recording or a screen share is a second factor handed to whoever sees it within its 30 s. Echo is
     * turned back on afterwards, and on Ctrl-C the line is ended and echo restored, so the shell is left
     * as it was. Every prompt (the command line tool's, the SDK provider's) asks through here.
     *
     * @param noTerminal what to do instead when there is no terminal, for the one-line error
     */
    public static String askOnTerminal(String serial, Path input, Path output, String noTerminal)
            throws ConfigException {
        try (FileInputStream inStream = new FileInputStream(input.toFile());
                FileOutputStream outStream = new FileOutputStream(output.toFile(), true)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(inStream, StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(outStream, StandardCharsets.UTF_8);
            boolean echoOff = setEcho(input.toFile(), false);
            // Ctrl-C ends the JVM mid-line; without this the shell's next prompt lands after ours (and, with
            // echo off, the shell would stay without echo).
            Thread endLine = new Thread(new EndLine(outStream, echoOff ? input.toFile() : null), "prompt-end-line");
            Runtime.getRuntime().addShutdownHook(endLine);
            try {
                return askCode(serial, in, out, echoOff);
            } finally {
                if (echoOff) {
                    setEcho(input.toFile(), true);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(endLine);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs; nothing to undo
                }
            }
        } catch (IOException e) {
            throw new ConfigException("no terminal to ask for the MFA code for " + serial + ": " + noTerminal);
        }
    }

    /**
     * Turns the echo of terminal {@code tty} on or off with {@code stty} (the JDK has no call for it);
     * false when {@code tty} is not a terminal, nothing changed.
     */
    public static boolean setEcho(File tty, boolean on) {
        try {
            Process p = new ProcessBuilder("stty", on ? "echo" : "-echo")
                    .redirectInput(tty)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Named, not a lambda: start-up. */
    private static final class EndLine implements Runnable {
        private final FileOutputStream tty;
        private final File echoBack;

        /** @param echoBack the terminal whose echo to turn back on, or null */
        EndLine(FileOutputStream tty, File echoBack) {
            this.tty = tty;
            this.echoBack = echoBack;
        }

        @Override
        public void run() {
            if (echoBack != null) {
                setEcho(echoBack, true);
            }
            try {
                tty.write('\n');
                tty.flush();
            } catch (IOException e) {
                // the terminal is gone; nothing to tidy
            }
        }
    }

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
