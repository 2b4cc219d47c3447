package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/WhoAmI.java}, compiled with the JDK's compiler against the jars an application
 * would have and run in a JVM of its own, as its user would run it: a profile with
 * {@code mfa_serial} and {@code mfa_process}, no terminal, the emulator as the endpoint.
 */
class ExampleProgramTest {
    static final Path EXAMPLE = Path.of(System.getProperty("examples.dir", "../examples"), "WhoAmI.java");

    @TempDir
    Path dir;

    @RegisterExtension
    final StsEmulatorExtension emulator = StsEmulatorExtension.create();

    EmulatorProfile aws;

    @BeforeEach
    void start() throws Exception {
        aws = EmulatorProfile.of(emulator, dir);
    }

    @Test
    void the_example_program_gets_an_mfa_session_for_a_profile_with_mfa_serial() throws Exception {
        Path ran = dir.resolve("mfa-process-ran");
        aws.writeProfile("mfa_process = touch " + ran + "; echo " + aws.currentCode() + "\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = SharedCacheWithCliTest.testClassPath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(
                        null,
                        null,
                        null,
                        "-Xlint:all",
                        "-Werror",
                        "-cp",
                        classPath,
                        "-d",
                        classes.toString(),
                        EXAMPLE.toString()))
                .as("javac exit code")
                .isZero();

        Map<String, String> env = aws.environment();
        env.put("AWS_PROFILE", EmulatorProfile.PROFILE);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Processes.Result result = Processes.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classes + java.io.File.pathSeparator + classPath,
                        "WhoAmI"),
                env,
                dir,
                null,
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout())
                .isEqualTo("arn:aws:iam::" + aws.emulator.accountId() + ":user/demo\nMFA devices: 1\n");
        assertThat(ran).exists();
        assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
    }
}
