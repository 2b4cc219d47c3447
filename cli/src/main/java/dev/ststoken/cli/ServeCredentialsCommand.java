package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.internal.TrustedDirectories;
import dev.ststoken.server.BoundedOutputStream;
import dev.ststoken.server.CredentialServer;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.SessionResult;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code serve-credentials}: the credential server of {@code exec --server} on its own, for jobs
 * started elsewhere (another terminal, an IDE). Made for {@code eval "$(sts-session-token
 * serve-credentials)"}: the shell waits for the command to end and for its stdout to close, so the
 * server cannot be this process. This one gets the first session (a prompt or a wrong code happens
 * here, in the foreground, with the usual exit codes), starts the server as a process of its own
 * that holds none of the caller's stdout or stderr (its stderr goes to a private log file), prints
 * the variables to set and ends. The server runs until SIGTERM ({@code kill PID}, the pid printed
 * and exported), SIGHUP, or a fatal error; it ignores SIGINT, which a Ctrl-C at the prompt of the
 * shell it was started from would otherwise send it. It never asks on the terminal (see
 * {@link #mfaPrompt}): a later MFA session needs mfa_process or a non-terminal --prompt driver (a
 * dialog, ykman, a command), which is said at start.
 */
final class ServeCredentialsCommand extends SessionCommand {
    /** The hidden command the server process runs; it reads its arguments from stdin, never argv. */
    static final String SERVER = "__serve-credentials";
    /** Exported with the endpoint, so a script can stop the server it started. */
    static final String PID_VARIABLE = "STS_SESSION_TOKEN_SERVER_PID";
    /** What the server's log file may hold: refusals are a few lines a minute, so days of a flood. */
    static final long LOG_LIMIT_BYTES = 1024 * 1024;
    /** How long the server may take to start (it reads the cache: seconds at most) before it is stopped. */
    static final Duration READY_DEADLINE = Duration.ofSeconds(60);

    static final List<Option> OPTIONS = options(
            SESSION,
            List.of(Option.FORCE_REFRESH, Option.MIN_TTL),
            TRANSPORT,
            List.of(Option.LOCAL, Option.VERBOSE, Option.HELP));

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " serve-credentials [options]",
                "Starts a server of sessions for AWS SDKs and the AWS CLI on 127.0.0.1 (the ECS container credential\n"
                        + "protocol) in the background, prints 'export AWS_CONTAINER_CREDENTIALS_FULL_URI=...',\n"
                        + "'export AWS_CONTAINER_AUTHORIZATION_TOKEN=...', the region when one is configured and\n"
                        + "'export " + PID_VARIABLE + "=...' for eval in the shell that runs the job, and returns.\n"
                        + "Each request gets the current session, refreshed when it has less than --min-ttl left. The\n"
                        + "server runs in the background and never asks on the terminal: when the MFA session itself runs\n"
                        + "out, a new code comes from mfa_process (or --mfa-process) or a --prompt driver other than\n"
                        + "terminal (or the profile's mfa_prompt: zenity, kdialog, osascript, ykman or a command);\n"
                        + "without one, requests fail with a message saying so (exec --server stays in the\n"
                        + "foreground and asks on the terminal).\n"
                        + "The server runs until 'kill $" + PID_VARIABLE + "' (SIGTERM) or the terminal closes;\n"
                        + "what it refuses is written to the log file named on stderr.",
                OPTIONS,
                "");
    }

    /** True in the server process: it has no terminal it may ask on. */
    private boolean background;

    ServeCredentialsCommand(CommandContext context) {
        super(context);
    }

    /**
     * In the background server, nobody: it stays in the shell's process group, so while a foreground
     * job runs, reading /dev/tty fails (EIO), and a prompt would land on the user's job's terminal.
     */
    @Override
    MfaPrompt mfaPrompt() {
        return background ? new NoTerminal() : super.mfaPrompt();
    }

    /** Refuses to ask, saying what to set instead. */
    private static final class NoTerminal implements MfaPrompt {
        @Override
        public String ask(String serial) throws ConfigException {
            throw new ConfigException("a new MFA session is needed (device " + serial + ") and the background server "
                    + "of serve-credentials cannot ask for a code on a terminal: set mfa_process in the profile "
                    + "(or pass --mfa-process to serve-credentials) or a non-terminal --prompt driver (mfa_prompt "
                    + "= zenity, kdialog, osascript, ykman or a command), or use exec --server, which asks on its "
                    + "terminal");
        }
    }

    int run(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("serve-credentials", OPTIONS, false, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        String region;
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            SessionResult first = session(backend, settings, line);
            region = outputRegion(settings);
            if (!line.has(Option.LOCAL)
                    && settings.mfaSerial() != null
                    && settings.mfaProcess() == null
                    && !settings.promptsWithoutTerminal()) {
                context.note("warning: the server runs in the background and cannot ask for an MFA code: "
                        + "after this session ends ("
                        + Timestamps.utcZ(first.session().expiration())
                        + ") it needs mfa_process in the profile (or --mfa-process) or a non-terminal --prompt "
                        + "driver (mfa_prompt) to renew it, "
                        + "or use exec --server, which asks on its terminal");
            }
        }
        // The server finds that session in the cache. It is not told to refresh again, nor given a
        // code that has been used: a later MFA session comes from mfa_process or a --prompt driver other
        // than terminal (both go to the server with the other options); it cannot ask a terminal.
        return startServer(line.arguments(Set.of(Option.FORCE_REFRESH, Option.MFA_TOKEN)), region);
    }

    private int startServer(List<String> serverArgs, String region) throws IOException, UsageException {
        Path dir = TrustedDirectories.ensure(context.sessions().sessionCache().dir());
        Path log = dir.resolve("serve-credentials-" + ProcessHandle.current().pid() + ".log");
        Files.deleteIfExists(log);
        Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ststoken.launch.Main",
                SERVER);
        Process server = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        // Arguments on stdin, NUL-terminated: an --external-id is no business of ps.
        try (OutputStream in = server.getOutputStream()) {
            List<String> records = new ArrayList<>();
            records.add(log.toString());
            records.addAll(serverArgs);
            for (String record : records) {
                in.write(record.getBytes(StandardCharsets.UTF_8));
                in.write(0);
            }
        }
        List<String> ready = ready(server, READY_DEADLINE);
        if (ready == null) {
            // Stalled (a credential_process or a key store that waits for something): eval must not hang.
            server.destroyForcibly();
            context.err().print(Files.readString(log, StandardCharsets.UTF_8));
            Files.deleteIfExists(log);
            context.note(
                    "the credential server did not start within " + READY_DEADLINE.toSeconds() + " s; it was stopped");
            return ExitCode.INTERNAL;
        }
        String uri = ready.get(0);
        String token = ready.get(1);
        if (uri == null || token == null) {
            int code;
            try {
                code = server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = ExitCode.INTERNAL;
            }
            // What the server said is the reason; it is ours to pass on (its messages hold no secrets).
            context.err().print(Files.readString(log, StandardCharsets.UTF_8));
            Files.deleteIfExists(log);
            context.note("the credential server did not start");
            return code == 0 ? ExitCode.INTERNAL : code;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
        vars.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
        if (region != null) {
            vars.put("AWS_REGION", region);
            vars.put("AWS_DEFAULT_REGION", region);
        }
        vars.put(PID_VARIABLE, Long.toString(server.pid()));
        context.out().print(CredentialsFormatter.shell(OutputFormat.ENV, vars));
        context.out().flush();
        context.note("serving credentials at " + uri + " in process " + server.pid() + " (log: " + log
                + "); stop it with: kill " + server.pid());
        return ExitCode.OK;
    }

    /**
     * The server's first two lines (endpoint and token; a null for each it ended without), or null when
     * they did not come within {@code deadline}.
     */
    static List<String> ready(Process server, Duration deadline) throws IOException {
        CompletableFuture<List<String>> lines = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                        String uri = in.readLine();
                        String token = uri == null ? null : in.readLine();
                        lines.complete(java.util.Arrays.asList(uri, token));
                    } catch (IOException e) {
                        lines.completeExceptionally(e);
                    }
                },
                "serve-credentials-ready");
        reader.setDaemon(true);
        reader.start();
        try {
            return lines.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        }
    }

    /**
     * The server process: arguments from stdin, the endpoint and token on stdout to the process that
     * started it (a pipe of ours, never the caller's), then serving until SIGTERM or SIGHUP.
     */
    int serve() throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        List<String> records = records(context.in().readAllBytes());
        if (records.isEmpty()) {
            throw new UsageException(SERVER + " is started by serve-credentials only");
        }
        Path log = Path.of(records.get(0));
        CommandLine line = CommandLine.parse("serve-credentials", OPTIONS, false, records.subList(1, records.size()));
        background = true;
        // A Ctrl-C at the prompt of the shell that ran eval reaches its whole process group, this one too.
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            // The log is a file in the user's cache: capped, as other users decide how much it says.
            PrintStream serverLog = new PrintStream(
                    new BoundedOutputStream(context.err(), LOG_LIMIT_BYTES), true, StandardCharsets.UTF_8);
            try (CredentialServer server = credentialServer(backend, settings, line, serverLog)) {
                context.out().println(server.uri());
                context.out().println(server.token());
                context.out().flush();
                context.note("serving credentials at " + server.uri() + " in process "
                        + ProcessHandle.current().pid() + " until SIGTERM");
                CountDownLatch stopped = new CountDownLatch(1);
                // Stopped as asked, the log goes: what it refused mattered while it ran. In the hook
                // itself, as the JVM may halt before this thread runs again.
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        Files.deleteIfExists(log);
                                    } catch (IOException e) {
                                        // left behind: private, and named after a pid
                                    }
                                    stopped.countDown();
                                },
                                "serve-credentials-shutdown"));
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ExitCode.OK;
            }
        }
    }

    /** NUL-terminated records. */
    static List<String> records(byte[] bytes) {
        List<String> records = new ArrayList<>();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (b == 0) {
                records.add(record.toString(StandardCharsets.UTF_8));
                record.reset();
            } else {
                record.write(b);
            }
        }
        return records;
    }
}
