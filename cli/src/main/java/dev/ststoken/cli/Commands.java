package dev.ststoken.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every command the parser knows, once: the completions, the man page and the reference are made
 * from it. A command made of sub-commands brings its own {@link SubCommands} table (the one its
 * dispatch and help use), whose names, options and titles are taken as they are. Cli's dispatch
 * stays a switch, so that a run loads only the command it runs.
 */
final class Commands {
    private Commands() {}

    /** One command (or a command's sub-command) as the parser knows it, with a one-line summary. */
    record Command(String name, String arguments, String summary, List<Option> options) {}

    static final List<Command> ALL = all();

    private static List<Command> all() {
        List<Command> all = new ArrayList<>();
        all.add(new Command("get", "[options]", "obtain a session (cached or fresh) and print it", GetCommand.OPTIONS));
        all.add(new Command(
                "exec",
                "[options] -- COMMAND [ARGS...]",
                "run a command with the session in its environment",
                ExecCommand.OPTIONS));
        all.add(new Command(
                "whoami",
                "[options]",
                "show who the credentials belong to (GetCallerIdentity)",
                WhoamiCommand.OPTIONS));
        subs(all, CacheCommand.table(null));
        all.add(new Command("login", "[options]", "a console sign-in URL for a role session", LoginCommand.OPTIONS));
        all.add(new Command("signin", "[options]", "sign in as aws login does (login_session)", SigninCommand.OPTIONS));
        subs(all, KeysCommand.table(null));
        subs(all, MfaCommand.table(null));
        all.add(new Command("serve", "[options]", "run the local STS/IAM emulator", ServeCommand.OPTIONS));
        subs(all, SsoCommand.table(null));
        subs(all, SsoAdminCommand.table(null));
        all.add(new Command(
                "serve-credentials",
                "[options]",
                "serve sessions to SDKs on 127.0.0.1 (the container credential protocol)",
                ServeCredentialsCommand.OPTIONS));
        all.add(new Command(
                "shell-init",
                String.join("|", ShellIntegration.SHELLS),
                "print the sts-assume function: a profile's session in the current shell",
                ShellInitCommand.OPTIONS));
        all.add(new Command(
                "completions",
                String.join("|", ShellIntegration.SHELLS),
                "print the shell's completion script",
                List.of(Option.HELP)));
        return List.copyOf(all);
    }

    private static void subs(List<Command> all, SubCommands table) {
        for (SubCommands.Sub sub : table.subs()) {
            boolean options = sub.options().stream().anyMatch(o -> o != Option.HELP);
            all.add(new Command(
                    table.command() + " " + sub.name(), options ? "[options]" : "", sub.title(), sub.options()));
        }
    }

    /** The top-level command words, in table order ("cache list" gives "cache"). */
    static List<String> topLevel() {
        Set<String> names = new LinkedHashSet<>();
        for (Command command : ALL) {
            names.add(word(command.name(), 0));
        }
        return new ArrayList<>(names);
    }

    /** The subcommands of a top-level word (empty for a command without any). */
    static List<String> subcommands(String top) {
        List<String> subs = new ArrayList<>();
        for (Command command : ALL) {
            if (command.name().startsWith(top + " ")) {
                subs.add(word(command.name(), 1));
            }
        }
        return subs;
    }

    static String word(String name, int n) {
        return name.split(" ")[n];
    }
}
