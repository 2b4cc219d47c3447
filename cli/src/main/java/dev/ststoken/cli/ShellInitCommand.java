package dev.ststoken.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code shell-init bash|zsh|fish}: prints the {@code sts-assume} shell function, for {@code eval}
 * (bash, zsh) or {@code source} (fish). A child process cannot change its parent shell's
 * environment, so a function in the shell itself takes in what {@code get -o env} (or fish) prints:
 * the cache, the MFA prompt on the terminal and the quoting are get's, and nothing is taken in when
 * get fails. The function only ever evaluates that output, never a value of its own making.
 */
final class ShellInitCommand {
    static final List<Option> OPTIONS = List.of(Option.HELP);

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " shell-init bash|zsh|fish",
                "Prints the sts-assume shell function, which sets a profile's session in the current shell:\n"
                        + "  eval \"$(" + Cli.NAME + " shell-init bash)\"      (in ~/.bashrc; zsh: shell-init zsh)\n"
                        + "  " + Cli.NAME + " shell-init fish | source   (in ~/.config/fish/config.fish)\n"
                        + "then `sts-assume PROFILE [get options]` exports AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n"
                        + "AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION when one is configured, and for a\n"
                        + "prompt STS_SESSION_TOKEN_PROFILE and STS_SESSION_TOKEN_EXPIRATION; the session comes from\n"
                        + "`get` (cached, or asked for with the MFA code on the terminal). On an error the shell's\n"
                        + "variables stay as they were and get's exit code is returned. `sts-assume --unset` removes them.",
                OPTIONS,
                "");
    }

    private final CommandContext context;

    ShellInitCommand(CommandContext context) {
        this.context = context;
    }

    int run(List<String> args) throws UsageException, IOException {
        if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            context.out().print(help());
            return ExitCode.OK;
        }
        if (args.size() != 1) {
            throw new UsageException("shell-init needs the shell: bash, zsh or fish (e.g. eval \"$(" + Cli.NAME
                    + " shell-init bash)\")");
        }
        String resource = switch (args.get(0)) {
            case "bash", "zsh" -> "shell-init.sh";
            case "fish" -> "shell-init.fish";
            default ->
                throw new UsageException("shell-init does not know the shell '" + args.get(0) + "': bash, zsh or fish");
        };
        try (InputStream in = ShellInitCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the installation");
            }
            context.out().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return ExitCode.OK;
    }
}
