package dev.ststoken.launch;

import dev.ststoken.ansible.AnsibleModule;
import dev.ststoken.bolt.BoltTask;
import dev.ststoken.cli.Cli;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.sigv4.AwsCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's training run ({@code __train}), whose loaded classes become the class-data/AOT
 * archive: the command line's paths (the CLI's own training), then the Ansible module and the Bolt
 * task, each a success against an emulator on loopback and a refusal of bad input, so their first
 * run is as fast as a {@code get}. Everything happens under a throw-away home.
 */
final class TrainingRun {
    private TrainingRun() {}

    static int run(Clock clock) throws IOException, EmulatorStateException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Path home = Files.createTempDirectory("sts-session-token-train");
        try {
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
            int code = new Cli(empty(), sink, sink, env, clock, home).run("__train");
            try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("emulator")).withClock(clock))) {
                AwsCredentials demo = emulator.demoIdentity().credentials();
                String endpoint = emulator.endpoint().toString();
                Path args = Files.writeString(home.resolve("ansible-args.json"), "{\"aws_access_key\": \"" + demo.accessKeyId()
                        + "\", \"aws_secret_key\": \"" + demo.secretAccessKey() + "\", \"ec2_url\": \"" + endpoint
                        + "\", \"region\": \"us-east-1\", \"duration_seconds\": 900}");
                new AnsibleModule(sink, env, clock, home).run(List.of(args.toString()));
                Path bad = Files.writeString(home.resolve("ansible-bad.json"), "{\"duration_seconds\": \"soon\"}");
                new AnsibleModule(sink, env, clock, home).run(List.of(bad.toString()));
                String task = "{\"access_key_id\": \"" + demo.accessKeyId() + "\", \"secret_access_key\": \"" + demo.secretAccessKey()
                        + "\", \"endpoint_url\": \"" + endpoint + "\", \"region\": \"us-east-1\", \"duration_seconds\": 900}";
                new BoltTask(stdin(task), sink, env, clock, home).run();
                new BoltTask(stdin("{\"duration_seconds\": \"soon\"}"), sink, env, clock, home).run();
            }
            return code;
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static InputStream empty() {
        return new ByteArrayInputStream(new byte[0]);
    }

    private static InputStream stdin(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
