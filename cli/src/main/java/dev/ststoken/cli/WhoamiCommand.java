package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.internal.Json;
import dev.ststoken.sts.CallerIdentity;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code whoami}: GetCallerIdentity with the cached session this tool would hand out, else the
 * long-term keys; a role is assumed when no session of it is cached.
 */
final class WhoamiCommand extends SessionCommand {
    static final List<Option> OPTIONS = List.of(
            Option.PROFILE,
            Option.ROLE_ARN,
            Option.ROLE_SESSION_NAME,
            Option.EXTERNAL_ID,
            // A role profile with nothing cached is assumed as get assumes it, which may need a code.
            Option.MFA_TOKEN,
            Option.MFA_PROCESS,
            Option.PROMPT,
            Option.MFA_PROCESS_TIMEOUT,
            Option.REGION,
            Option.ENDPOINT_URL,
            Option.NO_VERIFY_SSL,
            Option.CA_BUNDLE,
            Option.NO_CACHE,
            Option.MIN_TTL,
            Option.MAX_ATTEMPTS,
            Option.CONNECT_TIMEOUT,
            Option.READ_TIMEOUT,
            Option.LOCAL,
            Option.VERBOSE,
            Option.HELP);

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " whoami [options]",
                "Shows who the credentials belong to (STS GetCallerIdentity), as JSON with UserId, Account and Arn.\n"
                        + "Uses the cached session of the profile when there is one (never asks for a code), else its keys;\n"
                        + "for a role profile (or --role-arn) without one, assumes the role as get does (asking for a\n"
                        + "code only when no MFA session is cached), so the ARN is always the assumed role's.",
                OPTIONS,
                "");
    }

    WhoamiCommand(CommandContext context) {
        super(context);
    }

    int run(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("whoami", OPTIONS, false, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            // The session this tool would hand out, if one is cached; never a new call or a prompt.
            SessionCredentials cached = context.sessions().cached(settings, request(line));
            AwsCredentials who;
            if (cached != null) {
                who = cached.credentials();
            } else if (settings.assumesRoles() || settings.signsIn()) {
                // A role profile's own keys are its source user's: answering with them printed the
                // user's ARN where the role's was asked for. The role is assumed as get assumes it
                // (the cached MFA session reused; a code asked for only when none is cached).
                who = session(backend, settings, line).session().credentials();
            } else {
                who = settings.credentials();
            }
            CallerIdentity identity = backend.identity(settings, who);
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("UserId", identity.userId());
            map.put("Account", identity.account());
            map.put("Arn", identity.arn());
            context.out().println(Json.write(map));
            return ExitCode.OK;
        }
    }
}
