package dev.ststoken.cli;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the emulator as a long-running process (PRODUCT.md 6.1). */
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
                    port = number(value(args, i, name, inline), name, 0, 65535);
                    break;
                case "--bind":
                    bind = value(args, i, name, inline);
                    break;
                case "--state-dir":
                    stateDir = Path.of(value(args, i, name, inline));
                    break;
                case "--max-skew-seconds":
                    skew = number(value(args, i, name, inline), name, 1, 7 * 24 * 3600);
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "sts-emulator-shutdown"));
        out.println("listening on " + emulator.endpoint());
        out.flush();
        err.println(Cli.NAME + ": account " + emulator.accountId() + "; profiles emulator-demo and emulator-root in "
                + options.stateDir().resolve("credentials") + " and " + options.stateDir().resolve("config"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    private static String value(List<String> args, int i, String name, String inline) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
        }
        return args.get(i + 1);
    }

    private static int number(String value, String name, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("invalid " + name + " '" + value + "': expected a number from " + min + " to " + max);
    }
}
