package dev.ststoken.cli;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.ansible.AnsibleModule;
import dev.ststoken.bolt.BoltTask;
import dev.ststoken.cache.CachedSession;
import dev.ststoken.cache.SessionCache;
import dev.ststoken.config.CredentialsFileWriter;
import dev.ststoken.session.CacheOptions;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.SessionService;
import dev.ststoken.sts.CallerIdentity;
import dev.ststoken.sts.SessionCredentials;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsException;
import dev.ststoken.sts.StsServiceException;
import dev.ststoken.sts.StsTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command line. Streams, environment, clock and home directory come in; an exit code goes out.
 * Only {@link Main} calls System.exit, so tests run commands in-process.
 */
public final class Cli {
    static final String NAME = "sts-session-token";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Clock clock, Path home) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    public int run(String... args) {
        try {
            return dispatch(Arrays.asList(args));
        } catch (UsageException | ConfigException e) {
            return fail(ExitCode.USAGE, e.getMessage(), null);
        } catch (StsServiceException e) {
            return fail(ExitCode.REFUSED, e.code() + ": " + e.awsMessage()
                    + (e.requestId() == null ? "" : " [request id " + e.requestId() + "]"), Advice.forCode(e));
        } catch (StsTransportException e) {
            return fail(ExitCode.UNREACHABLE, e.getMessage(), Advice.forTransport(e));
        } catch (EmulatorStateException e) {
            return fail(ExitCode.UNREACHABLE, "local emulator: " + e.getMessage(), null);
        } catch (StsException e) {
            return fail(ExitCode.INTERNAL, "internal error (a bug, please report it): " + e.getClass().getName(), null);
        } catch (IOException e) {
            return fail(ExitCode.UNREACHABLE, e.getMessage(), null);
        } catch (RuntimeException e) {
            if (debug()) {
                e.printStackTrace(err);
            }
            return fail(ExitCode.INTERNAL, "internal error (a bug, please report it): " + e.getClass().getName(),
                    "set STS_SESSION_TOKEN_DEBUG=1 for a stack trace");
        } finally {
            out.flush();
            err.flush();
        }
    }

    private boolean debug() {
        return "1".equals(env.get("STS_SESSION_TOKEN_DEBUG"));
    }

    private int fail(int code, String message, String advice) {
        err.println(NAME + ": " + message);
        if (advice != null) {
            err.println(NAME + ": hint: " + advice);
        }
        return code;
    }

    private int dispatch(List<String> args) throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        if (args.isEmpty()) {
            err.print(Help.MAIN);
            return ExitCode.USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (command) {
            case "--help":
            case "-h":
            case "help":
                out.print(Help.MAIN);
                return ExitCode.OK;
            case "--version":
                out.println(NAME + " " + version());
                return ExitCode.OK;
            case "get":
            case "whoami":
            case "exec": {
                GetOptions options = OptionsParser.parse(rest, command.equals("exec"));
                if (options.help()) {
                    out.print(Help.GET);
                    return ExitCode.OK;
                }
                return command.equals("get") ? get(options) : command.equals("exec") ? exec(options) : whoami(options);
            }
            case "cache":
                return cache(rest);
            case "__train":
                return Training.run(clock);
            case "ansible":
                return new AnsibleModule(out, env, clock, home).run(rest);
            case "bolt":
                return new BoltTask(in, out, env, clock, home).run();
            case "serve":
                return new ServeCommand(out, err, env, home, clock).run(rest);
            default:
                throw new UsageException("unknown command '" + command + "' (try --help)");
        }
    }


    private CacheOptions cacheOptions(GetOptions options) {
        SessionCache cache = options.noCache() ? null : new SessionCache(SessionCache.defaultDir(env, home));
        return new CacheOptions(cache, options.forceRefresh(), options.minTtlSeconds());
    }

    /** What get, exec and whoami share: settings (or the local demo's), then a session, cached or fresh. */
    private SessionResult session(GetOptions options, LocalEmulator local, ResolvedSettings settings)
            throws ConfigException, StsException {
        SessionService service = new SessionService(clock);
        SessionResult result = local != null
                ? service.obtain(settings, local.prompt(), cacheOptions(options), local.source())
                : service.obtain(settings, new TerminalPrompt(Path.of("/dev/tty")), cacheOptions(options), service.sts());
        for (String warning : result.warnings()) {
            err.println(NAME + ": warning: " + warning);
        }
        if (local != null && !local.started()) {
            err.println(NAME + ": local emulator session from the cache (state in " + local.stateDir() + ")");
        }
        return result;
    }

    private ResolvedSettings settings(GetOptions options, LocalEmulator local, boolean withMfa)
            throws ConfigException, IOException, EmulatorStateException {
        ResolvedSettings settings = local != null
                ? local.settings(options.parameters(), withMfa)
                : new SettingsResolver(env, home).resolve(options.parameters());
        explain(options, settings);
        return settings;
    }

    private int get(GetOptions options) throws UsageException, ConfigException, StsException, IOException,
            EmulatorStateException {
        if (options.writeProfile() != null && !options.forceRefresh()) {
            CredentialsFileWriter.checkWritable(new SettingsResolver(env, home).credentialsFile(), options.writeProfile());
        }
        try (LocalEmulator local = options.local() ? LocalEmulator.open(env, home, clock, err) : null) {
            ResolvedSettings settings = settings(options, local, true);
            SessionResult result = session(options, local, settings);
            String section = options.writeProfile() != null ? options.writeProfile() : NAME;
            String text = CredentialsFormatter.format(options.output(), result, options.debugEndpointLogs(),
                    settings.regionDefaulted() ? null : settings.region(), section);
            if (options.writeProfile() != null) {
                writeProfile(options, settings, result);
            }
            out.print(text);
            return ExitCode.OK;
        }
    }

    private void writeProfile(GetOptions options, ResolvedSettings settings, SessionResult result)
            throws ConfigException, IOException {
        Path file = new SettingsResolver(env, home).credentialsFile();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("aws_access_key_id", result.session().accessKeyId());
        keys.put("aws_secret_access_key", result.session().secretAccessKey());
        keys.put("aws_session_token", result.session().sessionToken());
        if (!settings.regionDefaulted()) {
            keys.put("region", settings.region());
        }
        AtomicFiles.createPrivateDirectory(SessionCache.defaultDir(env, home));
        Path lock = SessionCache.defaultDir(env, home).resolve("locks")
                .resolve("credentials-" + Integer.toHexString(file.toAbsolutePath().toString().hashCode()) + ".lock");
        CredentialsFileWriter.writeSection(file, options.writeProfile(), keys,
                "expires " + Timestamps.utcZ(result.session().expiration()), options.forceRefresh(), lock);
    }

    private int exec(GetOptions options) throws UsageException, ConfigException, StsException, IOException,
            EmulatorStateException {
        if ("1".equals(env.get(ExecRunner.MARKER))) {
            throw new UsageException("refusing to run exec inside another exec (" + ExecRunner.MARKER
                    + "=1 is set): the inner one would replace the outer session");
        }
        Map<String, String> vars;
        try (LocalEmulator local = options.local() ? LocalEmulator.open(env, home, clock, err) : null) {
            ResolvedSettings settings = settings(options, local, true);
            SessionResult result = session(options, local, settings);
            vars = CredentialsFormatter.variables(result.session(), settings.regionDefaulted() ? null : settings.region());
        }
        out.flush();
        return ExecRunner.run(options.command(), env, vars);
    }

    private int whoami(GetOptions options) throws UsageException, ConfigException, StsException, IOException,
            EmulatorStateException {
        try (LocalEmulator local = options.local() ? LocalEmulator.open(env, home, clock, err) : null) {
            ResolvedSettings settings = settings(options, local, true);
            SessionService service = new SessionService(clock);
            // The session this tool would hand out, if one is cached; never a new call or a prompt.
            SessionCredentials cached = service.cached(settings, cacheOptions(options));
            StsClient client = local != null ? local.client(settings) : service.client(settings);
            CallerIdentity identity = client.getCallerIdentity(cached != null ? cached.credentials() : settings.credentials());
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("UserId", identity.userId());
            map.put("Account", identity.account());
            map.put("Arn", identity.arn());
            out.println(Json.write(map));
            return ExitCode.OK;
        }
    }

    private int cache(List<String> args) throws UsageException, IOException {
        SessionCache cache = new SessionCache(SessionCache.defaultDir(env, home));
        String sub = args.isEmpty() ? "" : args.get(0);
        if (args.size() > 1) {
            throw new UsageException("cache " + sub + " takes no arguments");
        }
        switch (sub) {
            case "list": {
                List<CachedSession> sessions = cache.list();
                out.printf("%-22s %-48s %-9s %-21s %s%n", "ACCESS KEY", "MFA SERIAL", "DURATION", "EXPIRES (UTC)", "LEFT");
                for (CachedSession s : sessions) {
                    long left = java.time.Duration.between(clock.instant(), s.session().expiration()).getSeconds();
                    out.printf("%-22s %-48s %-9s %-21s %s%n", s.key().accessKeyId(),
                            s.key().mfaSerial() == null ? "-" : s.key().mfaSerial(),
                            s.key().durationSeconds() == null ? "default" : s.key().durationSeconds().toString(),
                            Timestamps.utcZ(s.session().expiration()),
                            left <= 0 ? "expired" : (left / 3600) + "h" + String.format("%02d", left % 3600 / 60) + "m");
                }
                return ExitCode.OK;
            }
            case "clear":
                out.println("removed " + cache.clear() + " cached session(s) from " + cache.dir());
                return ExitCode.OK;
            default:
                throw new UsageException("cache needs 'list' or 'clear'");
        }
    }

    /** Stderr notes for --verbose, and the region fallback that PRODUCT.md 4 wants said aloud. */
    private void explain(GetOptions options, ResolvedSettings settings) {
        if (settings.regionDefaulted() && (options.verbose() || options.debugEndpointLogs())) {
            err.println(NAME + ": no region configured; using " + settings.region());
        }
        if (options.verbose()) {
            err.println(NAME + ": credentials from " + settings.credentialSource() + " (" + settings.credentials().accessKeyId()
                    + "), endpoint " + settings.endpoint().uri() + " signed for " + settings.endpoint().signingRegion()
                    + (settings.mfaSerial() == null ? ", no MFA" : ", MFA device " + settings.mfaSerial()));
        }
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream stream = Cli.class.getResourceAsStream("version.properties")) {
            if (stream != null) {
                properties.load(stream);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return properties.getProperty("version", "unknown");
    }
}
