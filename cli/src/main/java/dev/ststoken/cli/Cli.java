package dev.ststoken.cli;

import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command line. Streams, environment, clock and home directory come in; an exit code goes out.
 * Only the launcher's Main ends the process, so tests run commands in-process.
 */
public final class Cli {
    public static final String NAME = "sts-session-token";

    /** How core messages name settings when the CLI prints them. */
    static final Map<Setting, String> SETTING_NAMES = Map.of(
            Setting.PROFILE,
            "--profile",
            Setting.MFA_SERIAL,
            "--mfa-serial-number",
            Setting.MFA_TOKEN,
            "--mfa-token",
            Setting.MFA_PROCESS_TIMEOUT,
            "--mfa-process-timeout",
            Setting.WRITE_PROFILE,
            "--write-profile",
            Setting.FORCE,
            "--force",
            Setting.LOCAL_HINT,
            ", or try --local for the embedded emulator");

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
        } catch (UsageException e) {
            return fail(ExitCode.USAGE, e.getMessage(), null);
        } catch (ConfigException e) {
            return fail(ExitCode.USAGE, e.message(SETTING_NAMES), null);
        } catch (StsServiceException e) {
            return fail(
                    ExitCode.REFUSED,
                    e.code() + ": " + e.awsMessage()
                            + (e.requestId() == null ? "" : " [request id " + e.requestId() + "]"),
                    Advice.forCode(e));
        } catch (StsTransportException e) {
            return fail(ExitCode.UNREACHABLE, e.getMessage(), Advice.forTransport(e));
        } catch (EmulatorStateException e) {
            return fail(ExitCode.UNREACHABLE, "local emulator: " + e.getMessage(), null);
        } catch (StsException e) {
            return fail(
                    ExitCode.INTERNAL,
                    "internal error (a bug, please report it): " + e.getClass().getName(),
                    null);
        } catch (IOException e) {
            return fail(ExitCode.UNREACHABLE, e.getMessage(), null);
        } catch (RuntimeException e) {
            if (debug()) {
                e.printStackTrace(err);
            }
            return fail(
                    ExitCode.INTERNAL,
                    "internal error (a bug, please report it): " + e.getClass().getName(),
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

    private int dispatch(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        if (args.isEmpty()) {
            err.print(Help.MAIN);
            return ExitCode.USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        CommandContext context = new CommandContext(in, out, err, env, clock, home);
        switch (command) {
            case "--help", "-h", "help" -> {
                out.print(Help.MAIN);
                return ExitCode.OK;
            }
            case "--version" -> {
                out.println(NAME + " " + version());
                out.println("runtime: " + System.getProperty("java.home") + " (Java "
                        + System.getProperty("java.runtime.version") + ")");
                out.println("archive: "
                        + archive(System.getProperty("ststoken.archive"), System.getProperty("java.vm.info", "")));
                return ExitCode.OK;
            }
            case "get" -> {
                return new GetCommand(context).run(rest);
            }
            case "exec" -> {
                return new ExecCommand(context).run(rest);
            }
            case "whoami" -> {
                return new WhoamiCommand(context).run(rest);
            }
            case "cache" -> {
                return new CacheCommand(context).run(rest);
            }
            case "login" -> {
                return new LoginCommand(context).run(rest);
            }
            case "serve-credentials" -> {
                return new ServeCredentialsCommand(context).run(rest);
            }
            case ServeCredentialsCommand.SERVER -> {
                return new ServeCredentialsCommand(context).serve();
            }
            case "keys" -> {
                return new KeysCommand(context, new Terminal.Tty()).run(rest);
            }
            case "mfa" -> {
                return new MfaCommand(context, new Terminal.Tty()).run(rest);
            }
            case "shell-init" -> {
                return new ShellInitCommand(context).run(rest);
            }
            case "sso-admin" -> {
                return new SsoAdminCommand(context).run(rest);
            }
            case "serve" -> {
                return new ServeCommand(out, err, env, home, clock).run(rest);
            }
            case "completions" -> {
                if (rest.size() == 1
                        && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                    out.print(ShellIntegration.help());
                    return ExitCode.OK;
                }
                if (rest.size() != 1) {
                    throw new UsageException("completions needs one shell: bash, zsh or fish");
                }
                out.print(ShellIntegration.completions(rest.get(0)));
                return ExitCode.OK;
            }
            case "__manpage" -> {
                // The release build writes the man page from this (man/man1/sts-session-token.1).
                out.print(ShellIntegration.manPage(version()));
                return ExitCode.OK;
            }
            case "__train" -> {
                return Training.run(clock);
            }
            default -> throw new UsageException("unknown command '" + command + "' (try --help)");
        }
    }

    /**
     * The class-data/AOT archive the launcher asked the JVM to map (it passes the path), and whether
     * the JVM says it is sharing classes: a stale or mismatched archive is silently not used.
     */
    static String archive(String requested, String vmInfo) {
        if (requested == null || requested.isEmpty()) {
            return "none";
        }
        return requested + (vmInfo.contains("sharing") ? " (in use)" : " (not usable by this JVM)");
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
