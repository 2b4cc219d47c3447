package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.server.CredentialServer;
import dev.ststoken.session.CacheOptions;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What get, exec and whoami share: their options become parameters, a backend, cache options and a session. */
abstract class SessionCommand {
    /** How a command reaches a session, in the order every session command's help lists them. */
    static final List<Option> SESSION = List.of(
            Option.PROFILE,
            Option.ROLE_ARN,
            Option.ROLE_SESSION_NAME,
            Option.EXTERNAL_ID,
            Option.DURATION,
            Option.MFA_SERIAL,
            Option.MFA_TOKEN,
            Option.MFA_PROCESS,
            Option.PROMPT,
            Option.MFA_PROCESS_TIMEOUT,
            Option.REGION,
            Option.ENDPOINT_URL,
            Option.NO_VERIFY_SSL,
            Option.CA_BUNDLE);

    /** Retries and timeouts of the calls to STS. */
    static final List<Option> TRANSPORT = List.of(Option.MAX_ATTEMPTS, Option.CONNECT_TIMEOUT, Option.READ_TIMEOUT);

    /** One command's option table from its parts, in order. */
    @SafeVarargs
    static List<Option> options(List<Option>... parts) {
        List<Option> table = new ArrayList<>();
        for (List<Option> part : parts) {
            table.addAll(part);
        }
        return List.copyOf(table);
    }

    /** Options that only make sense against AWS; --local refuses them rather than ignoring them. */
    private static final List<Option> NOT_LOCAL = List.of(
            Option.PROFILE,
            Option.ENDPOINT_URL,
            Option.CA_BUNDLE,
            Option.NO_VERIFY_SSL,
            Option.WRITE_PROFILE,
            Option.FORCE);

    final CommandContext context;

    SessionCommand(CommandContext context) {
        this.context = context;
    }

    static SessionParameters parameters(CommandLine line) {
        return SessionParameters.builder()
                .durationSeconds(line.integer(Option.DURATION))
                .mfaSerial(line.text(Option.MFA_SERIAL))
                .mfaToken(line.text(Option.MFA_TOKEN))
                .mfaProcess(line.text(Option.MFA_PROCESS))
                .mfaPrompt(line.text(Option.PROMPT))
                .mfaProcessTimeoutSeconds(line.integer(Option.MFA_PROCESS_TIMEOUT))
                .profile(line.text(Option.PROFILE))
                .region(line.text(Option.REGION))
                .endpointUrl(line.text(Option.ENDPOINT_URL))
                .verifySsl(line.has(Option.NO_VERIFY_SSL) ? Boolean.FALSE : null)
                .caBundle(line.text(Option.CA_BUNDLE))
                .maxAttempts(line.integer(Option.MAX_ATTEMPTS))
                .connectTimeoutSeconds(line.integer(Option.CONNECT_TIMEOUT))
                .readTimeoutSeconds(line.integer(Option.READ_TIMEOUT))
                .roleArn(line.text(Option.ROLE_ARN))
                .roleSessionName(line.text(Option.ROLE_SESSION_NAME))
                .externalId(line.text(Option.EXTERNAL_ID))
                .build();
    }

    /** The emulator for --local (after refusing what cannot apply to it), else AWS. */
    SessionBackend backend(CommandLine line) throws UsageException {
        for (Option option : List.of(Option.ROLE_SESSION_NAME, Option.EXTERNAL_ID)) {
            if (line.has(option) && !line.has(Option.ROLE_ARN)) {
                throw new UsageException(option.primary() + " goes with --role-arn");
            }
        }
        if (!line.has(Option.LOCAL)) {
            return new AwsBackend(context, mfaPrompt());
        }
        for (Option option : NOT_LOCAL) {
            if (line.has(option)) {
                throw new UsageException(
                        "--local cannot be combined with " + option.primary() + ": " + whyNotLocal(option));
            }
        }
        return LocalEmulator.open(context);
    }

    /**
     * The command line with the profile the person picked in front when nothing named one and a
     * person is at a terminal ({@link ProfilePicker#offered}) with more than one profile to choose
     * from; the line as it is otherwise; null when they cancelled.
     */
    CommandLine withPickedProfile(
            String name, List<Option> options, boolean takesCommand, List<String> args, CommandLine line)
            throws UsageException, ConfigException {
        if (!ProfilePicker.offered(context, line)) {
            return line;
        }
        List<String> profiles = ProfilePicker.ordered(context, ProfilePicker.recent(context));
        if (profiles.size() < 2) {
            return line;
        }
        String picked;
        try {
            picked = ProfilePicker.pick(profiles);
        } catch (ProfilePicker.NoTerminal e) {
            return line; // stdin and stdout are terminals but not the controlling one: as before
        }
        if (picked == null) {
            return null;
        }
        List<String> with = new ArrayList<>();
        with.add(Option.PROFILE.primary() + "=" + picked);
        with.addAll(args);
        return CommandLine.parse(name, options, takesCommand, with);
    }

    /**
     * Puts the profile this command used first in the picker's order, when a person at a terminal
     * named it (or picked it); a script's uses are not recorded. Never fails the command.
     */
    void remember(CommandLine line) {
        String profile = line.text(Option.PROFILE);
        if (profile == null) {
            profile = context.env().get("AWS_PROFILE");
        }
        if (profile == null || profile.isEmpty() || !ProfilePicker.onTerminal(context, false)) {
            return;
        }
        try {
            ProfilePicker.recent(context).used(profile);
        } catch (IOException e) {
            // only the picker's order is lost
        }
    }

    /** Who is asked for an MFA code when neither --mfa-token nor mfa_process gives one: the terminal. */
    MfaPrompt mfaPrompt() {
        return new TerminalPrompt(context.err());
    }

    private static String whyNotLocal(Option option) {
        switch (option) {
            case WRITE_PROFILE:
            case FORCE:
                return "it would put the emulator's session among your real credentials";
            case CA_BUNDLE:
            case NO_VERIFY_SSL:
                return "the embedded emulator speaks plain HTTP on loopback";
            default:
                return "--local always uses the embedded emulator's demo user";
        }
    }

    CacheOptions cacheOptions(CommandLine line) throws ConfigException {
        return line.has(Option.NO_CACHE)
                ? new CacheOptions(null, line.has(Option.FORCE_REFRESH), line.integer(Option.MIN_TTL, 300))
                : context.sessions().cache(line.has(Option.FORCE_REFRESH), line.integer(Option.MIN_TTL, 300));
    }

    /** What the command line asks for: its parameters, the profile's MFA settings, the cache as the flags say. */
    SessionRequest request(CommandLine line) throws ConfigException {
        return SessionRequest.of(parameters(line)).toBuilder()
                .cache(cacheOptions(line))
                .build();
    }

    ResolvedSettings settings(SessionBackend backend, CommandLine line)
            throws ConfigException, IOException, EmulatorStateException {
        ResolvedSettings settings = backend.settings(request(line));
        explain(line, settings);
        return settings;
    }

    SessionResult session(SessionBackend backend, ResolvedSettings settings, CommandLine line)
            throws ConfigException, StsException {
        return session(backend, settings, request(line));
    }

    SessionResult session(SessionBackend backend, ResolvedSettings settings, SessionRequest request)
            throws ConfigException, StsException {
        SessionResult result = backend.session(settings, request);
        for (String warning : result.warnings()) {
            context.note("warning: " + warning);
        }
        return result;
    }

    /** Stderr notes for --verbose, and the region fallback said aloud. */
    private void explain(CommandLine line, ResolvedSettings settings) {
        boolean verbose = line.has(Option.VERBOSE);
        if (settings.regionDefaulted() && (verbose || line.has(Option.DEBUG_ENDPOINT_LOGS))) {
            context.note("no region configured; using " + settings.region());
        }
        if (verbose) {
            context.note("credentials from " + settings.credentialSource() + " ("
                    + (settings.signsIn() ? "a sign-in" : settings.credentials().accessKeyId())
                    + "), endpoint " + settings.endpoint().uri() + " signed for "
                    + settings.endpoint().signingRegion()
                    + (settings.mfaSerial() == null ? ", no MFA" : ", MFA device " + settings.mfaSerial()));
        }
    }

    /** The region the outputs name: none when nothing configured one. */
    static String outputRegion(ResolvedSettings settings) {
        return settings.regionDefaulted() ? null : settings.region();
    }

    /**
     * The credential server of exec --server and serve-credentials, answering each request with the
     * current session. The first session is fetched before it starts, so a wrong code fails here and
     * not inside the job. --force-refresh is for that first session only: the server's fetches read
     * the cache as usual, or every request of the job would get a new session (a prompt, or a used
     * code refused, for each call of an MFA profile). A --mfa-token is spent on that first session
     * too: a later MFA session is asked for on the terminal (exec --server only: serve-credentials'
     * background server cannot ask one), by mfa_process or by the --prompt driver, not with the same
     * code, which STS refuses.
     */
    CredentialServer credentialServer(SessionBackend backend, ResolvedSettings settings, CommandLine line)
            throws ConfigException, StsException, IOException {
        return credentialServer(backend, settings, line, context.err());
    }

    /** The same, saying its refusals and failures on {@code log}. */
    CredentialServer credentialServer(
            SessionBackend backend, ResolvedSettings settings, CommandLine line, java.io.PrintStream log)
            throws ConfigException, StsException, IOException {
        SessionRequest first = request(line);
        session(backend, settings, first);
        CacheOptions cache = first.cache();
        SessionRequest later = first.toBuilder()
                .cache(new CacheOptions(cache.cache(), false, cache.minTtlSeconds()))
                .build();
        // A code is good once: the server's later sessions ask mfa_process, the --prompt driver or
        // (exec --server) the terminal.
        ResolvedSettings spent = settings.mfaToken() == null
                ? settings
                : settings.toBuilder().mfaToken(null).build();
        return CredentialServer.start(new Fetch(backend, spent, later), log);
    }

    /** A named class: what the server calls for each request. */
    private final class Fetch implements CredentialServer.Source {
        private final SessionBackend backend;
        private final ResolvedSettings settings;
        private final SessionRequest request;

        Fetch(SessionBackend backend, ResolvedSettings settings, SessionRequest request) {
            this.backend = backend;
            this.settings = settings;
            this.request = request;
        }

        @Override
        public SessionCredentials credentials() throws Exception {
            try {
                return session(backend, settings, request).session();
            } catch (ConfigException e) {
                // What to change in the settings: no secret, and the job's own SDK error says it too.
                throw new CredentialServer.Unavailable(e.message(Cli.SETTING_NAMES));
            }
        }
    }
}
