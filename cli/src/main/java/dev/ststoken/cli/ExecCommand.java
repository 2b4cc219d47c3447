package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.server.CredentialServer;
import dev.ststoken.session.SessionResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code exec -- CMD}: runs CMD with the session in its environment and returns its exit code. */
final class ExecCommand extends SessionCommand {
    static final List<Option> OPTIONS = options(
            SESSION,
            List.of(Option.NO_CACHE, Option.FORCE_REFRESH, Option.MIN_TTL),
            TRANSPORT,
            List.of(Option.SERVER, Option.LOCAL, Option.VERBOSE, Option.HELP));

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " exec [options] -- COMMAND [ARGS...]",
                "Runs COMMAND with the session in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (and\n"
                        + "AWS_REGION when one is configured), passes INT, TERM and HUP on to it and exits with its exit\n"
                        + "code (127 when it is not found).",
                OPTIONS,
                "");
    }

    ExecCommand(CommandContext context) {
        super(context);
    }

    int run(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("exec", OPTIONS, true, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        if ("1".equals(context.env().get(ExecRunner.MARKER))) {
            throw new UsageException("refusing to run exec inside another exec (" + ExecRunner.MARKER
                    + "=1 is set): the inner one would replace the outer session");
        }
        if (line.has(Option.SERVER)) {
            if (line.has(Option.NO_CACHE)) {
                throw new UsageException("--server cannot be combined with --no-cache: it reuses sessions through the "
                        + "cache, or every request of the command would need a new MFA code");
            }
            return withServer(line);
        }
        Map<String, String> vars;
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            SessionResult result = session(backend, settings, line);
            vars = CredentialsFormatter.variables(result.session(), outputRegion(settings));
        }
        context.out().flush();
        return ExecRunner.run(line.command(), context.env(), vars, context.err());
    }

    /**
     * The command gets the credential server's address and token, never a session of its own: it
     * asks whenever its SDK wants credentials and gets the current session, refreshed (with a new
     * MFA code when the MFA session itself ran out) as needed. The first session is fetched before
     * the command starts, so a wrong code fails here and not inside the job.
     */
    private int withServer(CommandLine line)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            try (CredentialServer server = credentialServer(backend, settings, line)) {
                Map<String, String> vars = new java.util.LinkedHashMap<>(server.environment());
                String region = outputRegion(settings);
                if (region != null) {
                    vars.put("AWS_REGION", region);
                    vars.put("AWS_DEFAULT_REGION", region);
                }
                context.out().flush();
                return ExecRunner.run(line.command(), context.env(), vars, context.err());
            }
        }
    }
}
