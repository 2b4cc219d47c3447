package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/junit-mfa, a service's own Maven build that depends on sts-session-token-testing by
 * coordinates, built and tested as its developer would (./mvnw test), against this build's jars and
 * POMs put in a throw-away local repository under target/ (never ~/.m2), the third-party artifacts
 * coming from ~/.m2 through a file:// mirror: no network. Its tests are the ones a Java developer
 * writes: the service assumes a role with MFA; without MFA (or with a wrong code) it is denied.
 */
class ExampleProjectIT {
    static final Path ROOT =
            Path.of(System.getProperty("repo.root")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("example.work.dir")).toAbsolutePath();
    static final String VERSION = System.getProperty("project.version.under.test");
    static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

    /** The artifacts the example's build resolves from this reactor, with the POMs their own POMs inherit. */
    static final List<String> MODULES = List.of("core", "emulator", "testing");

    @Test
    void the_example_project_builds_and_its_tests_pass_against_this_builds_artifacts() throws IOException {
        Path wrapperMaven = Path.of(System.getProperty("user.home"), ".m2", "wrapper", "dists");
        Peers.missing(
                !Files.isDirectory(M2.resolve("software/amazon/awssdk/sts")) || !Files.isDirectory(wrapperMaven),
                "~/.m2 has no AWS SDK or Maven wrapper distribution to build examples/junit-mfa offline from");

        deleteTree(WORK);
        Path repo = Files.createDirectories(WORK.resolve("repository"));
        install(repo, "sts-session-token-parent", ROOT.resolve("pom.xml"), null);
        for (String module : MODULES) {
            String artifact = "sts-session-token-" + module;
            Path jar = ROOT.resolve(module + "/target/" + artifact + "-" + VERSION + ".jar");
            assertThat(jar).as("built by this reactor before dist").exists();
            install(repo, artifact, ROOT.resolve(module + "/pom.xml"), jar);
        }
        Path project = copyTree(ROOT.resolve("examples/junit-mfa"), WORK.resolve("junit-mfa"));
        Path settings = WORK.resolve("settings.xml");
        Files.writeString(
                settings,
                "<settings>\n"
                        + "  <localRepository>" + repo + "</localRepository>\n"
                        + "  <mirrors>\n"
                        + "    <mirror><id>this-machine</id><mirrorOf>*</mirrorOf><url>" + M2.toUri()
                        + "</url></mirror>\n"
                        + "  </mirrors>\n"
                        + "</settings>\n",
                StandardCharsets.UTF_8);

        Map<String, String> env = new HashMap<>();
        env.put("HOME", System.getProperty("user.home"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Processes.Result build = Processes.run(
                List.of(
                        ROOT.resolve("mvnw").toString(),
                        "-B",
                        "-s",
                        settings.toString(),
                        "-Dsts-session-token.version=" + VERSION,
                        "test"),
                env,
                project,
                null,
                Duration.ofMinutes(10));

        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.stdout())
                .contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0")
                .contains("BUILD SUCCESS");
        // Our artifacts came from the throw-away repository, the rest from ~/.m2: nothing was downloaded.
        assertThat(build.stdout()).doesNotContain("Downloading from central");
        assertThat(repo.resolve("dev/ststoken/sts-session-token-testing/" + VERSION))
                .isDirectory();
    }

    /** Lays out one artifact as a local repository holds it (what mvn install would write there). */
    static void install(Path repo, String artifact, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/ststoken/" + artifact + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path relative = from.relativize(source);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
