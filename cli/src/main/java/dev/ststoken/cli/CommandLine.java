package dev.ststoken.cli;

import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's parsed arguments, checked against the options that command takes (a hand-written
 * parser: a dozen flags do not justify a library's start-up cost). Accepts {@code --flag value} and
 * {@code --flag=value}; for exec, the command after {@code --}.
 */
final class CommandLine {
    /** Flags people try for secrets. Refused by name: argv shows in ps and shell history. */
    private static final Set<String> SECRET_FLAGS = Set.of(
            "--secret-key",
            "--aws-secret-key",
            "--secret-access-key",
            "--aws-secret-access-key",
            "--session-token",
            "--security-token",
            "--aws-session-token",
            "--access-token",
            "--aws-security-token");

    private final Map<Option, String> values;
    private final List<String> command;

    private CommandLine(Map<Option, String> values, List<String> command) {
        this.values = values;
        this.command = command;
    }

    /**
     * @param name         the command, for messages
     * @param accepted     the options this command takes
     * @param takesCommand whether a command after {@code --} is expected (exec)
     */
    static CommandLine parse(String name, List<Option> accepted, boolean takesCommand, List<String> args)
            throws UsageException {
        // Not an EnumMap: it finds the enum's constants by reflection, which on JDK 18+ spins method
        // handles and loads about 200 classes (the class-file API among them) on every run.
        Map<Option, String> values = new HashMap<>();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                if (!takesCommand) {
                    throw new UsageException("unexpected '--': only exec runs a command");
                }
                command.addAll(args.subList(i + 1, args.size()));
                break;
            }
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (SECRET_FLAGS.contains(flag)) {
                throw new UsageException(flag + " is not accepted: secrets on the command line show in ps and shell "
                        + "history; use the environment (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or a profile");
            }
            Option option = find(accepted, flag);
            if (option == null) {
                throw new UsageException(unknown(name, flag, arg, takesCommand));
            }
            String value;
            if (!option.takesValue()) {
                if (inline != null) {
                    throw new UsageException("option " + flag + " takes no value");
                }
                value = "";
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + flag + " needs a value");
            }
            values.put(option, option.takesValue() ? check(option, flag, value) : value);
        }
        if (takesCommand && command.isEmpty() && !values.containsKey(Option.HELP)) {
            throw new UsageException(name + " needs a command after --, e.g. " + name + " --profile me -- aws s3 ls");
        }
        return new CommandLine(values, List.copyOf(command));
    }

    private static Option find(List<Option> accepted, String flag) {
        for (Option option : accepted) {
            if (option.names.contains(flag)) {
                return option;
            }
        }
        return null;
    }

    /** Says whether the flag exists for another command, so "whoami -o env" is not called a typo. */
    private static String unknown(String name, String flag, String arg, boolean takesCommand) {
        if (!arg.startsWith("-")) {
            return "unexpected argument '" + arg + "'" + (takesCommand ? " (put the command after --)" : "");
        }
        for (Option option : Option.values()) {
            if (option.names.contains(flag)) {
                return name + " does not take " + flag + " (see " + Cli.NAME + " " + name + " --help)";
            }
        }
        return "unknown option " + flag + " (see " + Cli.NAME + " " + name + " --help)";
    }

    private static String check(Option option, String flag, String value) throws UsageException {
        switch (option.value.kind()) {
            case "non-empty":
                if (value.isBlank()) {
                    throw new UsageException("option " + flag + " needs a non-empty value");
                }
                return value;
            case "integer":
                bounded(value, flag, option.value.min(), option.value.max());
                return value.strip();
            case "duration":
                try {
                    return Integer.toString(Validation.durationSeconds(value));
                } catch (ConfigException e) {
                    throw new UsageException(e.getMessage());
                }
            case "mfa-code":
                try {
                    return Validation.checkTokenCode(value);
                } catch (ConfigException e) {
                    throw new UsageException(e.getMessage());
                }
            case "output":
                return OutputFormat.parse(value).flag;
            default:
                return value;
        }
    }

    static int bounded(String value, String flag, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("invalid " + flag + " '" + value + "': expected a number from " + min + " to " + max);
    }

    boolean has(Option option) {
        return values.containsKey(option);
    }

    /** The value given, or null. */
    String text(Option option) {
        return values.get(option);
    }

    /** The value given (already checked against the option's bounds), or null. */
    Integer integer(Option option) {
        String value = values.get(option);
        return value == null ? null : Integer.valueOf(Integer.parseInt(value));
    }

    int integer(Option option, int fallback) {
        Integer value = integer(option);
        return value == null ? fallback : value;
    }

    /** The command after {@code --} (exec), else empty. */
    List<String> command() {
        return command;
    }

    /**
     * The options given, as arguments again (each by its primary name), leaving out {@code leaveOut}:
     * what a process of ours that must act on the same options is handed (never on its command line).
     */
    List<String> arguments(Set<Option> leaveOut) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<Option, String> value : values.entrySet()) {
            if (!leaveOut.contains(value.getKey())) {
                args.add(value.getKey().primary());
                if (value.getKey().takesValue()) {
                    args.add(value.getValue());
                }
            }
        }
        return args;
    }

    /** The options given, for checks that refuse combinations. */
    Set<Option> given() {
        return values.keySet();
    }

    /** A command's --help: its synopsis, what it does, and its options as the table describes them. */
    static String usage(String synopsis, String description, List<Option> options, String footer) {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ")
                .append(synopsis)
                .append("\n\n")
                .append(description)
                .append("\n\nOptions:\n");
        text.append(optionLines(options, Map.of()));
        if (!footer.isEmpty()) {
            text.append('\n').append(footer).append('\n');
        }
        text.append('\n').append(Help.exitCodes()).append('\n');
        return text.toString();
    }

    /**
     * One wrapped line (or more) per option, short forms first, aliases named; {@code notes} adds a
     * remark to an option's help (which sub-commands take it).
     */
    static String optionLines(List<Option> options, Map<Option, String> notes) {
        StringBuilder text = new StringBuilder();
        for (Option option : options) {
            StringBuilder left = new StringBuilder("  ");
            for (int n = option.names.size() - 1; n >= 0; n--) {
                // short forms first, as in "-o, --output"
                String candidate = option.names.get(n);
                if (!candidate.startsWith("--")) {
                    left.append(candidate).append(", ");
                }
            }
            left.append(option.primary());
            if (option.valueName != null) {
                left.append(' ').append(option.valueName);
            }
            List<String> aliases = new ArrayList<>();
            for (String alias : option.names.subList(1, option.names.size())) {
                if (alias.startsWith("--")) {
                    aliases.add(alias);
                }
            }
            String help = option.help + (aliases.isEmpty() ? "" : "; also " + String.join(", ", aliases));
            String note = notes.get(option);
            appendWrapped(text, left.toString(), note == null ? help : help + " (" + note + ")");
        }
        return text.toString();
    }

    /** {@code left} in the first columns and {@code help} wrapped beside it, as the option lines are. */
    static String wrapped(String left, String help) {
        StringBuilder text = new StringBuilder();
        appendWrapped(text, left, help);
        return text.toString();
    }

    private static final int COLUMN = 32;
    private static final int WIDTH = 100;

    private static void appendWrapped(StringBuilder text, String left, String help) {
        StringBuilder line = new StringBuilder(left);
        if (line.length() >= COLUMN - 1) {
            text.append(line).append('\n');
            line.setLength(0);
        }
        while (line.length() < COLUMN) {
            line.append(' ');
        }
        int start = line.length();
        for (String word : help.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                text.append(line).append('\n');
                line.setLength(0);
                line.append(" ".repeat(COLUMN));
            } else if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        text.append(line).append('\n');
    }
}
