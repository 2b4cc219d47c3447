package dev.ststoken.launch;

import dev.ststoken.ansible.AnsibleModule;
import dev.ststoken.bolt.BoltTask;
import dev.ststoken.cli.Cli;
import dev.ststoken.cli.Training;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * The launcher's training run ({@code __train}), whose loaded classes become the class-data/AOT
 * archive: the command line (a miss, a hit in every format, whoami, help, a usage error), then the
 * Ansible module and the Bolt task, each a success and a refusal of bad input, so their first run is
 * as fast as a {@code get}, and last {@code get --local}'s cache hit. They talk to an emulator in a
 * separate JVM: its server side is not what a client run loads, and every class in the archive costs
 * each start a little. Everything happens under a throw-away home.
 */
final class TrainingRun {
    private static final String PROFILE = "emulator-demo";

    private TrainingRun() {}

    static int run(Clock clock) throws IOException, InterruptedException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Path home = Files.createTempDirectory("sts-session-token-train");
        Path state = home.resolve("emulator");
        Process emulator = startEmulator(state);
        try {
            String endpoint = endpointOf(emulator);
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
            env.put("AWS_CONFIG_FILE", state.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("credentials").toString());
            String code = Totp.code(
                    Base32.decode(
                            Files.readString(state.resolve("demo-mfa-seed.txt")).strip()),
                    clock.instant());
            Training.exercise(
                    new Cli(empty(), sink, sink, env, clock, home),
                    List.of("--profile", PROFILE, "--endpoint-url", endpoint),
                    List.of("--mfa-token", code));

            Map<String, String> keys = demoKeys(state.resolve("credentials"));
            Path args = Files.writeString(
                    home.resolve("ansible-args.json"),
                    "{\"aws_access_key\": \"" + keys.get("aws_access_key_id")
                            + "\", \"aws_secret_key\": \"" + keys.get("aws_secret_access_key") + "\", \"ec2_url\": \""
                            + endpoint
                            + "\", \"region\": \"us-east-1\", \"duration_seconds\": 900}");
            new AnsibleModule(sink, env, clock, home).run(List.of(args.toString()));
            Path bad = Files.writeString(home.resolve("ansible-bad.json"), "{\"duration_seconds\": \"soon\"}");
            new AnsibleModule(sink, env, clock, home).run(List.of(bad.toString()));
            String task = "{\"access_key_id\": \"" + keys.get("aws_access_key_id") + "\", \"secret_access_key\": \""
                    + keys.get("aws_secret_access_key") + "\", \"endpoint_url\": \"" + endpoint
                    + "\", \"region\": \"us-east-1\", \"duration_seconds\": 900}";
            new BoltTask(stdin(task), sink, env, clock, home).run();
            new BoltTask(stdin("{\"duration_seconds\": \"soon\"}"), sink, env, clock, home).run();

            // get --local's cache hit, which answers without starting the embedded emulator: the
            // miss that caches the session runs in a JVM of its own, so the server stays out.
            getLocal(env);
            Training.hits(new Cli(empty(), sink, sink, env, clock, home), List.of("--local"));
            return 0;
        } finally {
            emulator.destroy();
            emulator.waitFor();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code serve} on a free loopback port in a JVM of its own, with none of this run's recording options. */
    private static Process startEmulator(Path state) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0",
                "--state-dir",
                state.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    /** {@code get --local} in a JVM of its own, with the training run's home and nothing else from ours. */
    private static void getLocal(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "get",
                        "--local")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        for (String name : List.of("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")) {
            builder.environment().put(name, env.get(name));
        }
        if (builder.start().waitFor() != 0) {
            throw new IOException("the training run's get --local failed");
        }
    }

    private static String endpointOf(Process emulator) throws IOException {
        String line =
                new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("listening on ")) {
            throw new IOException("the training emulator did not start");
        }
        return line.substring("listening on ".length());
    }

    /** The demo user's keys from the emulator's credentials file. */
    private static Map<String, String> demoKeys(Path credentials) throws IOException {
        Map<String, String> keys = new HashMap<>();
        boolean demo = false;
        for (String line : Files.readAllLines(credentials)) {
            if (line.startsWith("[")) {
                demo = line.equals("[" + PROFILE + "]");
            } else if (demo && line.contains(" = ")) {
                keys.put(line.substring(0, line.indexOf(" = ")), line.substring(line.indexOf(" = ") + 3));
            }
        }
        return keys;
    }

    private static InputStream empty() {
        return new ByteArrayInputStream(new byte[0]);
    }

    private static InputStream stdin(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
