package dev.ststoken.cli;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the emulator as a long-running process. */
final class ServeCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path home;
    private final Clock clock;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env, Path home, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.home = home;
        this.clock = clock;
    }

    record ServeOptions(
            int port,
            String bind,
            Path stateDir,
            boolean tls,
            int maxSkewSeconds,
            boolean help,
            boolean noEnforceIam,
            java.util.Set<String> oidcIssuers) {}

    static final List<Option> OPTIONS = List.of(
            Option.PORT,
            Option.BIND,
            Option.STATE_DIR,
            Option.TLS,
            Option.NO_ENFORCE_IAM,
            Option.OIDC_ISSUERS,
            Option.MAX_SKEW,
            Option.HELP);

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " serve [options]",
                "Runs the local STS + IAM emulator until SIGTERM or Ctrl-C. The first line on stdout is\n"
                        + "'listening on http(s)://HOST:PORT'. The state dir (0700, files 0600) holds:\n"
                        + "  state.json          the account: users, keys, MFA devices, roles, used MFA steps\n"
                        + "  credentials         profiles emulator-root and emulator-demo (point AWS_SHARED_CREDENTIALS_FILE here)\n"
                        + "  config              profile emulator-demo with mfa_serial and region (AWS_CONFIG_FILE)\n"
                        + "  demo-mfa-seed.txt   the demo device's base32 seed (oathtool --totp -b SEED)\n"
                        + "  sso.json            Identity Center: users, permission sets, assignments, sign-ins in progress\n"
                        + "  sso-demo-password.txt, sso-demo-mfa-seed.txt   the SSO user sso-demo's password and TOTP seed\n"
                        + "  oidc-providers.json IAM OpenID Connect providers, for AssumeRoleWithWebIdentity (--oidc-issuers)\n"
                        + "Identity Center (SSO OIDC and portal APIs, sign-in pages) answers on the same port: point\n"
                        + "sso_start_url, AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC at it (see sso-admin --help).\n"
                        + "  tls-cert.pem        with --tls: the self-signed certificate to trust (--ca-bundle)",
                OPTIONS,
                "");
    }

    ServeOptions parse(List<String> args) throws UsageException {
        CommandLine line = CommandLine.parse("serve", OPTIONS, false, args);
        String stateDir = line.text(Option.STATE_DIR);
        String bind = line.text(Option.BIND);
        return new ServeOptions(
                line.integer(Option.PORT, EmulatorConfig.DEFAULT_PORT),
                bind == null ? "127.0.0.1" : bind,
                stateDir == null ? LocalEmulator.defaultStateDir(env, home) : Path.of(stateDir),
                line.has(Option.TLS),
                line.integer(Option.MAX_SKEW, 900),
                line.has(Option.HELP),
                line.has(Option.NO_ENFORCE_IAM),
                oidcIssuers(line.text(Option.OIDC_ISSUERS)));
    }

    /** The issuers as tokens name them: https URLs with a host and no query, fragment or user info. */
    static java.util.Set<String> oidcIssuers(String list) throws UsageException {
        java.util.Set<String> issuers = new java.util.LinkedHashSet<>();
        if (list == null) {
            return issuers;
        }
        for (String issuer : list.split(",")) {
            String trimmed = issuer.strip();
            java.net.URI uri;
            try {
                uri = new java.net.URI(trimmed);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null
                    || !"https".equals(uri.getScheme())
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new UsageException("--oidc-issuers: '" + trimmed + "' is not an https issuer URL "
                        + "(as its tokens' iss says, e.g. https://token.actions.githubusercontent.com)");
            }
            issuers.add(trimmed);
        }
        return issuers;
    }

    int run(List<String> args) throws UsageException, IOException, EmulatorStateException {
        ServeOptions options = parse(args);
        if (options.help()) {
            out.print(help());
            return ExitCode.OK;
        }
        try {
            LocalEmulator.checkStateDir(options.stateDir());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        EmulatorConfig config = EmulatorConfig.builder()
                .bind(options.bind())
                .port(options.port())
                .stateDir(options.stateDir())
                .tls(options.tls())
                .maxSkew(Duration.ofSeconds(options.maxSkewSeconds()))
                .clock(clock)
                .accessLog(err)
                .enforceIam(options.noEnforceIam() ? Boolean.FALSE : null)
                .oidcIssuers(options.oidcIssuers())
                .build();
        Emulator emulator;
        try {
            emulator = Emulator.start(config);
        } catch (java.net.BindException e) {
            throw new UsageException("cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage()
                    + " (try --port 0)");
        }
        try {
            // Before the first line says it is ready: the demo SSO user's files exist from the first start on.
            emulator.identityCenter();
        } catch (java.io.UncheckedIOException e) {
            emulator.close();
            throw new EmulatorStateException(
                    "cannot use the Identity Center state in " + options.stateDir() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(
                () -> {
                    emulator.close();
                    stopped.countDown();
                },
                "sts-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        InetSocketAddress listening = emulator.listenAddress();
        String address = hostLiteral(listening.getAddress()) + ":" + listening.getPort();
        out.println("listening on " + emulator.endpoint().getScheme() + "://" + address);
        out.flush();
        if (!listening.getAddress().isLoopbackAddress()) {
            err.println(Cli.NAME + ": warning: listening on " + address + ", not a loopback address: anyone who can "
                    + "reach it and holds a key from " + options.stateDir() + " can mint sessions (--bind 127.0.0.1 "
                    + "keeps it local)");
        }
        err.println(Cli.NAME + ": account " + emulator.accountId() + "; profiles emulator-demo and emulator-root in "
                + options.stateDir().resolve("credentials") + " and "
                + options.stateDir().resolve("config"));
        err.println(Cli.NAME + ": Identity Center at " + emulator.endpoint() + " (user sso-demo; password and TOTP "
                + "seed in " + options.stateDir().resolve("sso-demo-password.txt") + " and "
                + options.stateDir().resolve("sso-demo-mfa-seed.txt") + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped by an embedding caller rather than a signal: stop serving now, not at JVM exit.
            Thread.currentThread().interrupt();
            Runtime.getRuntime().removeShutdownHook(shutdown);
            emulator.close();
        }
        return ExitCode.OK;
    }

    /**
     * The address as a URL host: IPv6 in brackets, without a zone. A socket bound to 0.0.0.0 may
     * report the dual-stack wildcard {@code [::]}, which is what it then really listens on.
     */
    static String hostLiteral(InetAddress address) {
        if (address instanceof Inet6Address && address.isAnyLocalAddress()) {
            return "[::]";
        }
        if (address instanceof Inet6Address && address.isLoopbackAddress()) {
            return "[::1]";
        }
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }
}
