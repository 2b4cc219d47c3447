package dev.ststoken.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a real run of the command line loads, for the launcher's training run: a cache miss (HTTP,
 * SigV4, XML, the cache write), a cache hit in every output format, whoami, the help texts and a
 * usage error. {@code __train} on its own runs it against the embedded emulator ({@code --local}) on
 * a throw-away home; the launcher's full training run calls {@link #exercise} with a profile and an
 * endpoint instead, so the emulator's server side stays out of the archive.
 */
public final class Training {
    private Training() {}

    static int run(Clock clock) throws IOException {
        Path home = Files.createTempDirectory("sts-session-token-train");
        try {
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            exercise(
                    new Cli(new ByteArrayInputStream(new byte[0]), sink, sink, env, clock, home),
                    List.of("--local"),
                    List.of());
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Runs the commands with {@code session} (how to reach STS, e.g. {@code --profile P --endpoint-url
     * U}) on every call and {@code firstOnly} (e.g. {@code --mfa-token C}) on the first, the miss.
     */
    public static void exercise(Cli cli, List<String> session, List<String> firstOnly) {
        gets(cli, session, firstOnly);
        List<String> whoami = new ArrayList<>(List.of("whoami"));
        whoami.addAll(session);
        expect(0, cli, whoami.toArray(new String[0]));
        expect(0, cli, "--help");
        expect(0, cli, "get", "--help");
        expect(ExitCode.USAGE, cli, "get", "--duration-seconds", "1");
    }

    /**
     * What {@code get} alone does: a miss (with {@code firstOnly} added), then a hit in every output
     * format. The release's second AOT cache is trained on this only, for the runs that are most of
     * a user's: every {@code credential_process} call is a {@code get}.
     */
    public static void gets(Cli cli, List<String> session, List<String> firstOnly) {
        List<String> miss = new ArrayList<>(List.of("get"));
        miss.addAll(session);
        miss.addAll(firstOnly);
        expect(0, cli, miss.toArray(new String[0]));
        hits(cli, session);
    }

    /** A cache hit in every output format, once a session for {@code session} is cached. */
    public static void hits(Cli cli, List<String> session) {
        for (OutputFormat format : OutputFormat.values()) {
            List<String> hit = new ArrayList<>(List.of("get"));
            hit.addAll(session);
            hit.addAll(List.of("--output", format.flag));
            expect(0, cli, hit.toArray(new String[0]));
        }
    }

    /** A step that ends otherwise would record another path than the one it stands for. */
    private static void expect(int exitCode, Cli cli, String... args) {
        int got = cli.run(args);
        if (got != exitCode) {
            throw new IllegalStateException(
                    "training: " + args[0] + " ended with exit code " + got + ", not " + exitCode);
        }
    }
}
