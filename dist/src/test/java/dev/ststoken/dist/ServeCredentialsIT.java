package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README's line, exactly as written, in each shell it names or that reads it: {@code eval
 * "$(sts-session-token serve-credentials --profile admin)"}. It never returned (the server was the
 * command itself and kept the substitution's stdout open), and exported no region. Now eval returns,
 * the variables are exported, and the server, in the background, answers the exported token at the
 * exported URI after the shell itself has ended; the exported pid stops it.
 */
class ServeCredentialsIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));
    static final String README_LINE = "eval \"$(sts-session-token serve-credentials --profile admin)\"";

    @TempDir
    Path home;

    Emulator emulator;
    Long serverPid;

    @BeforeEach
    void startEmulatorAndWriteProfile() throws Exception {
        Path state = home.resolve("state");
        emulator = Emulator.start(EmulatorConfig.builder()
                .stateDir(state)
                .accessLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build());
        Map<String, String> demo = IniFile.read(state.resolve("credentials")).section("emulator-demo");
        Files.writeString(
                home.resolve("credentials"),
                "[admin]\naws_access_key_id = " + demo.get("aws_access_key_id") + "\naws_secret_access_key = "
                        + demo.get("aws_secret_access_key") + "\n");
        Files.writeString(
                home.resolve("config"),
                "[profile admin]\nregion = eu-west-3\nendpoint_url = " + emulator.endpoint() + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        if (serverPid != null) {
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        emulator.close();
    }

    Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put("PATH", DIST.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bash", "sh", "zsh", "fish"})
    void the_readme_line_returns_exports_the_endpoint_and_region_and_the_server_stays(String shell) throws Exception {
        Path program = Peers.require(shell);
        // The line, then env: only exported variables reach it. The same text is valid fish (3.4+).
        Processes.Result r = Processes.run(
                List.of(program.toString(), "-c", README_LINE + "; env"), env(), home, null, Duration.ofSeconds(90));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> exported = new HashMap<>();
        for (String line : r.stdout().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                exported.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(exported.get("STS_SESSION_TOKEN_SERVER_PID"))
                .as(r.toString())
                .matches("\\d+");
        serverPid = Long.parseLong(exported.get("STS_SESSION_TOKEN_SERVER_PID"));
        assertThat(exported.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                .matches("http://127\\.0\\.0\\.1:\\d+/credentials");
        assertThat(exported.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(exported).containsEntry("AWS_REGION", "eu-west-3").containsEntry("AWS_DEFAULT_REGION", "eu-west-3");
        assertThat(r.stderr()).contains("stop it with: kill " + serverPid);

        Path cacheDir = home.resolve("cache/sts-session-token");
        Path log = cacheDir.resolve(
                r.stderr().replaceFirst("(?s).*\\(log: [^)]*/(serve-credentials-\\d+\\.log)\\).*", "$1"));
        assertThat(log).exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(log))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        // The shell has ended; the server has not. An SDK-style request, as the container provider makes it.
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(exported.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                        .toURL()
                        .openConnection();
        connection.setRequestProperty("Authorization", exported.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        assertThat(connection.getResponseCode()).isEqualTo(200);
        Map<String, Object> credentials =
                Json.parseObject(new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat((String) credentials.get("AccessKeyId")).startsWith("ASIA");
        assertThat(credentials).containsKeys("SecretAccessKey", "Token", "Expiration");

        // `kill $STS_SESSION_TOKEN_SERVER_PID` stops it.
        Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
        assertThat(server).isPresent();
        Processes.Result kill =
                Processes.run(List.of("kill", Long.toString(serverPid)), null, null, null, Duration.ofSeconds(30));
        assertThat(kill.exitCode()).as(kill.toString()).isZero();
        assertThat(server.get().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        serverPid = null;
        assertThat(log).as("the log of a server stopped as asked").doesNotExist();
    }

    /** The exports serve-credentials printed (its stdout, or a shell's env after eval). */
    static Map<String, String> exports(String text) {
        Map<String, String> exported = new HashMap<>();
        for (String line : text.lines().toList()) {
            String l = line.startsWith("export ") ? line.substring("export ".length()) : line;
            int eq = l.indexOf('=');
            if (eq > 0) {
                String value = l.substring(eq + 1);
                if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                exported.put(l.substring(0, eq), value);
            }
        }
        return exported;
    }

    /** A request as the SDK's container provider makes it: the status and the body. */
    static Map.Entry<Integer, String> ask(Map<String, String> exported) throws Exception {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(exported.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                        .toURL()
                        .openConnection();
        connection.setRequestProperty("Authorization", exported.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        int status = connection.getResponseCode();
        java.io.InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream();
        return Map.entry(status, new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    static String cmdline(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
    }

    /**
     * What docs/security.md claims of the background server: its arguments are not in its argv
     * (/proc/PID/cmdline, which any local user reads), --force-refresh is not passed on (two requests
     * get the same cached session, not two new ones), and SIGINT (a Ctrl-C at the shell's prompt
     * reaches its process group) does not stop it.
     */
    @org.junit.jupiter.api.Test
    void the_background_server_keeps_its_arguments_out_of_argv_refreshes_once_and_ignores_sigint() throws Exception {
        Processes.Result r = Processes.run(
                List.of(
                        DIST.resolve("bin/sts-session-token").toString(),
                        "serve-credentials",
                        "--profile",
                        "admin",
                        "--force-refresh",
                        "--read-timeout",
                        "29"),
                env(),
                home,
                null,
                Duration.ofSeconds(90));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> exported = exports(r.stdout());
        serverPid = Long.parseLong(exported.get("STS_SESSION_TOKEN_SERVER_PID"));

        String argv = cmdline(serverPid);
        assertThat(argv).as("the server's argv").contains("__serve-credentials");
        assertThat(argv).doesNotContain("--profile", "admin", "--force-refresh", "--read-timeout");

        Map.Entry<Integer, String> first = ask(exported);
        Map.Entry<Integer, String> second = ask(exported);
        assertThat(first.getKey()).as(first.getValue()).isEqualTo(200);
        assertThat(second.getKey()).as(second.getValue()).isEqualTo(200);
        assertThat(Json.parseObject(second.getValue()).get("AccessKeyId"))
                .as("a forced refresh passed on would make a new session per request")
                .isEqualTo(Json.parseObject(first.getValue()).get("AccessKeyId"));

        Processes.Result interrupt = Processes.run(
                List.of("kill", "-INT", Long.toString(serverPid)), null, null, null, Duration.ofSeconds(30));
        assertThat(interrupt.exitCode()).as(interrupt.toString()).isZero();
        assertThat(ask(exported).getKey()).as("answers after SIGINT").isEqualTo(200);
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive)).contains(true);
    }

    /**
     * The background server stays in the shell's process group: while a foreground job runs, reading
     * /dev/tty fails (EIO), so it cannot ask for a code. It used to try; now, when a new MFA session is
     * needed and there is no mfa_process, the SDK gets an answer saying to set it, the log says it
     * once, and serve-credentials warned at start. The spent --mfa-token is not passed on (it would be
     * tried again and refused by STS) nor in argv. The session cache emptied once the server runs
     * stands for the MFA session's end: its next request needs a new one.
     */
    @org.junit.jupiter.api.Test
    void without_mfa_process_the_background_server_answers_a_clear_error_instead_of_asking_a_terminal()
            throws Exception {
        dev.ststoken.emulator.DemoIdentity demo = emulator.demoIdentity();
        Files.writeString(
                home.resolve("config"),
                "[profile admin]\nregion = eu-west-3\nendpoint_url = " + emulator.endpoint() + "\nmfa_serial = "
                        + demo.mfaSerial() + "\n");
        String code = dev.ststoken.totp.Totp.code(demo.mfaSeed(), java.time.Instant.now());
        Processes.Result r = Processes.run(
                List.of(
                        DIST.resolve("bin/sts-session-token").toString(),
                        "serve-credentials",
                        "--profile",
                        "admin",
                        "--mfa-token",
                        code),
                env(),
                home,
                null,
                Duration.ofSeconds(90));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr())
                .contains("warning: the server runs in the background and cannot ask for an MFA code")
                .contains("mfa_process");
        Map<String, String> exported = exports(r.stdout());
        serverPid = Long.parseLong(exported.get("STS_SESSION_TOKEN_SERVER_PID"));
        assertThat(cmdline(serverPid)).doesNotContain(code, "--mfa-token");
        Path log = home.resolve("cache/sts-session-token")
                .resolve(r.stderr().replaceFirst("(?s).*\\(log: [^)]*/(serve-credentials-\\d+\\.log)\\).*", "$1"));

        assertThat(ask(exported).getKey()).as("the session it started with").isEqualTo(200);
        try (java.util.stream.Stream<Path> cached = Files.list(log.getParent())) {
            for (Path file : cached.toList()) {
                if (Files.isRegularFile(file) && !file.equals(log)) {
                    Files.delete(file);
                }
            }
        }
        Map.Entry<Integer, String> answer = ask(exported);
        assertThat(answer.getKey()).as(answer.getValue()).isEqualTo(500);
        assertThat(answer.getValue())
                .contains("cannot ask for a code on a terminal")
                .contains("set mfa_process in the profile")
                .doesNotContain(code);
        assertThat(ask(exported).getKey()).isEqualTo(500);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(log).contains("no session") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String said = Files.readString(log);
        assertThat(said.lines().filter(l -> l.contains("no session: a new MFA session is needed")))
                .as(said)
                .hasSize(1);
        assertThat(said).doesNotContain("Enter MFA code", "InvalidClientTokenId", "AccessDenied");
    }
}
