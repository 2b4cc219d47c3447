package dev.ststoken.cli;

import dev.ststoken.session.Sessions;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What every command gets from the process: streams, environment, clock and home directory. */
record CommandContext(
        InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Clock clock, Path home) {

    /** A warning or note on stderr, in the one format every command uses. */
    void note(String message) {
        err.println(Cli.NAME + ": " + message);
    }

    /** The library's front door for this process's environment, home and clock. */
    Sessions sessions() {
        return Sessions.create(env, home, clock);
    }
}
