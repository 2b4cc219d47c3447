package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.testing.ModulePathProgram;
import dev.ststoken.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/WhoAmI.java} as a module of its own on the module path ({@code requires
 * dev.ststoken.awssdk} and the SDK's sts and iam), with our modules and the SDK's jars there too: the
 * provider's descriptor requires what it loads and core exports what the provider reaches, at run time.
 */
class ModulePathTest {
    @TempDir
    Path dir;

    @Test
    void the_example_runs_as_a_module_on_the_module_path() throws Exception {
        try (StsEmulatorExtension emulator = StsEmulatorExtension.create().start()) {
            EmulatorProfile aws = EmulatorProfile.of(emulator, dir);
            aws.writeProfile("mfa_process = echo " + aws.currentCode() + "\n");
            String example = Files.readString(ExampleProgramTest.EXAMPLE, StandardCharsets.UTF_8)
                    .replace("public class WhoAmI", "public class Main");
            List<Path> modulePath = new ArrayList<>(ModulePathProgram.projectModules());
            modulePath.addAll(
                    ModulePathProgram.jars("/software/amazon/awssdk/", "/org/reactivestreams/", "/org/slf4j/"));
            // The application's HTTP client is url-connection-client; the SDK's Apache one would need its own jars.
            modulePath.removeIf(jar -> jar.toString().contains("/software/amazon/awssdk/apache"));
            Map<String, String> env = aws.environment();
            env.put("AWS_PROFILE", EmulatorProfile.PROFILE);
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

            Processes.Result result = ModulePathProgram.run(
                    dir.resolve("app"),
                    "module app {\n"
                            + "    requires dev.ststoken.awssdk;\n"
                            + "    requires software.amazon.awssdk.services.sts;\n"
                            + "    requires software.amazon.awssdk.services.iam;\n"
                            + "}\n",
                    "package app;\n" + example,
                    modulePath,
                    env);

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout())
                    .isEqualTo("arn:aws:iam::" + aws.emulator.accountId() + ":user/demo\nMFA devices: 1\n");
            assertThat(aws.getSessionTokenCalls()).isEqualTo(1);
        }
    }
}
