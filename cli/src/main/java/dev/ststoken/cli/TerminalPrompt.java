package dev.ststoken.cli;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.TerminalDialog;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Asks on the controlling terminal, not on stdin/stdout: under credential_process, $(...) or a pipe
 * those belong to another program, and a prompt written there is invisible or corrupts the output.
 */
final class TerminalPrompt implements MfaPrompt {
    private final Path input;
    private final Path output;
    private final PrintStream err;

    /** Asks on the controlling terminal. */
    TerminalPrompt(PrintStream err) {
        this(Path.of("/dev/tty"), Path.of("/dev/tty"), err);
    }

    /** Reads the answer from {@code input} and writes the question to {@code output} (both the terminal in real use). */
    TerminalPrompt(Path input, Path output, PrintStream err) {
        this.input = input;
        this.output = output;
        this.err = err;
    }

    @Override
    public void notice(String message) {
        err.println(Cli.NAME + ": " + message);
    }

    @Override
    public String ask(String serial) throws ConfigException {
        try (FileInputStream inStream = new FileInputStream(input.toFile());
                FileOutputStream outStream = new FileOutputStream(output.toFile(), true)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(inStream, StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(outStream, StandardCharsets.UTF_8);
            // The code is read with echo off, as keys add reads a secret: a valid code on the screen (or in a
            // terminal recording, a screen share) is a second factor handed to whoever sees it in its 30 s.
            boolean echoOff = Terminal.Tty.stty(input.toFile(), "-echo");
            // Ctrl-C ends the JVM mid-line; without this the shell's next prompt lands after ours (and, with
            // echo off, the shell would stay without echo).
            Thread endLine = new Thread(new EndLine(outStream, echoOff ? input.toFile() : null), "prompt-end-line");
            Runtime.getRuntime().addShutdownHook(endLine);
            try {
                return TerminalDialog.askCode(serial, in, out, echoOff);
            } finally {
                if (echoOff) {
                    Terminal.Tty.stty(input.toFile(), "echo");
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(endLine);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs; nothing to undo
                }
            }
        } catch (IOException e) {
            throw new ConfigException("no terminal to ask for the MFA code for " + serial
                    + ": pass --mfa-token, set mfa_process in the profile, or run from a terminal");
        }
    }

    private static final class EndLine implements Runnable {
        private final FileOutputStream tty;
        private final java.io.File echoBack;

        /** @param echoBack the terminal whose echo to turn back on, or null */
        EndLine(FileOutputStream tty, java.io.File echoBack) {
            this.tty = tty;
            this.echoBack = echoBack;
        }

        @Override
        public void run() {
            if (echoBack != null) {
                Terminal.Tty.stty(echoBack, "echo");
            }
            try {
                tty.write('\n');
                tty.flush();
            } catch (IOException e) {
                // the terminal is gone; nothing to tidy
            }
        }
    }
}
