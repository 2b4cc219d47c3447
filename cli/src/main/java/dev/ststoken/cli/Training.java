package dev.ststoken.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's training run ({@code __train}): what a real run loads, on a throw-away home so the
 * user's files are never touched. A cache miss through the embedded emulator (HTTP, SigV4, XML,
 * TOTP), a cache hit in every output format, and the help texts.
 */
final class Training {
    private Training() {}

    static int run(Clock clock) throws IOException {
        Path home = Files.createTempDirectory("sts-session-token-train");
        try {
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            Cli cli = new Cli(new ByteArrayInputStream(new byte[0]), sink, sink, env, clock, home);
            cli.run("get", "--local");
            for (OutputFormat format : OutputFormat.values()) {
                cli.run("get", "--local", "--output", format.flag);
            }
            cli.run("whoami", "--local");
            cli.run("--help");
            cli.run("get", "--help");
            cli.run("get", "--duration-seconds", "1");
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
