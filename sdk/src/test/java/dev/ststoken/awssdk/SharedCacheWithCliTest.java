package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ststoken.internal.Json;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line tool in a child JVM and the provider in this one, asking for the same profile at
 * the same moment: whichever takes the cache lock first calls STS, the other waits on the lock and
 * reuses its session. The overlap is made certain, not hoped for: the first one holds the lock until
 * the kernel's lock table ({@code /proc/locks}) shows the second one blocked on it.
 */
class SharedCacheWithCliTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StsEmulatorExtension emulator = StsEmulatorExtension.create();

    EmulatorProfile aws;

    @BeforeEach
    void start() throws Exception {
        // A separate process cannot share the test clock: the CLI and the provider sign and judge expiry
        // by the real one here (the emulator accepts their signatures however far apart the clocks are).
        aws = EmulatorProfile.of(emulator, dir);
        assumeTrue(
                Files.isReadable(Path.of("/proc/locks")), "needs Linux's /proc/locks to see a process wait on a lock");
    }

    @Test
    void the_cli_waits_for_the_jvms_sts_call_and_reuses_its_session() throws Exception {
        String code = aws.currentCode();
        CountDownLatch providerHoldsTheLock = new CountDownLatch(1);
        AtomicReference<Process> cli = new AtomicReference<>();
        MfaSessionCredentialsProvider provider = aws.provider()
                .clock(Clock.systemUTC())
                .mfaCodeSupplier(serial -> {
                    providerHoldsTheLock.countDown();
                    awaitBlockedOnLock(
                            cli::get, () -> cli.get() == null ? -1 : cli.get().pid());
                    return code;
                })
                .build();
        CompletableFuture<String> jvm = CompletableFuture.supplyAsync(
                () -> provider.resolveCredentials().accessKeyId());
        assertThat(providerHoldsTheLock.await(30, TimeUnit.SECONDS)).isTrue();
        // The CLI gets a code too, so had it won the race it would have called STS itself.
        Process process = startCli("get", "--profile", EmulatorProfile.PROFILE, "--mfa-token", code, "-o", "json");
        cli.set(process);
        String jvmKey = jvm.get(60, TimeUnit.SECONDS);
        Map<String, Object> printed = Json.parseObject(finish(process));

        assertThat(printed.get("changed")).isEqualTo(false);
        assertThat(((Map<?, ?>) printed.get("sts_creds")).get("access_key")).isEqualTo(jvmKey);
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
    }

    @Test
    void the_jvm_waits_for_the_clis_sts_call_and_reuses_its_session() throws Exception {
        String code = aws.currentCode();
        Path go = dir.resolve("go");
        // The CLI's mfa_process holds the CLI inside the lock until the provider is seen waiting for it.
        aws.writeProfile("mfa_process = while [ ! -e " + go + " ]; do sleep 0.05; done; echo " + code + "\n");
        Process process = startCli("get", "--profile", EmulatorProfile.PROFILE, "-o", "json");
        awaitHoldingLock(process, aws.cacheDir.resolve("sts-session-token"));
        MfaSessionCredentialsProvider provider = aws.provider()
                .clock(Clock.systemUTC())
                .mfaCodeSupplier(serial -> {
                    throw new AssertionError("the CLI's session must be reused, not a code asked for");
                })
                .build();
        CompletableFuture<String> jvm = CompletableFuture.supplyAsync(
                () -> provider.resolveCredentials().accessKeyId());
        awaitBlockedOnLock(() -> process, () -> ProcessHandle.current().pid());
        Files.createFile(go);
        Map<String, Object> printed = Json.parseObject(finish(process));

        assertThat(printed.get("changed")).isEqualTo(true);
        assertThat(jvm.get(60, TimeUnit.SECONDS)).isEqualTo(((Map<?, ?>) printed.get("sts_creds")).get("access_key"));
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
    }

    /** The command line tool as its launcher runs it: its main class in a JVM of its own. */
    Process startCli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                testClassPath(),
                "dev.ststoken.launch.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(aws.environment());
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return builder.start();
    }

    /** Surefire starts this JVM from a manifest-only jar; it says the real class path in a property. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static String finish(Process process) throws Exception {
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(new Processes.Result(
                                process.exitValue(),
                                out,
                                new String(err.get(), java.nio.charset.StandardCharsets.UTF_8))
                        .toString())
                .isZero();
        return out.strip();
    }

    /** Waits until the process {@code pid} names is queued behind a lock in the kernel's lock table; fails if the CLI ends first. */
    static void awaitBlockedOnLock(java.util.function.Supplier<Process> cli, java.util.function.LongSupplier pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                Process process = cli.get();
                if (process != null && !process.isAlive()) {
                    throw new AssertionError("the CLI ended early: "
                            + new String(process.getInputStream().readAllBytes())
                            + new String(process.getErrorStream().readAllBytes()));
                }
                for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 5
                            && fields[1].equals("->")
                            && fields[5].equals(Long.toString(pid.getAsLong()))) {
                        return;
                    }
                }
                Thread.sleep(20);
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("process " + pid.getAsLong() + " never waited for the cache lock");
    }

    /**
     * Waits until the kernel's lock table shows the process holding a POSIX lock on a lock file of
     * the cache directory (not just any lock: a JVM takes others of its own while it starts).
     */
    static void awaitHoldingLock(Process process, Path cacheDir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the CLI ended early: "
                        + new String(process.getErrorStream().readAllBytes()));
            }
            java.util.Set<String> inodes = new java.util.HashSet<>();
            if (Files.isDirectory(cacheDir)) {
                try (java.util.stream.Stream<Path> files = Files.list(cacheDir)) {
                    for (Path file :
                            (Iterable<Path>) files.filter(f -> f.toString().endsWith(".lock"))::iterator) {
                        inodes.add(Files.getAttribute(file, "unix:ino").toString());
                    }
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 5
                        && fields[1].equals("POSIX")
                        && fields[4].equals(Long.toString(process.pid()))
                        && inodes.contains(fields[5].substring(fields[5].lastIndexOf(':') + 1))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the CLI never took the cache lock");
    }

    /** Waits for the CLI to create the cache directory (it takes the lock right after). */
    static void awaitFile(Path path, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(path) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Duration.ofNanos(deadline - System.nanoTime())).isPositive();
    }
}
