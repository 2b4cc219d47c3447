package dev.ststoken.cli;

import dev.ststoken.config.CredentialsFileWriter;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.session.SessionResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get}: a session, cached or fresh, printed in the chosen format (and optionally stored as a profile). */
final class GetCommand extends SessionCommand {
    static final List<Option> OPTIONS = options(
            SESSION,
            List.of(
                    Option.OUTPUT,
                    Option.WRITE_PROFILE,
                    Option.FORCE,
                    Option.NO_CACHE,
                    Option.FORCE_REFRESH,
                    Option.MIN_TTL,
                    Option.DEBUG_ENDPOINT_LOGS),
            TRANSPORT,
            List.of(Option.LOCAL, Option.VERBOSE, Option.HELP));

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " get [options]",
                "Gets a session (STS GetSessionToken, with an MFA code when a device is configured) and prints it.\n"
                        + "A cached session is reused while it has more than --min-ttl seconds left.",
                OPTIONS,
                "Secrets are never taken from flags: use the environment, the shared files or the boto file.");
    }

    GetCommand(CommandContext context) {
        super(context);
    }

    int run(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("get", OPTIONS, false, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        String writeProfile = line.text(Option.WRITE_PROFILE);
        if (line.has(Option.FORCE) && writeProfile == null) {
            throw new UsageException("--force only applies to --write-profile");
        }
        try (SessionBackend backend = backend(line)) {
            if (writeProfile != null && !line.has(Option.FORCE)) {
                // Before any call, so no MFA code is spent on a run that cannot finish.
                CredentialsFileWriter.checkWritable(credentialsFile(), writeProfile);
            }
            ResolvedSettings settings = settings(backend, line);
            SessionResult result = session(backend, settings, line);
            OutputFormat format =
                    OutputFormat.parse(line.text(Option.OUTPUT) == null ? "json" : line.text(Option.OUTPUT));
            String text = CredentialsFormatter.format(
                    format,
                    result,
                    line.has(Option.DEBUG_ENDPOINT_LOGS),
                    outputRegion(settings),
                    writeProfile != null ? writeProfile : Cli.NAME);
            if (writeProfile != null) {
                writeProfile(writeProfile, line.has(Option.FORCE), settings, result);
            }
            context.out().print(text);
            return ExitCode.OK;
        }
    }

    private Path credentialsFile() {
        return context.sessions().resolver().credentialsFile();
    }

    private void writeProfile(String section, boolean force, ResolvedSettings settings, SessionResult result)
            throws ConfigException, IOException {
        Path file = credentialsFile();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("aws_access_key_id", result.session().accessKeyId());
        keys.put("aws_secret_access_key", result.session().secretAccessKey());
        keys.put("aws_session_token", result.session().sessionToken());
        if (!settings.regionDefaulted()) {
            keys.put("region", settings.region());
        }
        Path cacheDir = context.sessions().sessionCache().dir();
        AtomicFiles.createPrivateDirectory(cacheDir);
        Path lock = cacheDir.resolve("locks")
                .resolve("credentials-"
                        + Integer.toHexString(file.toAbsolutePath().toString().hashCode()) + ".lock");
        CredentialsFileWriter.writeSection(
                file,
                section,
                keys,
                "expires " + Timestamps.utcZ(result.session().expiration()),
                force,
                lock);
    }
}
