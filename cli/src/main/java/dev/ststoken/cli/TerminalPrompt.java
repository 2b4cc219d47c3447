package dev.ststoken.cli;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.prompt.TerminalDialog;
import dev.ststoken.session.MfaPrompt;
import java.io.PrintStream;
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
        return TerminalDialog.askOnTerminal(
                serial, input, output, "pass --mfa-token, set mfa_process in the profile, or run from a terminal");
    }
}
