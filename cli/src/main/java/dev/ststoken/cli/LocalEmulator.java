package dev.ststoken.cli;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionParameters;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * PRODUCT.md 6.4: the embedded emulator on a free loopback port with the default state dir, the
 * demo identity, and an MFA code computed from the demo seed, so that {@code get --local} runs
 * the whole real flow (HTTP, SigV4, TOTP) on a machine with nothing but a JDK.
 */
final class LocalEmulator implements AutoCloseable {
    private final Emulator emulator;
    private final Clock clock;

    private LocalEmulator(Emulator emulator, Clock clock) {
        this.emulator = emulator;
        this.clock = clock;
    }

    static Path defaultStateDir(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return base.resolve("sts-session-token").resolve("emulator");
    }

    static LocalEmulator start(Map<String, String> env, Path home, Clock clock, PrintStream err)
            throws IOException, EmulatorStateException {
        Path stateDir = defaultStateDir(env, home);
        Emulator emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        err.println("sts-session-token: using the local emulator at " + emulator.endpoint() + " (state in " + stateDir + ")");
        return new LocalEmulator(emulator, clock);
    }

    /** Settings for the demo user; the caller's environment and files are deliberately ignored. */
    ResolvedSettings settings(SessionParameters given, boolean withMfa) throws ConfigException, IOException {
        if (given.profile() != null || given.endpointUrl() != null || given.accessKeyId() != null) {
            throw new ConfigException("--local uses the emulator's demo identity: it cannot be combined with "
                    + "--profile or --endpoint-url");
        }
        DemoIdentity demo = emulator.demoIdentity();
        SessionParameters.Builder params = SessionParameters.builder()
                .accessKeyId(demo.credentials().accessKeyId())
                .secretAccessKey(demo.credentials().secretAccessKey())
                .region("us-east-1")
                .endpointUrl(emulator.endpoint().toString())
                .durationSeconds(given.durationSeconds());
        if (withMfa) {
            params.mfaSerial(demo.mfaSerial()).mfaToken(freshCode(demo));
        }
        return new SettingsResolver(Map.of(), emulator.stateDir()).resolve(params.build());
    }

    /**
     * A code the emulator has not seen: the current step's, or the next one's (accepted within the
     * ±1 window) when the current one was used by an earlier run; waits only when both are used.
     */
    private String freshCode(DemoIdentity demo) throws IOException {
        Instant now = clock.instant();
        long current = Totp.step(now);
        long step = Math.max(current, emulator.lastUsedStep(demo.mfaSerial()) + 1);
        if (step > current + 1) {
            Duration wait = Duration.between(now, Totp.stepStart(step - 1));
            try {
                Thread.sleep(Math.max(0, wait.toMillis()) + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the next MFA code");
            }
        }
        return Totp.code(demo.mfaSeed(), step);
    }

    Emulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
