package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.ModulePathProgram;
import dev.ststoken.testing.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension used from a module on the module path, outside JUnit ({@code start()} and
 * {@code close()}), with the SDK's sts module: its descriptor exports the fixtures, requires JUnit,
 * core and the emulator, and reads the SDK the application brings ({@code requires static}).
 */
class ModulePathTest {
    @TempDir
    Path dir;

    @Test
    void a_module_uses_the_extension_and_the_sdk_on_the_module_path() {
        List<Path> modulePath = new ArrayList<>(ModulePathProgram.projectModules());
        modulePath.addAll(ModulePathProgram.jars(
                "/software/amazon/awssdk/",
                "/org/reactivestreams/",
                "/org/slf4j/",
                "/org/junit/jupiter/junit-jupiter-api/",
                "/org/junit/platform/junit-platform-commons/",
                "/org/opentest4j/",
                "/org/apiguardian/"));
        // The application's HTTP client is url-connection-client; the SDK's Apache one would need its own jars.
        modulePath.removeIf(jar -> jar.toString().contains("/software/amazon/awssdk/apache"));
        Processes.Result result = ModulePathProgram.run(
                dir,
                "module app {\n"
                        + "    requires dev.ststoken.junit;\n"
                        + "    requires software.amazon.awssdk.services.sts;\n"
                        + "}\n",
                """
                package app;

                import dev.ststoken.junit.StsEmulatorExtension;
                import dev.ststoken.junit.TestRole;
                import dev.ststoken.junit.TestUser;
                import software.amazon.awssdk.services.sts.StsClient;
                import software.amazon.awssdk.services.sts.model.StsException;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        try (StsEmulatorExtension sts = StsEmulatorExtension.create()) {
                            sts.start();
                            TestUser alice = sts.user("alice").withAccessKey().withMfaDevice();
                            TestRole deploy = sts.role("deploy").trustingWithMfa(alice);
                            try (StsClient client = sts.stsClient(alice.credentialsProvider())) {
                                try {
                                    client.assumeRole(r -> r.roleArn(deploy.arn()).roleSessionName("ci"));
                                    System.out.println("allowed without MFA");
                                } catch (StsException e) {
                                    System.out.println("without MFA: " + e.awsErrorDetails().errorCode());
                                }
                                String arn = client.assumeRole(r -> r.roleArn(deploy.arn()).roleSessionName("ci")
                                                .serialNumber(alice.mfa().serial())
                                                .tokenCode(alice.mfa().nextCode()))
                                        .assumedRoleUser()
                                        .arn();
                                System.out.println("with MFA: " + arn);
                            }
                            System.out.println("log: " + sts.takeRequest().errorCode() + " " + sts.takeRequest().allowed());
                        }
                    }
                }
                """,
                modulePath,
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout())
                .startsWith("without MFA: AccessDenied\nwith MFA: arn:aws:sts::")
                .contains(":assumed-role/deploy/ci\n")
                .endsWith("log: AccessDenied true\n");
    }
}
