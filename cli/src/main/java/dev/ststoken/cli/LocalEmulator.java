package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionSource;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.TrustedDirectories;
import dev.ststoken.internal.UntrustedDirectoryException;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code --local}: the embedded emulator with the default state dir and the demo identity, so that
 * {@code get --local} runs the real flow (HTTP, SigV4, TOTP) with nothing but a JDK. Settings come
 * from the files the emulator wrote; the emulator itself starts only when a call is needed, so a
 * cached session costs no server start.
 */
final class LocalEmulator implements SessionBackend {
    static final String PROFILE = "emulator-demo";
    /** Stands in for the emulator's address until it runs; also what the session cache keys on. */
    static final URI PLACEHOLDER = URI.create("http://local-emulator.invalid");

    private final Path stateDir;
    private final Clock clock;
    private final PrintStream err;
    private Emulator emulator;

    private LocalEmulator(Path stateDir, Clock clock, PrintStream err) {
        this.stateDir = stateDir;
        this.clock = clock;
        this.err = err;
    }

    static Path defaultStateDir(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty()
                ? Path.of(xdg)
                : home.resolve(".local").resolve("share");
        return base.resolve("sts-session-token").resolve("emulator");
    }

    static LocalEmulator open(CommandContext context) {
        return new LocalEmulator(defaultStateDir(context.env(), context.home()), context.clock(), context.err());
    }

    Path stateDir() {
        return stateDir;
    }

    boolean started() {
        return emulator != null;
    }

    /** The emulator, started on first use (sso login --local signs in against it). */
    Emulator emulator() throws IOException, EmulatorStateException {
        if (emulator == null) {
            emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
            err.println(
                    Cli.NAME + ": using the local emulator at " + emulator.endpoint() + " (state in " + stateDir + ")");
        }
        return emulator;
    }

    /**
     * The state dir holds the keys and seed we use and the config we read: it must be ours and
     * private, parents included, or another local user could substitute them. Created 0700 if missing.
     */
    static void checkStateDir(Path stateDir) throws ConfigException, IOException {
        try {
            TrustedDirectories.ensure(stateDir);
        } catch (UntrustedDirectoryException e) {
            throw new ConfigException("emulator state: " + e.getMessage());
        }
    }

    /**
     * The demo profile from the state dir, with what the caller asked for on top (region, duration,
     * MFA code or serial, timeouts); the caller's own environment and files are ignored. An
     * mfa_process found in the state dir is never run: the code is computed here.
     */
    @Override
    public ResolvedSettings settings(SessionRequest request)
            throws ConfigException, IOException, EmulatorStateException {
        SessionParameters given = request.parameters();
        if (given.profile() != null || given.endpointUrl() != null || given.accessKeyId() != null) {
            throw new ConfigException("--local uses the emulator's demo identity: it cannot be combined with "
                    + "--profile or --endpoint-url");
        }
        checkStateDir(stateDir);
        if (!Files.exists(stateDir.resolve("credentials")) || !Files.exists(stateDir.resolve("config"))) {
            emulator(); // first run: creates the account and writes the files
        }
        Map<String, String> env = Map.of(
                "AWS_CONFIG_FILE",
                stateDir.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                stateDir.resolve("credentials").toString());
        // The demo profile and the emulator's endpoint in place of the caller's; the rest as asked. The
        // state dir's own mfa_process is never run (MfaSource.PROFILE_WITHOUT_ITS_PROCESS).
        SessionParameters demo = given.toBuilder()
                .profile(PROFILE)
                .endpointUrl(PLACEHOLDER.toString())
                .verifySsl(null)
                .caBundle(null)
                .build();
        return sessions(env)
                .resolve(request.toBuilder()
                        .parameters(demo)
                        .mfa(SessionRequest.MfaSource.PROFILE_WITHOUT_ITS_PROCESS)
                        .build());
    }

    private Sessions sessions(Map<String, String> env) {
        return Sessions.create(env, stateDir, clock);
    }

    @Override
    public SessionResult session(ResolvedSettings settings, SessionRequest request)
            throws ConfigException, StsException {
        SessionResult result = sessions(Map.of()).session(settings, request, prompt(), source());
        if (!started()) {
            err.println(Cli.NAME + ": local emulator session from the cache (state in " + stateDir + ")");
        }
        return result;
    }

    /**
     * Answered from the state dir, as the server's GetCallerIdentity would answer, without starting
     * it: whoami --local on a cached session costs no server start.
     */
    @Override
    public dev.ststoken.sts.CallerIdentity identity(ResolvedSettings settings, AwsCredentials credentials)
            throws StsException {
        if (emulator != null) {
            return client(settings).getCallerIdentity(credentials);
        }
        try {
            return dev.ststoken.emulator.LocalCallerIdentity.of(stateDir, clock).getCallerIdentity(credentials);
        } catch (dev.ststoken.emulator.EmulatorRefusalException e) {
            throw new dev.ststoken.errors.StsServiceException(e.code(), e.getMessage(), 403, null);
        } catch (EmulatorStateException e) {
            throw new StsTransportException("local emulator: " + e.getMessage(), e);
        }
    }

    @Override
    public URI endpoint(ResolvedSettings settings) throws StsTransportException {
        try {
            return emulator().endpoint();
        } catch (IOException | EmulatorStateException e) {
            throw new StsTransportException("cannot start the local emulator: " + e.getMessage(), e);
        }
    }

    @Override
    public StsClient client(ResolvedSettings settings) throws StsTransportException {
        try {
            return new StsClient(
                    new StsEndpoint(emulator().endpoint(), settings.endpoint().signingRegion()),
                    settings.tls(),
                    clock,
                    settings.transport());
        } catch (IOException | EmulatorStateException e) {
            throw new StsTransportException("cannot start the local emulator: " + e.getMessage(), e);
        }
    }

    // Named classes rather than lambdas: both are built on every run, and lambdas cost start-up.
    SessionSource source() {
        return new SessionSource() {
            @Override
            public SessionCredentials fetch(ResolvedSettings settings, GetSessionTokenRequest request)
                    throws StsException {
                return client(settings).getSessionToken(settings.credentials(), request);
            }

            @Override
            public AssumedRole assumeRole(ResolvedSettings settings, AwsCredentials caller, AssumeRoleRequest request)
                    throws StsException {
                return client(settings).assumeRole(caller, request);
            }
        };
    }

    /** Computes the demo device's code instead of asking anyone. */
    MfaPrompt prompt() {
        return new MfaPrompt() {
            @Override
            public String ask(String serial) throws ConfigException {
                try {
                    byte[] seed = Base32.decode(
                            Files.readString(stateDir.resolve("demo-mfa-seed.txt"), StandardCharsets.US_ASCII));
                    return freshCode(seed, emulator().lastUsedStep(serial));
                } catch (IOException | EmulatorStateException e) {
                    throw new ConfigException(
                            "cannot compute the demo MFA code from " + stateDir + ": " + e.getMessage());
                }
            }
        };
    }

    /**
     * A code the emulator has not seen: the current step's, or the next one's (accepted within the
     * ±1 window) when the current one was used by an earlier run; waits only when both are used.
     */
    String freshCode(byte[] seed, long lastUsedStep) {
        Instant now = clock.instant();
        long current = Totp.step(now);
        long step = Math.max(current, lastUsedStep + 1);
        if (step > current + 1) {
            Duration wait = Duration.between(now, Totp.stepStart(step - 1));
            err.println(Cli.NAME + ": the demo device's next codes were used by earlier runs; waiting "
                    + (wait.toMillis() / 1000 + 1) + " s for a fresh one");
            try {
                Thread.sleep(Math.max(0, wait.toMillis()) + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while waiting for the next MFA code"));
            }
        }
        return Totp.code(seed, step);
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
