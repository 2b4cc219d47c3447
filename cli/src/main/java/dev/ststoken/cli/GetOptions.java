package dev.ststoken.cli;

import dev.ststoken.config.SessionParameters;
import java.util.List;

/**
 * Parsed options of get, exec and whoami.
 *
 * @param command the command after {@code --} (exec only), else empty
 */
record GetOptions(
        SessionParameters parameters,
        OutputFormat output,
        String writeProfile,
        boolean noCache,
        boolean forceRefresh,
        int minTtlSeconds,
        boolean debugEndpointLogs,
        boolean local,
        boolean verbose,
        boolean help,
        List<String> command) {}
