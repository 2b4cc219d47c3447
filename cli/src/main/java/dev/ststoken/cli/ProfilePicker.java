package dev.ststoken.cli;

import dev.ststoken.config.IniFile;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.errors.ConfigException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The profile picker: with no profile named, a person at a terminal chooses one from a filterable
 * list of the shared files' profiles, the recently used first ({@link RecentProfiles}). It reads
 * keys from and draws on {@code /dev/tty}, never on stdout (which carries the credentials, for
 * {@code eval} among others), in the terminal's non-canonical mode without echo or signals (set
 * with {@code stty}, as the MFA prompt turns echo off, and put back as it was on every way out:
 * a choice, Esc, Ctrl-C, an error, a signal that ends the JVM). It is only ever offered when stdin
 * and stdout are both terminals, so scripts, pipes and $(...) keep naming profiles as before.
 */
final class ProfilePicker {
    private static final File TTY = new File("/dev/tty");

    /** How long after an Esc the rest of an arrow key's sequence may come; a lone Esc cancels. */
    private static final long ESCAPE_WAIT_NANOS = 50_000_000L;

    private ProfilePicker() {}

    /** The profiles of the config file, then those only in the credentials file, each once. */
    static List<String> profiles(SettingsResolver resolver) throws ConfigException {
        Set<String> names =
                new LinkedHashSet<>(IniFile.read(resolver.configFile()).profileNames());
        for (String section : IniFile.read(resolver.credentialsFile()).sectionNames()) {
            if (!section.equals("DEFAULT")) {
                names.add(section);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Whether get, exec or login offers the picker: nothing names the profile or the credentials
     * (no --profile, --role-arn or --local, no AWS_PROFILE, AWS_DEFAULT_PROFILE or AWS_ACCESS_KEY_ID),
     * this run's stdin is the process's, and stdin and stdout are terminals.
     */
    static boolean offered(CommandContext context, CommandLine line) {
        if (line.has(Option.PROFILE) || line.has(Option.ROLE_ARN) || line.has(Option.LOCAL)) {
            return false;
        }
        for (String name : List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID")) {
            String value = context.env().get(name);
            if (value != null && !value.isEmpty()) {
                return false;
            }
        }
        return onTerminal(context, true);
    }

    /**
     * Whether a person is at this run: its stdin is the process's own (an in-process caller passes
     * its own streams) and a terminal, and so is stdout when {@code stdoutToo}.
     */
    static boolean onTerminal(CommandContext context, boolean stdoutToo) {
        return context.in() == System.in && isTerminal(0) && (!stdoutToo || isTerminal(1));
    }

    /**
     * Whether file descriptor {@code fd} of this process is a terminal. Linux names its file in
     * /proc (no process started, so a script's every call pays nothing); elsewhere {@code test -t}
     * in a shell that inherits it answers.
     */
    static boolean isTerminal(int fd) {
        try {
            String file = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return file.startsWith("/dev/pts/") || file.startsWith("/dev/tty") || file.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Process test = new ProcessBuilder("sh", "-c", "test -t " + fd)
                        .redirectInput(ProcessBuilder.Redirect.INHERIT)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                return test.waitFor() == 0;
            } catch (IOException noShell) {
                return false;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Asks the person to pick one of {@code profiles} (already in the order to show) on the
     * terminal; null when they cancel. Nothing is drawn when the terminal cannot be opened or put
     * in the picker's mode: the caller's {@link NoTerminal} says so.
     */
    static String pick(List<String> profiles) throws NoTerminal {
        try (FileInputStream in = new FileInputStream(TTY);
                FileOutputStream out = new FileOutputStream(TTY, true)) {
            String[] mode = enter();
            Restore restore = new Restore(mode[0], out);
            Thread hook = new Thread(restore, "picker-restore");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return run(new PickerModel(profiles), in, out, size(mode[1]), restore);
            } finally {
                restore.run();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway; restoring twice does no harm
                }
            }
        } catch (IOException e) {
            throw new NoTerminal();
        }
    }

    /** There is no terminal to pick on (or it would not take the picker's mode). */
    static final class NoTerminal extends Exception {
        private static final long serialVersionUID = 1L;

        NoTerminal() {
            super("no terminal to pick a profile on");
        }
    }

    /**
     * The terminal's settings as {@code stty -g} prints them (to put back), its size, then the
     * picker's mode: no line editing, echo, signal keys (Ctrl-C comes as a key, so the picker ends
     * and tidies up itself) or flow control (Ctrl-S would freeze the list). One process for all.
     */
    private static String[] enter() throws IOException {
        Process stty = new ProcessBuilder(
                        "sh", "-c", "stty -g && stty size && stty -icanon -echo -isig -ixon min 1 time 0")
                .redirectInput(TTY)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String[] answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .strip()
                .split("\n");
        try {
            if (stty.waitFor() != 0 || answer.length != 2) {
                if (answer.length >= 1 && !answer[0].isBlank()) {
                    restore(answer[0].strip());
                }
                throw new IOException("stty");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new String[] {answer[0].strip(), answer[1].strip()};
    }

    /** {@code stty size}'s "ROWS COLUMNS", with 24x80 for a terminal that reports 0 (a serial line). */
    private static int[] size(String rowsColumns) {
        String[] words = rowsColumns.split("\\s+");
        try {
            int rows = Integer.parseInt(words[0]);
            int columns = Integer.parseInt(words[1]);
            return new int[] {rows > 0 ? rows : 24, columns > 0 ? columns : 80};
        } catch (RuntimeException e) {
            return new int[] {24, 80};
        }
    }

    private static void restore(String saved) {
        // stty -g prints one word of hex and colons: nothing the shell would split or expand.
        if (!saved.matches("[0-9A-Za-z:=\\-]+")) {
            return;
        }
        try {
            new ProcessBuilder("stty", saved)
                    .redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            // the terminal is gone; nothing to put back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The key loop: draw, read a key, until a choice or a cancel; the picker's lines are erased after. */
    private static String run(PickerModel model, InputStream in, OutputStream out, int[] size, Restore restore)
            throws IOException {
        int rows = Math.max(1, Math.min(PickerModel.MAX_ROWS, size[0] - 4));
        int columns = size[1];
        int up = 0; // how many lines above the cursor the picker's first line is
        out.write("\033[?25l".getBytes(StandardCharsets.US_ASCII));
        while (true) {
            List<String> lines = model.lines(columns, rows);
            StringBuilder frame = new StringBuilder();
            frame.append(up > 0 ? "\033[" + up + "A" : "").append("\r\033[J");
            frame.append(String.join("\r\n", lines));
            // back to the prompt line, after the filter, with the cursor shown there
            int below = lines.size() - 2;
            frame.append(below > 0 ? "\033[" + below + "A" : "").append('\r');
            int column = model.promptColumn(columns);
            frame.append(column > 0 ? "\033[" + column + "C" : "").append("\033[?25h");
            out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            restore.onScreen = true;
            up = 1;
            PickerModel.Key key = readKey(in);
            PickerModel.Outcome outcome = key == null ? PickerModel.Outcome.CANCELLED : model.key(key, rows);
            if (outcome != PickerModel.Outcome.GOING_ON) {
                restore.erase();
                return outcome == PickerModel.Outcome.CHOSEN ? model.selected() : null;
            }
            out.write("\033[?25l".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The next key from the terminal, or null at its end. */
    static PickerModel.Key readKey(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return null;
        }
        return switch (b) {
            case '\r', '\n' -> PickerModel.Key.of(PickerModel.Kind.ENTER);
            case 0x03, 0x04, 0x07 -> PickerModel.Key.of(PickerModel.Kind.CANCEL); // Ctrl-C, Ctrl-D, Ctrl-G
            case 0x7f, 0x08 -> PickerModel.Key.of(PickerModel.Kind.BACKSPACE);
            case 0x15 -> PickerModel.Key.of(PickerModel.Kind.CLEAR); // Ctrl-U
            case 0x10 -> PickerModel.Key.of(PickerModel.Kind.UP); // Ctrl-P
            case 0x0e -> PickerModel.Key.of(PickerModel.Kind.DOWN); // Ctrl-N
            case 0x1b -> escape(in);
            default -> b < 0x20 ? PickerModel.Key.of(PickerModel.Kind.IGNORED) : text(b, in);
        };
    }

    /** A lone Esc cancels; Esc followed at once by {@code [} or {@code O} is a key's sequence (arrows and the like). */
    private static PickerModel.Key escape(InputStream in) throws IOException {
        long deadline = System.nanoTime() + ESCAPE_WAIT_NANOS;
        while (in.available() == 0) {
            if (System.nanoTime() > deadline) {
                return PickerModel.Key.of(PickerModel.Kind.CANCEL);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PickerModel.Key.of(PickerModel.Kind.CANCEL);
            }
        }
        int intro = in.read();
        if (intro != '[' && intro != 'O') {
            return PickerModel.Key.of(PickerModel.Kind.IGNORED); // Alt+key
        }
        StringBuilder params = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && (c < 0x40 || c > 0x7e) && params.length() < 16) {
            params.append((char) c);
        }
        String p = params.toString();
        return switch (c) {
            case 'A' -> PickerModel.Key.of(PickerModel.Kind.UP);
            case 'B' -> PickerModel.Key.of(PickerModel.Kind.DOWN);
            case 'H' -> PickerModel.Key.of(PickerModel.Kind.HOME);
            case 'F' -> PickerModel.Key.of(PickerModel.Kind.END);
            case '~' ->
                switch (p) {
                    case "5" -> PickerModel.Key.of(PickerModel.Kind.PAGE_UP);
                    case "6" -> PickerModel.Key.of(PickerModel.Kind.PAGE_DOWN);
                    case "1", "7" -> PickerModel.Key.of(PickerModel.Kind.HOME);
                    case "4", "8" -> PickerModel.Key.of(PickerModel.Kind.END);
                    default -> PickerModel.Key.of(PickerModel.Kind.IGNORED);
                };
            default -> PickerModel.Key.of(PickerModel.Kind.IGNORED);
        };
    }

    /** A typed character, its UTF-8 continuation bytes read with it. */
    private static PickerModel.Key text(int first, InputStream in) throws IOException {
        int more = first >= 0xf0 ? 3 : first >= 0xe0 ? 2 : first >= 0xc0 ? 1 : 0;
        byte[] bytes = new byte[1 + more];
        bytes[0] = (byte) first;
        for (int i = 1; i <= more; i++) {
            int next = in.read();
            if (next < 0) {
                return null;
            }
            bytes[i] = (byte) next;
        }
        return new PickerModel.Key(PickerModel.Kind.TEXT, new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Puts the terminal back: the picker's lines erased when they are still there (a signal ended the
     * JVM mid-pick), its settings, the cursor shown. Named, not a lambda: start-up.
     */
    private static final class Restore implements Runnable {
        private final String saved;
        private final OutputStream tty;
        private boolean done;

        /** The picker is drawn, the cursor on its prompt line (the second). */
        volatile boolean onScreen;

        Restore(String saved, OutputStream tty) {
            this.saved = saved;
            this.tty = tty;
        }

        @Override
        public synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            try {
                erase();
            } catch (IOException e) {
                // the terminal is gone
            }
            restore(saved);
            try {
                tty.write("\033[?25h".getBytes(StandardCharsets.US_ASCII));
                tty.flush();
            } catch (IOException e) {
                // the terminal is gone
            }
        }

        /** Erases the picker's lines, leaving the cursor where the picker began. */
        synchronized void erase() throws IOException {
            if (onScreen) {
                onScreen = false;
                tty.write("\033[1A\r\033[J".getBytes(StandardCharsets.US_ASCII));
                tty.flush();
            }
        }
    }

    /** The names to list for {@code context}: the shared files' profiles, recently used first. */
    static List<String> ordered(CommandContext context, RecentProfiles recent) throws ConfigException {
        return RecentProfiles.order(profiles(context.sessions().resolver()), recent.read());
    }

    /** The recently used profiles of {@code context}: in the session cache's directory. */
    static RecentProfiles recent(CommandContext context) {
        return new RecentProfiles(context.sessions().sessionCache().dir());
    }

    /**
     * {@code __pick-profile}, for the sts-assume shell function (whose stdout is a command
     * substitution's, so get's own picker is never offered there): the picker on the terminal of
     * stdin, the profile picked on stdout; 130 when cancelled, 2 with one line when there is no
     * terminal or no profile.
     */
    static int command(CommandContext context, List<String> args) throws UsageException, ConfigException {
        if (!args.isEmpty()) {
            throw new UsageException("__pick-profile takes no arguments");
        }
        if (!onTerminal(context, false)) {
            throw new UsageException("no terminal to pick a profile on: name one (sts-assume PROFILE)");
        }
        List<String> profiles = ordered(context, recent(context));
        if (profiles.isEmpty()) {
            SettingsResolver resolver = context.sessions().resolver();
            throw new UsageException(
                    "no profiles to pick from in " + resolver.configFile() + " or " + resolver.credentialsFile());
        }
        String picked;
        try {
            picked = pick(profiles);
        } catch (NoTerminal e) {
            throw new UsageException(e.getMessage() + ": name one (sts-assume PROFILE)");
        }
        if (picked == null) {
            return ExitCode.CANCELLED;
        }
        context.out().println(picked);
        return ExitCode.OK;
    }
}
