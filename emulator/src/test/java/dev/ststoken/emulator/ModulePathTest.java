package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.ModulePathProgram;
import dev.ststoken.testing.Processes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module on the module path that starts the emulator ({@code requires dev.ststoken.emulator}) and
 * gets a session from it through core's front door, which the emulator's module gives it ({@code
 * requires transitive}): both descriptors, and core's exports to the emulator, as the JVM enforces them.
 */
class ModulePathTest {
    @TempDir
    Path dir;

    @Test
    void a_module_starts_the_emulator_and_gets_a_session_through_the_front_door() {
        Processes.Result result = ModulePathProgram.run(
                dir.resolve("app"),
                "module app {\n    requires dev.ststoken.emulator;\n}\n",
                """
                package app;

                import dev.ststoken.credentials.SessionCredentials;
                import dev.ststoken.emulator.DemoIdentity;
                import dev.ststoken.emulator.Emulator;
                import dev.ststoken.emulator.EmulatorConfig;
                import dev.ststoken.parameters.SessionParameters;
                import dev.ststoken.session.SessionRequest;
                import dev.ststoken.session.Sessions;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.time.Clock;
                import java.util.Map;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        Path dir = Path.of(args[0]);
                        try (Emulator sts = Emulator.start(EmulatorConfig.forTests(dir.resolve("state")))) {
                            DemoIdentity demo = sts.demoIdentity();
                            Sessions sessions = Sessions.create(
                                    Map.of(), Files.createDirectories(dir.resolve("home")), Clock.systemUTC());
                            SessionParameters parameters = SessionParameters.builder()
                                    .accessKeyId(demo.credentials().accessKeyId())
                                    .secretAccessKey(demo.credentials().secretAccessKey())
                                    .endpointUrl(sts.endpoint().toString())
                                    .region("us-east-1")
                                    .build();
                            SessionCredentials session =
                                    sessions.session(SessionRequest.of(parameters), null).session();
                            System.out.println(session.accessKeyId().startsWith("ASIA") + " "
                                    + !session.accessKeyId().equals(demo.credentials().accessKeyId()));
                        }
                    }
                }
                """.replace("Path.of(args[0])", "Path.of(\"" + dir.resolve("run") + "\")"),
                ModulePathProgram.projectModules(),
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("true true\n");
    }
}
