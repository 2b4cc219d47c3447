package dev.ststoken.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shell completions (bash, zsh, fish) and the man page, made from the commands' option lists and the
 * {@link Option} table, so they cannot drift from what the parser accepts. {@code completions SHELL}
 * prints a script (the Debian package and install.sh install them; users who install otherwise
 * print them); {@code __manpage} prints the roff page the release build installs. Profile names are
 * completed from the shared config and credentials files by the shell itself: no JVM per Tab.
 */
final class ShellIntegration {
    private ShellIntegration() {}

    /** One command (or a command's subcommand) as the parser knows it. */
    record Command(String name, String arguments, String summary, List<Option> options) {}

    static final List<Command> COMMANDS = List.of(
            new Command("get", "[options]", "obtain a session (cached or fresh) and print it", GetCommand.OPTIONS),
            new Command(
                    "exec",
                    "[options] -- COMMAND [ARGS...]",
                    "run a command with the session in its environment",
                    ExecCommand.OPTIONS),
            new Command(
                    "whoami",
                    "[options]",
                    "show who the credentials belong to (GetCallerIdentity)",
                    WhoamiCommand.OPTIONS),
            new Command("cache list", "", "list the cached sessions", CacheCommand.LIST_OPTIONS),
            new Command("cache clear", "[options]", "remove cached sessions", CacheCommand.CLEAR_OPTIONS),
            new Command("login", "[options]", "a console sign-in URL for a role session", LoginCommand.OPTIONS),
            new Command("signin", "[options]", "sign in as aws login does (login_session)", SigninCommand.OPTIONS),
            new Command(
                    "keys add",
                    "[options]",
                    "keep a profile's long-term key in a key store (typed in)",
                    KeysCommand.ADD_OPTIONS),
            new Command(
                    "keys import",
                    "[options]",
                    "move a profile's key from the shared credentials file into a key store",
                    KeysCommand.IMPORT_OPTIONS),
            new Command("keys list", "[options]", "the profiles whose keys a store holds", KeysCommand.LIST_OPTIONS),
            new Command(
                    "keys remove", "[options]", "remove a profile's key from its store", KeysCommand.REMOVE_OPTIONS),
            new Command(
                    "keys rotate",
                    "[options]",
                    "replace a profile's key with a new one (IAM)",
                    KeysCommand.ROTATE_OPTIONS),
            new Command(
                    "keys credential-process",
                    "[options]",
                    "print a stored key for the AWS SDKs' credential_process",
                    KeysCommand.PROCESS_OPTIONS),
            new Command("mfa enroll", "[options]", "create and enable a virtual MFA device", MfaCommand.ENROLL_OPTIONS),
            new Command("mfa list", "[options]", "the user's MFA devices", MfaCommand.LIST_OPTIONS),
            new Command("mfa remove", "[options]", "deactivate and delete an MFA device", MfaCommand.REMOVE_OPTIONS),
            new Command("serve", "[options]", "run the local STS/IAM emulator", ServeCommand.OPTIONS),
            new Command(
                    "sso-admin add-user",
                    "[options]",
                    "an Identity Center user of the emulator (password on stdin)",
                    SsoAdminCommand.ADD_USER_OPTIONS),
            new Command(
                    "sso-admin put-permission-set",
                    "[options]",
                    "make or change an Identity Center permission set of the emulator",
                    SsoAdminCommand.PUT_SET_OPTIONS),
            new Command(
                    "sso-admin assign",
                    "[options]",
                    "assign a permission set to a user (makes its AWSReservedSSO_ role)",
                    SsoAdminCommand.ASSIGN_OPTIONS),
            new Command(
                    "sso-admin list",
                    "[options]",
                    "the emulator's Identity Center directory",
                    SsoAdminCommand.LIST_OPTIONS),
            new Command(
                    "serve-credentials",
                    "[options]",
                    "serve sessions to SDKs on 127.0.0.1 (the container credential protocol)",
                    ServeCredentialsCommand.OPTIONS),
            new Command(
                    "shell-init",
                    "bash|zsh|fish",
                    "print the sts-assume function: a profile's session in the current shell",
                    List.of()),
            new Command("completions", "bash|zsh|fish", "print the shell's completion script", List.of()));

    static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    /** {@code completions SHELL}: the script, or a usage error. */
    static String completions(String shell) throws UsageException {
        return switch (shell) {
            case "bash" -> bash();
            case "zsh" -> zsh();
            case "fish" -> fish();
            default -> throw new UsageException("completions needs bash, zsh or fish, not '" + shell + "'");
        };
    }

    static String help() {
        return String.join(
                "\n",
                "Usage: " + Cli.NAME + " completions bash|zsh|fish",
                "",
                "Prints the completion script for the shell (commands, options, output formats, and profile names",
                "read from the shared config and credentials files as you type). The Debian package and install.sh",
                "install them; otherwise, e.g.:",
                "  bash:  " + Cli.NAME + " completions bash > ~/.local/share/bash-completion/completions/" + Cli.NAME,
                "  zsh:   " + Cli.NAME + " completions zsh > ~/.zfunc/_" + Cli.NAME
                        + "   (with fpath+=(~/.zfunc) before compinit)",
                "  fish:  " + Cli.NAME + " completions fish > ~/.config/fish/completions/" + Cli.NAME + ".fish",
                "");
    }

    /** The top-level command words, in table order ("cache list" gives "cache"). */
    static List<String> topLevel() {
        Set<String> names = new LinkedHashSet<>();
        for (Command command : COMMANDS) {
            names.add(word(command.name(), 0));
        }
        return new ArrayList<>(names);
    }

    /** The subcommands of a top-level word (empty for a command without any). */
    static List<String> subcommands(String top) {
        List<String> subs = new ArrayList<>();
        for (Command command : COMMANDS) {
            if (command.name().startsWith(top + " ")) {
                subs.add(word(command.name(), 1));
            }
        }
        return subs;
    }

    private static String word(String name, int n) {
        return name.split(" ")[n];
    }

    /** What an option's value completes to, by kind. */
    enum ValueKind {
        NONE,
        PROFILE,
        OUTPUT,
        KEY_STORE,
        SHELL_FILE,
        SHELL_DIR,
        FREE
    }

    static ValueKind kind(Option option) {
        if (!option.takesValue()) {
            return ValueKind.NONE;
        }
        return switch (option) {
            case PROFILE, CACHE_PROFILE -> ValueKind.PROFILE;
            case OUTPUT -> ValueKind.OUTPUT;
            case KEY_STORE -> ValueKind.KEY_STORE;
            case CA_BUNDLE, QR_PNG -> ValueKind.SHELL_FILE;
            case STATE_DIR -> ValueKind.SHELL_DIR;
            default -> ValueKind.FREE;
        };
    }

    static List<String> outputFormats() {
        List<String> formats = new ArrayList<>();
        for (OutputFormat format : OutputFormat.values()) {
            formats.add(format.flag);
        }
        return formats;
    }

    static final List<String> KEY_STORES = List.of("secret-service", "pass", "file");

    /** Section names of the config ([profile NAME], [default]) and credentials ([NAME]) files, by sed. */
    private static final String PROFILES_SED =
            "sed -n -e 's/^[[:space:]]*\\[profile[[:space:]][[:space:]]*\\([^]]*[^][:space:]]\\)[[:space:]]*\\].*/\\1/p'"
                    + " -e 's/^[[:space:]]*\\[\\([^][:space:]]*\\)[[:space:]]*\\].*/\\1/p'";

    private static String profilesCommand() {
        return PROFILES_SED + " -- \"${AWS_CONFIG_FILE:-$HOME/.aws/config}\""
                + " \"${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}\" 2>/dev/null | sort -u";
    }

    static String bash() {
        StringBuilder s = new StringBuilder();
        s.append("# bash completion for ")
                .append(Cli.NAME)
                .append(" (generated by `")
                .append(Cli.NAME)
                .append(" completions bash`)\n");
        s.append("_sts_session_token_profiles() {\n  ")
                .append(profilesCommand())
                .append("\n}\n");
        s.append("_sts_session_token() {\n");
        s.append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i cmd opts\n");
        s.append("  COMPREPLY=()\n");
        s.append("  for ((i = 1; i < COMP_CWORD; i++)); do\n");
        s.append("    if [[ ${COMP_WORDS[i]} == -- ]]; then COMPREPLY=($(compgen -c -- \"$cur\")); return; fi\n");
        s.append("  done\n");
        s.append("  if ((COMP_CWORD == 1)); then\n");
        s.append("    COMPREPLY=($(compgen -W '")
                .append(String.join(" ", topLevel()))
                .append(" --help --version' -- \"$cur\"))\n    return\n  fi\n");
        s.append("  cmd=${COMP_WORDS[1]}\n");
        s.append("  case $cmd in\n");
        for (String top : topLevel()) {
            List<String> subs = subcommands(top);
            if (!subs.isEmpty()) {
                s.append("    ").append(top).append(")\n");
                s.append("      if ((COMP_CWORD == 2)); then COMPREPLY=($(compgen -W '")
                        .append(String.join(" ", subs))
                        .append(" --help' -- \"$cur\")); return; fi\n");
                s.append("      cmd=\"$cmd ${COMP_WORDS[2]}\" ;;\n");
            }
        }
        s.append("    completions|shell-init)\n");
        s.append("      if ((COMP_CWORD == 2)); then COMPREPLY=($(compgen -W '")
                .append(String.join(" ", SHELLS))
                .append("' -- \"$cur\")); fi\n      return ;;\n");
        s.append("  esac\n");
        s.append("  case $prev in\n");
        for (ValueKind kind : ValueKind.values()) {
            List<String> names = new ArrayList<>();
            for (Option option : Option.values()) {
                if (kind(option) == kind && kind != ValueKind.NONE) {
                    for (String name : option.names) {
                        if (!names.contains(name)) {
                            names.add(name);
                        }
                    }
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            s.append("    ").append(String.join("|", names)).append(")\n      ");
            switch (kind) {
                case PROFILE -> s.append("COMPREPLY=($(compgen -W \"$(_sts_session_token_profiles)\" -- \"$cur\"))");
                case OUTPUT ->
                    s.append("COMPREPLY=($(compgen -W '")
                            .append(String.join(" ", outputFormats()))
                            .append("' -- \"$cur\"))");
                case KEY_STORE ->
                    s.append("COMPREPLY=($(compgen -W '")
                            .append(String.join(" ", KEY_STORES))
                            .append("' -- \"$cur\"))");
                case SHELL_FILE -> s.append("COMPREPLY=($(compgen -f -- \"$cur\"))");
                case SHELL_DIR -> s.append("COMPREPLY=($(compgen -d -- \"$cur\"))");
                default -> s.append(":");
            }
            s.append("\n      return ;;\n");
        }
        s.append("  esac\n");
        s.append("  case $cmd in\n");
        for (Command command : COMMANDS) {
            if (command.options().isEmpty()) {
                continue;
            }
            s.append("    '")
                    .append(command.name())
                    .append("') opts='")
                    .append(String.join(" ", names(command)))
                    .append("' ;;\n");
        }
        s.append("    *) return ;;\n  esac\n");
        s.append("  COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n");
        s.append("}\n");
        s.append("complete -F _sts_session_token ").append(Cli.NAME).append('\n');
        return s.toString();
    }

    private static List<String> names(Command command) {
        List<String> names = new ArrayList<>();
        for (Option option : command.options()) {
            names.addAll(option.names);
        }
        return names;
    }

    /** An option's help up to its first parenthesis or semicolon: one line for a completion menu. */
    static String shortHelp(Option option) {
        String help = option.help;
        int cut = help.length();
        for (String stop : new String[] {" (", "; ", ", e.g."}) {
            int at = help.indexOf(stop);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        String shortened = help.substring(0, cut);
        if (shortened.startsWith("(")) {
            shortened = help.replace("(", "").replace(")", "");
        }
        return shortened;
    }

    static String fish() {
        StringBuilder s = new StringBuilder();
        s.append("# fish completion for ")
                .append(Cli.NAME)
                .append(" (generated by `")
                .append(Cli.NAME)
                .append(" completions fish`)\n");
        s.append("function __sts_session_token_profiles\n    set -l config $HOME/.aws/config\n")
                .append("    set -q AWS_CONFIG_FILE; and set config $AWS_CONFIG_FILE\n")
                .append("    set -l credentials $HOME/.aws/credentials\n")
                .append("    set -q AWS_SHARED_CREDENTIALS_FILE; and set credentials $AWS_SHARED_CREDENTIALS_FILE\n")
                .append("    ")
                .append(PROFILES_SED)
                .append(" -- $config $credentials 2>/dev/null | sort -u\nend\n");
        String c = "complete -c " + Cli.NAME;
        s.append(c).append(" -f\n");
        for (String top : topLevel()) {
            String summary = top;
            for (Command command : COMMANDS) {
                if (word(command.name(), 0).equals(top)) {
                    summary = command.name().contains(" ")
                            ? top + " " + String.join(", ", subcommands(top))
                            : command.summary();
                    break;
                }
            }
            s.append(c)
                    .append(" -n __fish_use_subcommand -a ")
                    .append(top)
                    .append(" -d ")
                    .append(fishQuote(summary))
                    .append('\n');
        }
        s.append(c).append(" -n __fish_use_subcommand -l version -d 'print the version'\n");
        s.append(c).append(" -n __fish_use_subcommand -l help -s h -d 'this help'\n");
        s.append(c)
                .append(" -n '__fish_seen_subcommand_from completions shell-init' -a '")
                .append(String.join(" ", SHELLS))
                .append("'\n");
        for (String top : topLevel()) {
            List<String> subs = subcommands(top);
            if (subs.isEmpty()) {
                continue;
            }
            for (Command command : COMMANDS) {
                if (word(command.name(), 0).equals(top)) {
                    s.append(c)
                            .append(" -n '__fish_seen_subcommand_from ")
                            .append(top)
                            .append("; and not __fish_seen_subcommand_from ")
                            .append(String.join(" ", subs))
                            .append("' -a ")
                            .append(word(command.name(), 1))
                            .append(" -d ")
                            .append(fishQuote(command.summary()))
                            .append('\n');
                }
            }
        }
        for (Command command : COMMANDS) {
            String condition = command.name().contains(" ")
                    ? "__fish_seen_subcommand_from " + word(command.name(), 0) + "; and __fish_seen_subcommand_from "
                            + word(command.name(), 1)
                    : "__fish_seen_subcommand_from " + command.name();
            for (Option option : command.options()) {
                s.append(c).append(" -n '").append(condition).append('\'');
                for (String name : option.names) {
                    s.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
                }
                switch (kind(option)) {
                    case NONE -> {}
                    case PROFILE -> s.append(" -x -a '(__sts_session_token_profiles)'");
                    case OUTPUT ->
                        s.append(" -x -a '")
                                .append(String.join(" ", outputFormats()))
                                .append('\'');
                    case KEY_STORE ->
                        s.append(" -x -a '")
                                .append(String.join(" ", KEY_STORES))
                                .append('\'');
                    case SHELL_FILE, SHELL_DIR -> s.append(" -r -F");
                    default -> s.append(" -x");
                }
                s.append(" -d ").append(fishQuote(shortHelp(option))).append('\n');
            }
        }
        return s.toString();
    }

    private static String fishQuote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String zsh() {
        StringBuilder s = new StringBuilder();
        s.append("#compdef ").append(Cli.NAME).append('\n');
        s.append("# zsh completion for ")
                .append(Cli.NAME)
                .append(" (generated by `")
                .append(Cli.NAME)
                .append(" completions zsh`)\n");
        s.append("_sts_session_token_profiles() {\n  local -a profiles\n  profiles=(${(f)\"$(")
                .append(profilesCommand())
                .append(")\"})\n  compadd -a profiles\n}\n");
        s.append("_sts_session_token() {\n  local -a commands subs\n  local cmd\n");
        s.append("  if (( CURRENT == 2 )); then\n    commands=(\n");
        for (String top : topLevel()) {
            String summary = top;
            for (Command command : COMMANDS) {
                if (word(command.name(), 0).equals(top)) {
                    summary = command.name().contains(" ") ? String.join(", ", subcommands(top)) : command.summary();
                    break;
                }
            }
            s.append("      ")
                    .append(zshQuote(top + ":" + summary.replace(":", "\\:")))
                    .append('\n');
        }
        s.append("    )\n    _describe command commands\n    return\n  fi\n");
        s.append("  cmd=$words[2]\n  case $cmd in\n");
        for (String top : topLevel()) {
            List<String> subs = subcommands(top);
            if (subs.isEmpty()) {
                continue;
            }
            s.append("    ").append(top).append(")\n      if (( CURRENT == 3 )); then\n        subs=(");
            for (Command command : COMMANDS) {
                if (word(command.name(), 0).equals(top)) {
                    s.append(' ')
                            .append(zshQuote(word(command.name(), 1) + ":"
                                    + command.summary().replace(":", "\\:")));
                }
            }
            s.append(" )\n        _describe subcommand subs\n        return\n      fi\n")
                    .append("      cmd=\"$cmd $words[3]\"; shift words; (( CURRENT-- )) ;;\n");
        }
        s.append("    completions|shell-init) (( CURRENT == 3 )) && compadd ")
                .append(String.join(" ", SHELLS))
                .append("; return ;;\n");
        s.append("  esac\n  shift words; (( CURRENT-- ))\n  case $cmd in\n");
        for (Command command : COMMANDS) {
            if (command.options().isEmpty()) {
                continue;
            }
            s.append("    '").append(command.name()).append("') _arguments -S");
            for (Option option : command.options()) {
                for (String name : option.names) {
                    s.append(" \\\n        ")
                            .append(zshQuote(name + "[" + zshBracket(shortHelp(option)) + "]" + zshAction(option)));
                }
            }
            if (command.name().equals("exec")) {
                s.append(" \\\n        '*::command:_normal'");
            }
            s.append(" ;;\n");
        }
        s.append("  esac\n}\n_sts_session_token \"$@\"\n");
        return s.toString();
    }

    private static String zshAction(Option option) {
        String value = option.valueName == null ? "" : option.valueName.toLowerCase(Locale.ROOT);
        return switch (kind(option)) {
            case NONE -> "";
            case PROFILE -> ":" + value + ":_sts_session_token_profiles";
            case OUTPUT -> ":" + value + ":(" + String.join(" ", outputFormats()) + ")";
            case KEY_STORE -> ":" + value + ":(" + String.join(" ", KEY_STORES) + ")";
            case SHELL_FILE -> ":" + value + ":_files";
            case SHELL_DIR -> ":" + value + ":_files -/";
            default -> ":" + value + ": ";
        };
    }

    private static String zshBracket(String text) {
        return text.replace("[", "(").replace("]", ")").replace(":", "\\:");
    }

    private static String zshQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The man page, roff (man(7)), from the same table; no date, so a build is reproducible. */
    static String manPage(String version) {
        StringBuilder s = new StringBuilder();
        s.append(".TH STS\\-SESSION\\-TOKEN 1 \"\" \"")
                .append(roff(Cli.NAME + " " + version))
                .append("\" \"User Commands\"\n");
        s.append(".SH NAME\n")
                .append(roff(Cli.NAME))
                .append(" \\- temporary AWS credentials (STS GetSessionToken, usually with an MFA code)\n");
        s.append(".SH SYNOPSIS\n.B ").append(roff(Cli.NAME)).append("\n.I COMMAND\n.RI [ options ]\n");
        s.append(".SH DESCRIPTION\n")
                .append(roff(Cli.NAME))
                .append(" gets temporary AWS credentials with STS GetSessionToken (or AssumeRole), asking for an MFA"
                        + " code when the profile has a device, caches them privately and prints them in the format"
                        + " a tool needs. Try first:\n.PP\n.RS\n.B ")
                .append(roff(Cli.NAME + " get --local"))
                .append("\n.RE\n.PP\nwhich uses the embedded emulator and its demo user instead of AWS."
                        + " Each command's full help: \n.BR \"")
                .append(roff(Cli.NAME))
                .append(" COMMAND \\-\\-help\" .\n");
        s.append(".SH COMMANDS\n");
        for (Command command : COMMANDS) {
            s.append(".SS \"")
                    .append(roff(command.name() + " " + command.arguments()).strip())
                    .append("\"\n");
            s.append(roff(sentence(command.summary()))).append('\n');
            for (Option option : command.options()) {
                s.append(".TP\n");
                List<String> shown = new ArrayList<>();
                for (String name : option.names) {
                    shown.add("\\fB" + roff(name) + "\\fR"
                            + (option.valueName == null ? "" : " \\fI" + roff(option.valueName) + "\\fR"));
                }
                s.append(String.join(", ", shown))
                        .append('\n')
                        .append(roff(option.help))
                        .append('\n');
            }
            if (command.name().equals("completions")) {
                s.append(".PP\nThe package installs them; ")
                        .append(roff(Cli.NAME + " completions --help"))
                        .append(" says where to put them otherwise.\n");
            }
        }
        s.append(".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nSTS or IAM refused the request\n.TP\n2\nusage error or"
                + " invalid input\n.TP\n3\nendpoint unreachable, untrusted or not STS\n.TP\n4\ninternal error\n.PP\n"
                + "exec exits with its command's exit code (127 when the command is not found).\n");
        s.append(".SH ENVIRONMENT\n.TP\n.B AWS_PROFILE\nthe profile (as \\fB\\-\\-profile\\fR)\n.TP\n"
                + ".B AWS_CONFIG_FILE\\fR, \\fBAWS_SHARED_CREDENTIALS_FILE\nthe shared config and credentials files\n"
                + ".TP\n.B AWS_REGION\\fR, \\fBAWS_ENDPOINT_URL_STS\nthe region and the STS endpoint\n.TP\n"
                + ".B STS_SESSION_TOKEN_DEBUG\n1: a stack trace for internal errors\n");
        s.append(".SH FILES\n.TP\n.I ~/.aws/config\\fR, \\fI~/.aws/credentials\nprofiles (mfa_serial, role_arn,"
                + " duration_seconds, ...)\n.TP\n.I ~/.cache/sts\\-session\\-token/\ncached sessions (0600 files in"
                + " 0700 directories)\n.TP\n.I ~/.local/share/sts\\-session\\-token/emulator/\nthe local emulator's"
                + " state\n");
        s.append(".SH SEE ALSO\n.BR aws (1)\n");
        return s.toString();
    }

    private static String sentence(String summary) {
        return Character.toUpperCase(summary.charAt(0)) + summary.substring(1) + ".";
    }

    /** Text for roff: backslashes and hyphens escaped, no line starting with a control character. */
    static String roff(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
