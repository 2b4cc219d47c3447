package dev.ststoken.emulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How to run an emulator.
 *
 * @param bind      address to listen on; loopback unless the user says otherwise
 * @param port      0 picks a free port
 * @param accessLog  one line per request (action, status, key id, request id), or null
 * @param enforceIam whether IAM policies decide what identities may do: null follows the state dir
 *                   (on for accounts created since policies exist, off for older ones); false is
 *                   {@code serve --no-enforce-iam}
 * @param requestListener told of each request answered (a test library's request log), or null
 * @param oidcIssuers https issuers, beyond loopback ones, whose OpenID Connect keys the emulator may
 *                    fetch for AssumeRoleWithWebIdentity (see {@code oidc.IssuerKeys}: no other hosts)
 */
public record EmulatorConfig(
        String bind,
        int port,
        Path stateDir,
        boolean tls,
        Duration maxSkew,
        Clock clock,
        PrintStream accessLog,
        Boolean enforceIam,
        RequestListener requestListener,
        java.util.Set<String> oidcIssuers) {
    public static final int DEFAULT_PORT = 4599;

    public EmulatorConfig {
        oidcIssuers = java.util.Set.copyOf(oidcIssuers);
    }

    /** Keys fetched from loopback issuers only. */
    public EmulatorConfig(
            String bind,
            int port,
            Path stateDir,
            boolean tls,
            Duration maxSkew,
            Clock clock,
            PrintStream accessLog,
            Boolean enforceIam,
            RequestListener requestListener) {
        this(bind, port, stateDir, tls, maxSkew, clock, accessLog, enforceIam, requestListener, java.util.Set.of());
    }

    /** No request listener. */
    public EmulatorConfig(
            String bind,
            int port,
            Path stateDir,
            boolean tls,
            Duration maxSkew,
            Clock clock,
            PrintStream accessLog,
            Boolean enforceIam) {
        this(bind, port, stateDir, tls, maxSkew, clock, accessLog, enforceIam, null);
    }

    /** Policies enforced as the state dir says. */
    public EmulatorConfig(
            String bind, int port, Path stateDir, boolean tls, Duration maxSkew, Clock clock, PrintStream accessLog) {
        this(bind, port, stateDir, tls, maxSkew, clock, accessLog, null);
    }

    /** Loopback, a free port, the system clock, no TLS, no log: what tests and {@code --local} want. */
    public static EmulatorConfig forTests(Path stateDir) {
        return new EmulatorConfig("127.0.0.1", 0, stateDir, false, Duration.ofMinutes(15), Clock.systemUTC(), null);
    }

    public EmulatorConfig withClock(Clock newClock) {
        return new EmulatorConfig(
                bind, port, stateDir, tls, maxSkew, newClock, accessLog, enforceIam, requestListener, oidcIssuers);
    }

    public EmulatorConfig withTls(boolean newTls) {
        return new EmulatorConfig(
                bind, port, stateDir, newTls, maxSkew, clock, accessLog, enforceIam, requestListener, oidcIssuers);
    }

    /** True or false overrides the state dir's setting; null follows it. */
    public EmulatorConfig withIamEnforcement(Boolean enforce) {
        return new EmulatorConfig(
                bind, port, stateDir, tls, maxSkew, clock, accessLog, enforce, requestListener, oidcIssuers);
    }

    public EmulatorConfig withRequestListener(RequestListener listener) {
        return new EmulatorConfig(
                bind, port, stateDir, tls, maxSkew, clock, accessLog, enforceIam, listener, oidcIssuers);
    }

    public EmulatorConfig withMaxSkew(Duration newMaxSkew) {
        return new EmulatorConfig(
                bind, port, stateDir, tls, newMaxSkew, clock, accessLog, enforceIam, requestListener, oidcIssuers);
    }

    /** Issuers (https URLs, as their tokens' {@code iss}) whose keys may be fetched besides loopback ones. */
    public EmulatorConfig withOidcIssuers(java.util.Set<String> issuers) {
        return new EmulatorConfig(
                bind, port, stateDir, tls, maxSkew, clock, accessLog, enforceIam, requestListener, issuers);
    }
}
