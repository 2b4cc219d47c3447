package dev.ststoken.cli;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.SessionParameters;
import dev.ststoken.config.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hand-written parser for get, exec and whoami (a dozen flags do not justify a library's start-up
 * cost). Accepts {@code --flag value} and {@code --flag=value}, the seed's aliases, and for exec a
 * command after {@code --}.
 */
final class OptionsParser {
    /** Flags people try for secrets. They are refused by name: argv shows in ps and shell history. */
    private static final Set<String> SECRET_FLAGS = Set.of("--secret-key", "--aws-secret-key", "--secret-access-key",
            "--aws-secret-access-key", "--session-token", "--security-token", "--aws-session-token", "--access-token",
            "--aws-security-token");

    private OptionsParser() {}

    static GetOptions parse(List<String> args, boolean allowCommand) throws UsageException {
        SessionParameters.Builder params = SessionParameters.builder();
        OutputFormat output = OutputFormat.JSON;
        String writeProfile = null;
        boolean noCache = false;
        boolean forceRefresh = false;
        int minTtl = 300;
        boolean debug = false;
        boolean local = false;
        boolean verbose = false;
        boolean help = false;
        List<String> command = new ArrayList<>();

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                if (!allowCommand) {
                    throw new UsageException("unexpected '--': only exec runs a command");
                }
                command.addAll(args.subList(i + 1, args.size()));
                break;
            }
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (SECRET_FLAGS.contains(name)) {
                throw new UsageException(name + " is not accepted: secrets on the command line show in ps and shell "
                        + "history; use the environment (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or a profile");
            }
            switch (name) {
                case "--duration-seconds":
                    params.durationSeconds(duration(value(args, i, name, inline)));
                    break;
                case "--mfa-serial-number":
                case "--serial-number":
                    params.mfaSerial(value(args, i, name, inline));
                    break;
                case "--mfa-token":
                case "--token-code":
                    params.mfaToken(value(args, i, name, inline));
                    break;
                case "--mfa-process":
                    params.mfaProcess(value(args, i, name, inline));
                    break;
                case "--profile":
                case "--aws-profile":
                    params.profile(nonEmpty(value(args, i, name, inline), name));
                    break;
                case "--region":
                case "--aws-region":
                case "--ec2-region":
                    params.region(nonEmpty(value(args, i, name, inline), name));
                    break;
                case "--endpoint-url":
                case "--ec2-url":
                    params.endpointUrl(nonEmpty(value(args, i, name, inline), name));
                    break;
                case "--no-verify-ssl":
                    params.verifySsl(false);
                    break;
                case "--ca-bundle":
                    params.caBundle(nonEmpty(value(args, i, name, inline), name));
                    break;
                case "--output":
                case "-o":
                    output = OutputFormat.parse(value(args, i, name, inline));
                    break;
                case "--write-profile":
                    writeProfile = nonEmpty(value(args, i, name, inline), name);
                    break;
                case "--no-cache":
                    noCache = true;
                    break;
                case "--force-refresh":
                    forceRefresh = true;
                    break;
                case "--max-attempts":
                    params.maxAttempts(bounded(value(args, i, name, inline), name, 1, 10));
                    break;
                case "--connect-timeout":
                    params.connectTimeoutSeconds(bounded(value(args, i, name, inline), name, 1, 300));
                    break;
                case "--read-timeout":
                    params.readTimeoutSeconds(bounded(value(args, i, name, inline), name, 1, 300));
                    break;
                case "--min-ttl":
                    minTtl = bounded(value(args, i, name, inline), name, 0, 129600);
                    break;
                case "--debug-endpoint-logs":
                    debug = true;
                    break;
                case "--local":
                    local = true;
                    break;
                case "--verbose":
                case "-v":
                    verbose = true;
                    break;
                case "--help":
                case "-h":
                    help = true;
                    break;
                default:
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + name);
                    }
                    throw new UsageException("unexpected argument '" + arg + "'"
                            + (allowCommand ? " (put the command after --)" : ""));
            }
            if (inline == null && takesValue(name)) {
                i++;
            }
        }
        if (allowCommand && command.isEmpty() && !help) {
            throw new UsageException("exec needs a command after --, e.g. exec --profile me -- aws s3 ls");
        }
        return new GetOptions(params.build(), output, writeProfile, noCache, forceRefresh, minTtl, debug, local,
                verbose, help, List.copyOf(command));
    }

    private static boolean takesValue(String name) {
        switch (name) {
            case "--no-verify-ssl": case "--no-cache": case "--force-refresh": case "--debug-endpoint-logs":
            case "--local": case "--verbose": case "-v": case "--help": case "-h":
                return false;
            default:
                return true;
        }
    }

    /** The option's value, inline ({@code --x=v}) or the next argument. Shared with serve's parser. */
    static String value(List<String> args, int i, String name, String inline) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
        }
        return args.get(i + 1);
    }

    private static String nonEmpty(String value, String name) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option " + name + " needs a non-empty value");
        }
        return value;
    }

    private static int duration(String value) throws UsageException {
        try {
            return Validation.durationSeconds(value);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static int bounded(String value, String name, int min, int max) throws UsageException {
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
