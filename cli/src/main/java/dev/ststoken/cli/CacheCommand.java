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
        return table(null).help();
    }

    private static SubCommands table(CacheCommand command) {
        return new SubCommands(
                "cache",
                "The session cache: one file per session in $XDG_CACHE_HOME/sts-session-token (else\n"
                        + "~/.cache/sts-session-token), directory 0700, files 0600.",
                "",
                List.of(
                        new SubCommands.Sub(
                                "list",
                                LIST_OPTIONS,
                                false,
                                "what is cached: the profile whose credentials each session is (a role profile's "
                                        + "role session, its source profile's MFA session), endpoint host, access "
                                        + "key, MFA device, duration, expiry (never a secret)",
                                command == null ? null : command::list),
                        new SubCommands.Sub(
                                "clear",
                                CLEAR_OPTIONS,
                                false,
                                "remove every cached session and its lock file (--profile NAME: only that "
                                        + "profile's)",
                                command == null ? null : command::clear)));
    }

    private final CommandContext context;

    CacheCommand(CommandContext context) {
        this.context = context;
    }

    int run(List<String> args) throws UsageException, IOException, ConfigException {
        try {
            return table(this).run(args, context.out());
        } catch (dev.ststoken.errors.StsException e) {
            throw new IllegalStateException("cache makes no STS call", e);
        }
    }

    private int list(CommandLine line) throws IOException, ConfigException {
        return list();
    }

    private int clear(CommandLine line) throws IOException, ConfigException {
        SessionCache cache = cache();
        String profile = line.text(Option.CACHE_PROFILE);
        context.out()
                .println("removed " + cache.clear(profile) + " cached session(s)"
                        + (profile == null ? "" : " of profile " + profile) + " from " + cache.dir());
        return ExitCode.OK;
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
