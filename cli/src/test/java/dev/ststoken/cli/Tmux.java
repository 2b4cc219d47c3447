package dev.ststoken.cli;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interactive shell on a tmux pseudo-terminal, typed into as a person types and read from the
 * screen: what a shell function, a prompt and a /dev/tty question look like to the person. A private
 * tmux server (its own socket, no configuration) started with the given environment, which the
 * shell inherits.
 */
final class Tmux implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Path tmux;
    private final String socket;
    private final Map<String, String> env;
    private ProcessHandle shell;

    private Tmux(Path tmux, String socket, Map<String, String> env) {
        this.tmux = tmux;
        this.socket = socket;
        this.env = env;
    }

    /** Starts {@code shell} on a 220x50 terminal; skips (or fails under STS_REQUIRE_PEERS=1) without tmux. */
    static Tmux start(Map<String, String> env, Path dir, String... shell) {
        Path tmux = Peers.require("tmux");
        // The server's socket in the test's directory, removed with it, not left in /tmp.
        Map<String, String> withSocketDir = new java.util.HashMap<>(env);
        withSocketDir.put("TMUX_TMPDIR", dir.toString());
        Tmux session = new Tmux(tmux, "sts-test", withSocketDir);
        List<String> command = new ArrayList<>(
                List.of("new-session", "-d", "-s", "t", "-x", "220", "-y", "50", "-c", dir.toString(), "--"));
        command.addAll(List.of(shell));
        session.tmux(command);
        long pid = Long.parseLong(session.tmux(List.of("display-message", "-p", "-t", "t", "#{pane_pid}"))
                .stdout()
                .strip());
        session.shell = ProcessHandle.of(pid).orElse(null);
        return session;
    }

    private Processes.Result tmux(List<String> args) {
        List<String> command = new ArrayList<>(List.of(tmux.toString(), "-L", socket, "-f", "/dev/null"));
        command.addAll(args);
        Processes.Result r = Processes.run(command, env, null, null, Duration.ofSeconds(30));
        if (r.exitCode() != 0) {
            throw new AssertionError("tmux " + args + ": " + r);
        }
        return r;
    }

    /** Types {@code text} literally, then Enter. */
    void type(String text) {
        tmux(List.of("send-keys", "-t", "t", "-l", text));
        tmux(List.of("send-keys", "-t", "t", "Enter"));
    }

    /** The shell the terminal runs (to find the programs it started). */
    ProcessHandle shell() {
        return shell;
    }

    /** Types {@code text} literally, without Enter. */
    void typeOnly(String text) {
        tmux(List.of("send-keys", "-t", "t", "-l", text));
    }

    /** Presses keys by tmux's names for them: Up, Down, Escape, Enter, C-c. */
    void press(String... keys) {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", "t"));
        command.addAll(List.of(keys));
        tmux(command);
    }

    /** What the terminal shows now, its scrollback included, lines joined where they wrapped. */
    String screen() {
        return tmux(List.of("capture-pane", "-p", "-J", "-t", "t", "-S", "-2000"))
                .stdout();
    }

    /** Waits until the screen matches {@code regex}, returning the match; fails with the screen after a while. */
    Matcher await(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        Instant deadline = Instant.now().plus(WAIT);
        String screen = "";
        while (Instant.now().isBefore(deadline)) {
            screen = screen();
            Matcher m = pattern.matcher(screen);
            if (m.find()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never showed /" + regex + "/; it shows:\n" + screen);
    }

    /** Ends the shell and waits for it: a shell writes its history on the way out, into the test's home. */
    @Override
    public void close() throws Exception {
        Processes.run(List.of(tmux.toString(), "-L", socket, "kill-server"), env, null, null, Duration.ofSeconds(30));
        if (shell != null) {
            shell.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
