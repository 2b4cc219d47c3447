package dev.ststoken.cli;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command made of sub-commands ({@code cache}, {@code keys}, {@code mfa}): one table is the dispatch,
 * the usage lines and the help, generated from each sub-command's options as the other commands' help
 * is. Each of the three had a switch beside a help text written by hand, which drifted (a sub-command
 * took an option its help did not name).
 */
final class SubCommands {
    /** What a sub-command does with its parsed command line. */
    interface Action {
        int run(CommandLine line) throws UsageException, ConfigException, StsException, IOException;
    }

    /**
     * @param needsProfile {@code --profile} is required (refused before the action runs)
     * @param summary      one sentence or two for the help, wrapped there
     */
    record Sub(String name, List<Option> options, boolean needsProfile, String summary, Action action) {}

    private final String command;
    private final String description;
    private final String footer;
    private final List<Sub> subs;

    /**
     * @param description what the command is about, printed after the usage lines
     * @param footer      printed after the options (may be empty)
     */
    SubCommands(String command, String description, String footer, List<Sub> subs) {
        this.command = command;
        this.description = description;
        this.footer = footer;
        this.subs = List.copyOf(subs);
    }

    List<Sub> subs() {
        return subs;
    }

    /** The usage line of one sub-command: its options, --profile first when it is required. */
    String synopsis(Sub sub) {
        StringBuilder line = new StringBuilder(Cli.NAME + " " + command + " " + sub.name());
        if (sub.needsProfile()) {
            line.append(" --profile NAME");
        }
        for (Option option : sub.options()) {
            if (option == Option.HELP || (sub.needsProfile() && option == Option.PROFILE)) {
                continue;
            }
            line.append(" [")
                    .append(option.primary())
                    .append(option.valueName == null ? "" : " " + option.valueName)
                    .append(']');
        }
        return line.toString();
    }

    String help() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < subs.size(); i++) {
            text.append(i == 0 ? "Usage: " : "       ")
                    .append(synopsis(subs.get(i)))
                    .append('\n');
        }
        text.append('\n').append(description).append("\n\n");
        for (Sub sub : subs) {
            text.append(CommandLine.wrapped("  " + sub.name(), sub.summary()));
        }
        // Every option once, with the sub-commands that take it when not all of them do.
        Map<Option, List<String>> takers = new LinkedHashMap<>();
        for (Sub sub : subs) {
            for (Option option : sub.options()) {
                takers.computeIfAbsent(option, o -> new ArrayList<>()).add(sub.name());
            }
        }
        Map<Option, String> notes = new LinkedHashMap<>();
        for (Map.Entry<Option, List<String>> entry : takers.entrySet()) {
            if (entry.getValue().size() < subs.size()) {
                notes.put(entry.getKey(), String.join(", ", entry.getValue()));
            }
        }
        text.append("\nOptions:\n").append(CommandLine.optionLines(List.copyOf(takers.keySet()), notes));
        if (!footer.isEmpty()) {
            text.append('\n').append(footer).append('\n');
        }
        text.append('\n').append(Help.exitCodes()).append('\n');
        return text.toString();
    }

    /** The sub-command {@code args} names, parsed and run; its help, or the command's, on request. */
    int run(List<String> args, PrintStream out) throws UsageException, ConfigException, StsException, IOException {
        String name = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? args : args.subList(1, args.size());
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.print(help());
            return ExitCode.OK;
        }
        for (Sub sub : subs) {
            if (sub.name().equals(name)) {
                String full = command + " " + sub.name();
                CommandLine line = CommandLine.parse(full, sub.options(), false, rest);
                if (line.has(Option.HELP)) {
                    out.print(help());
                    return ExitCode.OK;
                }
                if (sub.needsProfile() && !line.has(Option.PROFILE)) {
                    throw new UsageException(full + " needs --profile NAME");
                }
                return sub.action().run(line);
            }
        }
        throw new UsageException(command + " needs " + names() + " (see " + Cli.NAME + " " + command + " --help)");
    }

    /** "add, import, list, remove, rotate or credential-process"; two are quoted ("'list' or 'clear'"). */
    private String names() {
        List<String> names = new ArrayList<>();
        for (Sub sub : subs) {
            names.add(subs.size() == 2 ? "'" + sub.name() + "'" : sub.name());
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
