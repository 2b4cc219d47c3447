package dev.ststoken.cli;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.internal.Json;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.SessionService;
import dev.ststoken.sts.CallerIdentity;
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
                return get(OptionsParser.parse(rest, false));
            case "whoami":
                return whoami(OptionsParser.parse(rest, false));
            case "serve":
                return new ServeCommand(out, err, env, home, clock).run(rest);
            default:
                throw new UsageException("unknown command '" + command + "' (try --help)");
        }
    }


    private int get(GetOptions options) throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        if (options.help()) {
            out.print(Help.GET);
            return ExitCode.OK;
        }
        try (LocalEmulator local = options.local() ? LocalEmulator.start(env, home, clock, err) : null) {
            ResolvedSettings settings = local != null
                    ? local.settings(options.parameters(), true)
                    : new SettingsResolver(env, home).resolve(options.parameters());
            explain(options, settings);
            SessionResult result = new SessionService(clock).obtain(settings, new TerminalPrompt(Path.of("/dev/tty")));
            String section = options.writeProfile() != null ? options.writeProfile() : NAME;
            out.print(CredentialsFormatter.format(options.output(), result, options.debugEndpointLogs(),
                    settings.regionDefaulted() ? null : settings.region(), section));
            return ExitCode.OK;
        }
    }

    private int whoami(GetOptions options) throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        if (options.help()) {
            out.print(Help.GET);
            return ExitCode.OK;
        }
        try (LocalEmulator local = options.local() ? LocalEmulator.start(env, home, clock, err) : null) {
            ResolvedSettings settings = local != null
                    ? local.settings(options.parameters(), false)
                    : new SettingsResolver(env, home).resolve(options.parameters());
            explain(options, settings);
            CallerIdentity identity = new SessionService(clock).client(settings).getCallerIdentity(settings.credentials());
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("UserId", identity.userId());
            map.put("Account", identity.account());
            map.put("Arn", identity.arn());
            out.println(Json.write(map));
            return ExitCode.OK;
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
