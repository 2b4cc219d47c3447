package dev.ststoken.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code exec -- CMD}: runs CMD with the session in its environment, passes INT, TERM and HUP on
 * to it, and returns its exit code (128 + signal when a signal ended it), like a shell would.
 */
final class ExecRunner {
    static final String MARKER = "STS_SESSION_TOKEN_EXEC";
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");
    /**
     * Every variable the settings resolver reads keys, secrets or tokens from. The child gets the
     * session and nothing else: a long-term key left under another name (EC2_SECRET_KEY, read by
     * older tools) would hand it the very credentials the session is meant to stand in for.
     */
    static final List<String> CREDENTIAL_VARIABLES = List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_ACCESS_KEY",
            "EC2_ACCESS_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SECRET_KEY",
            "EC2_SECRET_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN",
            "EC2_SECURITY_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION",
            // Other credential sources an SDK in the child would otherwise try (some before ours).
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN",
            "AWS_ROLE_SESSION_NAME");

    private ExecRunner() {}

    /** What a shell answers when the command cannot be found or run. */
    static final int NOT_FOUND = 127;

    static final int NOT_EXECUTABLE = 126;

    static int run(
            List<String> command, Map<String, String> baseEnv, Map<String, String> sessionVars, PrintStream err) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(baseEnv);
        // A profile variable would make SDKs in the child look the profile up instead of using the session.
        env.remove("AWS_PROFILE");
        env.remove("AWS_DEFAULT_PROFILE");
        for (String name : CREDENTIAL_VARIABLES) {
            env.remove(name);
        }
        env.putAll(sessionVars);
        env.put(MARKER, "1");
        // Handlers go in before the child starts, so no signal falls between start and forwarding.
        Forwarder forwarder = new Forwarder();
        List<Object> previous = forwardSignals(forwarder);
        Process child;
        try {
            child = builder.start();
            forwarder.started(child);
        } catch (IOException e) {
            restore(previous);
            // Like env(1) and shells: 127 "not found", 126 found but not runnable. Decided by looking
            // the command up ourselves: the exception's text differs between JDKs (17 says "error=2",
            // 25's spawn helper says neither) and is no interface.
            boolean notFound = !exists(command.get(0), baseEnv.get("PATH"));
            err.println(Cli.NAME + ": " + command.get(0) + ": "
                    + (notFound ? "command not found" : "cannot run it (not executable, or permission denied)"));
            return notFound ? NOT_FOUND : NOT_EXECUTABLE;
        }
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return 130;
        } finally {
            restore(previous);
        }
    }

    /**
     * Whether a command that failed to start names a file at all: a name with a slash is that path; a
     * bare name is looked up in each directory of PATH as execvp does (an empty entry is the current
     * directory; no PATH, the system default). Only called after a failed start, so the common path
     * pays nothing.
     */
    static boolean exists(String name, String path) {
        if (name.isEmpty()) {
            return false;
        }
        if (name.indexOf('/') >= 0) {
            return new java.io.File(name).exists();
        }
        String dirs = path == null ? "/bin:/usr/bin" : path;
        for (String dir : dirs.split(":", -1)) {
            if (new java.io.File(dir.isEmpty() ? "." : dir, name).exists()) {
                return true;
            }
        }
        return false;
    }

    /** sun.misc.Signal is the JDK's only way to catch a signal without ending the JVM. */
    @SuppressWarnings("removal")
    /** Holds signals that arrive while the child is being started, and sends them once it has a pid. */
    private static final class Forwarder {
        private Process child;
        private final List<String> pending = new ArrayList<>();

        synchronized void signal(String name) {
            if (child == null) {
                pending.add(name);
            } else {
                send(child, name);
            }
        }

        synchronized void started(Process process) {
            child = process;
            pending.forEach(name -> send(process, name));
            pending.clear();
        }

        private static void send(Process child, String name) {
            try {
                new ProcessBuilder("kill", "-s", name, Long.toString(child.pid())).start();
            } catch (IOException e) {
                child.destroy();
            }
        }
    }

    private static List<Object> forwardSignals(Forwarder forwarder) {
        List<Object> previous = new ArrayList<>();
        for (String name : FORWARDED) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                previous.add(sun.misc.Signal.handle(signal, s -> forwarder.signal(name)));
                previous.add(signal);
            } catch (IllegalArgumentException e) {
                // signal unknown here or reserved by the JVM: leave the default behaviour
            }
        }
        return previous;
    }

    @SuppressWarnings("removal")
    private static void restore(List<Object> previous) {
        for (int i = 0; i + 1 < previous.size(); i += 2) {
            sun.misc.Signal.handle((sun.misc.Signal) previous.get(i + 1), (sun.misc.SignalHandler) previous.get(i));
        }
    }
}
