package dev.ststoken.launch;

import dev.ststoken.ansible.AnsibleModule;
import dev.ststoken.ansible.AssumeRoleModule;
import dev.ststoken.bolt.BoltAssumeRole;
import dev.ststoken.bolt.BoltTask;
import dev.ststoken.cli.Cli;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * The only place that touches the process: real streams, environment and exit. It picks the
 * adapter the launcher scripts ask for (the Ansible module, the Bolt task, else the command line),
 * so those adapters never depend on each other.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // $HOME first, as the AWS tools do; Java's user.home comes from the password database.
        String home = System.getenv("HOME");
        int code = run(
                System.in,
                out,
                err,
                System.getenv(),
                new SystemUtcClock(),
                Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home")),
                args);
        out.flush();
        err.flush();
        System.out.flush();
        System.err.flush();
        exit(code);
    }

    /**
     * Ends the process without System.exit, which since JDK 21 first sets up the platform logging to
     * report the exit: about 5 ms of every run. Nothing is left to do here (the output is flushed),
     * unless a signal has begun the JVM's shutdown, as it ends serve: then its hooks finish and the
     * signal's status stands, as System.exit leaves them.
     */
    private static void exit(int code) {
        try {
            // A named thread, never started: no lambda or numbering class to load on the way out.
            Runtime.getRuntime().addShutdownHook(new Thread("sts-session-token-exit"));
        } catch (IllegalStateException shuttingDown) {
            System.exit(code);
        }
        Runtime.getRuntime().halt(code);
    }

    /** Runs one invocation and returns its exit code. */
    public static int run(
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            Clock clock,
            Path home,
            String... args) {
        String adapter = args.length == 0 ? "" : args[0];
        switch (adapter) {
            case "ansible" -> {
                return new AnsibleModule(out, env, clock, home)
                        .run(Arrays.asList(args).subList(1, args.length));
            }
            case "ansible-assume-role" -> {
                return new AssumeRoleModule(out, env, clock, home)
                        .run(Arrays.asList(args).subList(1, args.length));
            }
            case "bolt" -> {
                return new BoltTask(in, out, env, clock, home).run();
            }
            case "bolt-assume-role" -> {
                return new BoltAssumeRole(in, out, env, clock, home).run();
            }
            case "__train", "__train-get" -> {
                try {
                    return TrainingRun.run(
                            Arrays.asList(args).subList(1, args.length), adapter.equals("__train-get"), clock);
                } catch (Exception e) {
                    return 4; // a training run that fails makes no archive; the launcher then runs without one
                }
            }
            case "__train-client" -> {
                try {
                    return TrainingRun.client(args[1], args.length > 2 && args[2].equals("get"), env, clock, home);
                } catch (Exception e) {
                    return 4;
                }
            }
            default -> {
                return new Cli(in, out, err, env, clock, home).run(args);
            }
        }
    }
}
