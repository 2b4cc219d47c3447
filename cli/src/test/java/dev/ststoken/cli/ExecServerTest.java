package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestClock;
import dev.ststoken.junit.TestUser;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** exec --server in-process against the emulator over HTTP, the job a child JVM asking the server. */
class ExecServerTest {
    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    /** The CLI's and the emulator's: codes of its steps, never a wait for the next one. */
    TestClock clock;

    CliRun cli;
    TestUser demo;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        clock = sts.clock();
        cli.clock = clock;
        demo = sts.demo();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile base]\nendpoint_url = " + sts.endpoint() + "\nmfa_serial = "
                        + demo.mfa().serial() + "\n");
    }

    /** The job: a JVM of the test classpath asking the credential server {@code count} times. */
    List<String> job(int count, Path answers, String... gate) {
        List<String> job = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CredentialFetches.class.getName(),
                Integer.toString(count),
                answers.toString()));
        job.addAll(List.of(gate));
        return job;
    }

    /** Waits for the job to reach a point; the run ending first is a failure, with what it said. */
    static void await(Path file, java.util.concurrent.CompletableFuture<CliRun.Result> run) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file)) {
            if (run.isDone()) {
                throw new AssertionError("ended before " + file.getFileName() + ": " + run.get());
            }
            assertThat(System.nanoTime()).as("waiting for " + file).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Reproduced: the server's later fetches were given the --mfa-token the first session spent, so
     * when the MFA session ran low the new GetSessionToken sent that code again and STS refused it
     * (the job got a 500 mid-run), where the README promises the code is asked for again (terminal or
     * mfa_process), as serve-credentials' server does.
     */
    @Test
    void a_later_mfa_session_is_asked_for_again_and_not_with_the_spent_command_line_code() throws Exception {
        Path answers = home.resolve("answers.txt");
        Path gate = Files.createDirectory(home.resolve("gate"));
        Path codeFile = home.resolve("code.txt");
        Files.writeString(
                home.resolve(".aws/config"),
                "mfa_process = /bin/cat " + codeFile + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        List<String> command = new java.util.ArrayList<>(List.of(
                "exec",
                "--server",
                "--profile",
                "base",
                "--duration-seconds",
                "900",
                "--mfa-token",
                demo.mfa().code(),
                "--"));
        command.addAll(job(2, answers, gate.toString()));
        java.util.concurrent.CompletableFuture<CliRun.Result> run =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> cli.run(command.toArray(String[]::new)));

        await(gate.resolve("fetched-0"), run);
        // Past the 300 s minimum TTL of the 900 s session: the next fetch needs a new MFA session.
        clock.advance(Duration.ofSeconds(700));
        Files.writeString(codeFile, demo.mfa().code() + "\n");
        Files.createFile(gate.resolve("go-0"));
        CliRun.Result r = run.get(120, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = Files.readAllLines(answers);
        assertThat(lines).as(r.toString()).hasSize(2).allMatch(line -> line.startsWith("200 ASIA"));
        assertThat(lines.get(1)).as("a new session").isNotEqualTo(lines.get(0));
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(2);
    }

    /**
     * Reproduced: every fetch of the server was given the command line's --force-refresh, so each
     * request of the job called GetSessionToken again, with the code already used (refused: the job
     * got a 500 from its second request on; without --mfa-token, a prompt per request).
     */
    @Test
    void force_refresh_gets_the_first_session_only_and_the_jobs_requests_share_it() throws Exception {
        Path answers = home.resolve("answers.txt");
        String code = demo.mfa().code();
        String[] args = {"exec", "--server", "--force-refresh", "--profile", "base", "--mfa-token", code, "--"};
        List<String> command = new java.util.ArrayList<>(List.of(args));
        command.addAll(job(3, answers));

        CliRun.Result r = cli.run(command.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = Files.readAllLines(answers);
        assertThat(lines).hasSize(3).allMatch(line -> line.startsWith("200 ASIA"));
        assertThat(lines).as("one session for every request").containsOnly(lines.get(0));
        assertThat(sts.emulator().actionCount("GetSessionToken"))
                .as("GetSessionToken calls")
                .isEqualTo(1);
    }

    @Test
    void force_refresh_still_replaces_a_good_cached_session_before_the_job_starts() throws Exception {
        Path answers = home.resolve("answers.txt");
        CliRun.Result get =
                cli.run("get", "--profile", "base", "--mfa-token", demo.mfa().code(), "--output", "env");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        List<String> command = new java.util.ArrayList<>(List.of(
                "exec",
                "--server",
                "--force-refresh",
                "--profile",
                "base",
                "--mfa-token",
                demo.mfa().code(),
                "--"));
        command.addAll(job(2, answers));

        CliRun.Result r = cli.run(command.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sts.emulator().actionCount("GetSessionToken")).isEqualTo(2);
        List<String> lines = Files.readAllLines(answers);
        assertThat(lines).hasSize(2).containsOnly(lines.get(0));
        assertThat(get.stdout()).doesNotContain(lines.get(0).substring(4));
    }
}
