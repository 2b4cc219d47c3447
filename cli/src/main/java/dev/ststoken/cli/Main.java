package dev.ststoken.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/** The only place that touches the process: real streams, environment and exit. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // $HOME first, as the AWS tools do; Java's user.home comes from the password database.
        String home = System.getenv("HOME");
        int code = new Cli(System.in, out, err, System.getenv(), Clock.systemUTC(),
                Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"))).run(args);
        out.flush();
        System.exit(code);
    }
}
