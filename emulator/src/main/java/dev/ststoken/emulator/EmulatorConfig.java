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

    /** Loopback, a free port, the system clock, no TLS, no log: what tests and {@code --local} want. */
    public static EmulatorConfig forTests(Path stateDir) {
        return builder().stateDir(stateDir).build();
    }

    /** Starts from {@link #forTests}' settings, without a state dir. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .bind(bind)
                .port(port)
                .stateDir(stateDir)
                .tls(tls)
                .maxSkew(maxSkew)
                .clock(clock)
                .accessLog(accessLog)
                .enforceIam(enforceIam)
                .requestListener(requestListener)
                .oidcIssuers(oidcIssuers);
    }

    public EmulatorConfig withClock(Clock newClock) {
        return toBuilder().clock(newClock).build();
    }

    public EmulatorConfig withTls(boolean newTls) {
        return toBuilder().tls(newTls).build();
    }

    /** True or false overrides the state dir's setting; null follows it. */
    public EmulatorConfig withIamEnforcement(Boolean enforce) {
        return toBuilder().enforceIam(enforce).build();
    }

    public EmulatorConfig withRequestListener(RequestListener listener) {
        return toBuilder().requestListener(listener).build();
    }

    public EmulatorConfig withMaxSkew(Duration newMaxSkew) {
        return toBuilder().maxSkew(newMaxSkew).build();
    }

    /** Issuers (https URLs, as their tokens' {@code iss}) whose keys may be fetched besides loopback ones. */
    public EmulatorConfig withOidcIssuers(java.util.Set<String> issuers) {
        return toBuilder().oidcIssuers(issuers).build();
    }

    /** Names each setting it changes; the record's parameters say what each means. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port;
        private Path stateDir;
        private boolean tls;
        private Duration maxSkew = Duration.ofMinutes(15);
        private Clock clock = Clock.systemUTC();
        private PrintStream accessLog;
        private Boolean enforceIam;
        private RequestListener requestListener;
        private java.util.Set<String> oidcIssuers = java.util.Set.of();

        private Builder() {}

        public Builder bind(String value) {
            bind = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder stateDir(Path value) {
            stateDir = value;
            return this;
        }

        public Builder tls(boolean value) {
            tls = value;
            return this;
        }

        public Builder maxSkew(Duration value) {
            maxSkew = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder accessLog(PrintStream value) {
            accessLog = value;
            return this;
        }

        public Builder enforceIam(Boolean value) {
            enforceIam = value;
            return this;
        }

        public Builder requestListener(RequestListener value) {
            requestListener = value;
            return this;
        }

        public Builder oidcIssuers(java.util.Set<String> value) {
            oidcIssuers = value;
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(
                    bind, port, stateDir, tls, maxSkew, clock, accessLog, enforceIam, requestListener, oidcIssuers);
        }
    }
}
