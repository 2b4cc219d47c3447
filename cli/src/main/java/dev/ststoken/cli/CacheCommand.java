package dev.ststoken.cli;

import dev.ststoken.cache.CachedSession;
import dev.ststoken.cache.SessionCache;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.Timestamps;
import java.io.IOException;
import java.util.List;

/** {@code cache list} and {@code cache clear}: what is cached (never a secret), and forgetting it. */
final class CacheCommand {
    static final List<Option> LIST_OPTIONS = List.of(Option.HELP);
    static final List<Option> CLEAR_OPTIONS = List.of(Option.CACHE_PROFILE, Option.HELP);

    static String help() {
        return String.join(
                "\n",
                "Usage: " + Cli.NAME + " cache list",
                "       " + Cli.NAME + " cache clear [--profile NAME]",
                "",
                "The session cache: one file per session in $XDG_CACHE_HOME/sts-session-token (else",
                "~/.cache/sts-session-token), directory 0700, files 0600.",
                "",
                "  list    what is cached: the profile whose credentials each session is (a role profile's",
                "          role session, its source profile's MFA session), endpoint host, access key, MFA",
                "          device, duration, expiry (never a secret)",
                "  clear   remove every cached session and its lock file (--profile NAME: only that profile's)",
                "",
                Help.exitCodes(),
                "");
    }

    private final CommandContext context;

    CacheCommand(CommandContext context) {
        this.context = context;
    }

    int run(List<String> args) throws UsageException, IOException, ConfigException {
        String sub = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? args : args.subList(1, args.size());
        switch (sub) {
            case "list": {
                CommandLine line = CommandLine.parse("cache list", LIST_OPTIONS, false, rest);
                if (line.has(Option.HELP)) {
                    context.out().print(help());
                    return ExitCode.OK;
                }
                return list();
            }
            case "clear": {
                CommandLine line = CommandLine.parse("cache clear", CLEAR_OPTIONS, false, rest);
                if (line.has(Option.HELP)) {
                    context.out().print(help());
                    return ExitCode.OK;
                }
                SessionCache cache = cache();
                String profile = line.text(Option.CACHE_PROFILE);
                context.out()
                        .println("removed " + cache.clear(profile) + " cached session(s)"
                                + (profile == null ? "" : " of profile " + profile) + " from " + cache.dir());
                return ExitCode.OK;
            }
            case "--help":
            case "-h":
            case "help":
                context.out().print(help());
                return ExitCode.OK;
            default:
                throw new UsageException("cache needs 'list' or 'clear' (see " + Cli.NAME + " cache --help)");
        }
    }

    /**
     * The endpoint as people know it: its host (and port when not the scheme's), the emulator's
     * placeholder named, "(no TLS check)" for a session fetched without verifying. Never the rest of
     * the key: a CA bundle's path, a role chain and an external id's digest are not for a listing.
     */
    static String endpoint(String keyEndpoint) {
        int space = keyEndpoint.indexOf(' ');
        String uri = space < 0 ? keyEndpoint : keyEndpoint.substring(0, space);
        String unverified = keyEndpoint.contains(" tls=off") ? " (no TLS check)" : "";
        if (uri.startsWith(LocalEmulator.PLACEHOLDER.toString())) {
            return "local emulator";
        }
        try {
            java.net.URI parsed = new java.net.URI(uri);
            if (parsed.getHost() != null) {
                return parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort()) + unverified;
            }
        } catch (java.net.URISyntaxException e) {
            // a hand-edited file: shown as unknown rather than as whatever it holds
        }
        return "?" + unverified;
    }

    private SessionCache cache() {
        return context.sessions().sessionCache();
    }

    private int list() throws IOException, ConfigException {
        List<CachedSession> sessions = cache().list();
        String row = "%-16s %-36s %-22s %-40s %-9s %-21s %s%n";
        context.out()
                .printf(row, "PROFILE", "ENDPOINT", "ACCESS KEY", "MFA SERIAL", "DURATION", "EXPIRES (UTC)", "LEFT");
        for (CachedSession s : sessions) {
            long left = java.time.Duration.between(
                            context.clock().instant(), s.session().expiration())
                    .getSeconds();
            context.out()
                    .printf(
                            row,
                            s.profile() == null ? "-" : s.profile(),
                            endpoint(s.key().endpoint()),
                            s.key().accessKeyId(),
                            s.key().mfaSerial() == null ? "-" : s.key().mfaSerial(),
                            s.key().durationSeconds() == null
                                    ? "default"
                                    : s.key().durationSeconds().toString(),
                            Timestamps.utcZ(s.session().expiration()),
                            left <= 0
                                    ? "expired"
                                    : (left / 3600) + "h" + String.format("%02d", left % 3600 / 60) + "m");
        }
        return ExitCode.OK;
    }
}
