package dev.ststoken.cli;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
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

    record ServeOptions(int port, String bind, Path stateDir, boolean tls, int maxSkewSeconds, boolean help) {}

    ServeOptions parse(List<String> args) throws UsageException {
        int port = EmulatorConfig.DEFAULT_PORT;
        String bind = "127.0.0.1";
        Path stateDir = LocalEmulator.defaultStateDir(env, home);
        boolean tls = false;
        int skew = 900;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--port":
                    port = OptionsParser.bounded(OptionsParser.value(args, i, name, inline), name, 0, 65535);
                    break;
                case "--bind":
                    bind = OptionsParser.value(args, i, name, inline);
                    break;
                case "--state-dir":
                    stateDir = Path.of(OptionsParser.value(args, i, name, inline));
                    break;
                case "--max-skew-seconds":
                    skew = OptionsParser.bounded(OptionsParser.value(args, i, name, inline), name, 1, 7 * 24 * 3600);
                    break;
                case "--tls":
                    tls = true;
                    continue;
                case "--help":
                case "-h":
                    help = true;
                    continue;
                default:
                    throw new UsageException(arg.startsWith("-") ? "unknown option " + name : "unexpected argument '" + arg + "'");
            }
            if (inline == null) {
                i++;
            }
        }
        return new ServeOptions(port, bind, stateDir, tls, skew, help);
    }

    int run(List<String> args) throws UsageException, IOException, EmulatorStateException {
        ServeOptions options = parse(args);
        if (options.help()) {
            out.print(Help.SERVE);
            return ExitCode.OK;
        }
        EmulatorConfig config = new EmulatorConfig(options.bind(), options.port(), options.stateDir(), options.tls(),
                Duration.ofSeconds(options.maxSkewSeconds()), clock, err);
        Emulator emulator;
        try {
            emulator = Emulator.start(config);
        } catch (java.net.BindException e) {
            throw new UsageException("cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage()
                    + " (try --port 0)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "sts-emulator-shutdown");
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
                + options.stateDir().resolve("credentials") + " and " + options.stateDir().resolve("config"));
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
