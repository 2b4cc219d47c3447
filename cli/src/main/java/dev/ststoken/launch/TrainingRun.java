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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The launcher's training run, whose loaded classes become the class-data/AOT archive. It is two
 * JVMs: {@code __train OPTIONS...} prepares everything a run needs (a throw-away home, an emulator in
 * a JVM of its own, a cached {@code get --local} session, a TOTP code, the Ansible and Bolt inputs)
 * and then starts {@code __train-client} in a JVM with OPTIONS, the recording flags. Only that JVM's
 * classes go into the archive, and it does what real runs do and nothing else: the command line (a
 * miss, a hit in every format, whoami, help, a usage error), the Ansible module and the Bolt task
 * (each a success and a refusal of bad input, so their first run is as fast as a {@code get}) and
 * {@code get --local}'s cache hit. The preparation's own classes (processes, temporary files, the
 * JDK's HMAC for the TOTP code, the emulator's server side) would otherwise load at every start.
 */
final class TrainingRun {
    private static final String PROFILE = "emulator-demo";
    /**
     * The longest any step may take. A stuck training run would hold the launcher's lock on the
     * archive, and with it every later run's chance of one.
     */
    private static final long STEP_SECONDS = 120;

    private TrainingRun() {}

    /**
     * {@code __train OPTIONS...} (every path) or {@code __train-get OPTIONS...} ({@code get} alone):
     * prepares, runs the recorded JVM with OPTIONS, cleans up.
     */
    static int run(List<String> recordingOptions, boolean getOnly, Clock clock)
            throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("sts-session-token-train");
        Path state = home.resolve("emulator");
        Process emulator = null;
        Thread stopEmulator = null;
        try {
            emulator = startEmulator(state);
            // A signal that ends this JVM (the session that started the launcher closed) ends the
            // emulator too; the normal path stops it below.
            stopEmulator = new Thread(emulator::destroy, "sts-session-token-train-stop");
            Runtime.getRuntime().addShutdownHook(stopEmulator);
            String endpoint = endpointOf(emulator);
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
            String code = Totp.code(
                    Base32.decode(
                            Files.readString(state.resolve("demo-mfa-seed.txt")).strip()),
                    clock.instant());
            // get --local's miss, so the recorded JVM finds the session cached and never starts the
            // embedded emulator.
            java(List.of(), List.of("get", "--local"), env);

            Map<String, String> keys = demoKeys(state.resolve("credentials"));
            Files.writeString(
                    home.resolve("ansible-args.json"),
                    "{\"aws_access_key\": \"" + keys.get("aws_access_key_id")
                            + "\", \"aws_secret_key\": \"" + keys.get("aws_secret_access_key") + "\", \"ec2_url\": \""
                            + endpoint
                            + "\", \"region\": \"us-east-1\", \"duration_seconds\": 900}");
            Files.writeString(home.resolve("ansible-bad.json"), "{\"duration_seconds\": \"soon\"}");
            Files.writeString(
                    home.resolve("bolt-task.json"),
                    "{\"access_key_id\": \"" + keys.get("aws_access_key_id") + "\", \"secret_access_key\": \""
                            + keys.get("aws_secret_access_key") + "\", \"endpoint_url\": \"" + endpoint
                            + "\", \"region\": \"us-east-1\", \"duration_seconds\": 900}");
            env.put("AWS_CONFIG_FILE", state.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("credentials").toString());
            // The code goes in a file of the private home, not on the command line: no secret in argv,
            // not even a throw-away account's.
            Files.writeString(home.resolve("mfa-code.txt"), code);
            return java(
                    recordingOptions,
                    getOnly ? List.of("__train-client", endpoint, "get") : List.of("__train-client", endpoint),
                    env);
        } finally {
            if (emulator != null) {
                emulator.destroy();
                if (!emulator.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
                    emulator.destroyForcibly();
                }
                Runtime.getRuntime().removeShutdownHook(stopEmulator);
            }
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * {@code __train-client ENDPOINT [get]}: the recorded runs, under the home the environment names;
     * with {@code get}, only what the {@code get} command does (a miss, hits in every format, {@code
     * get --local}'s hit): an AOT cache links every class it holds at each start, so the one the
     * launcher gives {@code get} holds no other command's classes.
     */
    static int client(String endpoint, boolean getOnly, Map<String, String> env, Clock clock, Path home)
            throws IOException {
        String code = Files.readString(home.resolve("mfa-code.txt"));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        if (getOnly) {
            Training.gets(
                    new Cli(empty(), sink, sink, env, clock, home),
                    List.of("--profile", PROFILE, "--endpoint-url", endpoint),
                    List.of("--mfa-token", code));
            Training.hits(new Cli(empty(), sink, sink, env, clock, home), List.of("--local"));
            return 0;
        }
        Training.exercise(
                new Cli(empty(), sink, sink, env, clock, home),
                List.of("--profile", PROFILE, "--endpoint-url", endpoint),
                List.of("--mfa-token", code));
        int ansible = new AnsibleModule(sink, env, clock, home)
                .run(List.of(home.resolve("ansible-args.json").toString()));
        new AnsibleModule(sink, env, clock, home)
                .run(List.of(home.resolve("ansible-bad.json").toString()));
        int bolt = new BoltTask(stdin(Files.readString(home.resolve("bolt-task.json"))), sink, env, clock, home).run();
        if (ansible != 0 || bolt != 0) {
            throw new IllegalStateException("training: the Ansible module or the Bolt task failed");
        }
        new BoltTask(stdin("{\"duration_seconds\": \"soon\"}"), sink, env, clock, home).run();
        Training.hits(new Cli(empty(), sink, sink, env, clock, home), List.of("--local"));
        return 0;
    }

    /**
     * This launcher's Main in a JVM of its own, with {@code options}, the same class path and only
     * {@code env} for an environment; returns its exit code.
     */
    private static int java(List<String> options, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(options, args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the training run's " + args.get(0) + " took over " + STEP_SECONDS + " s");
        }
        int exit = process.exitValue();
        if (exit != 0) {
            throw new IOException("the training run's " + args.get(0) + " failed with exit code " + exit);
        }
        return exit;
    }

    /** This JDK's java running this launcher's Main with {@code options} (none: a short run's flags). */
    private static List<String> command(List<String> options, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.isEmpty() ? List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1") : options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** {@code serve} on a free loopback port in a JVM of its own, with none of this run's recording options. */
    private static Process startEmulator(Path state) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        command(List.of(), List.of("serve", "--port", "0", "--state-dir", state.toString())))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    /** The first line serve prints; an emulator silent for the step time is killed, ending the read. */
    private static String endpointOf(Process emulator) throws IOException {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(STEP_SECONDS));
                        emulator.destroyForcibly();
                    } catch (InterruptedException e) {
                        // the line came
                    }
                },
                "sts-session-token-train-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } finally {
            watchdog.interrupt();
        }
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
