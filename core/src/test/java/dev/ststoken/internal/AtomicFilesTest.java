package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writes_a_private_file_and_replaces_it_whole() throws Exception {
        Path file = dir.resolve("credentials");
        AtomicFiles.write(file, "one");
        AtomicFiles.write(file, "two");
        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        AtomicFiles.write(file, "three", PosixFilePermissions.fromString("rw-r-----"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void temporaries_abandoned_by_a_killed_writer_are_removed_but_not_a_live_writers() throws Exception {
        Path abandoned = Files.writeString(dir.resolve(".credentials.123.tmp"), "secret");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minusSeconds(3600)));
        Path live = Files.writeString(dir.resolve(".credentials.456.tmp"), "secret");
        Path other = Files.writeString(dir.resolve(".config.789.tmp"), "x");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minusSeconds(3600)));
        AtomicFiles.write(dir.resolve("credentials"), "new");
        assertThat(abandoned).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
    }

    /**
     * Files.createTempFile names its file with SecureRandom, which loads the JDK's security providers
     * (about 120 classes, a tenth of a cold get's) for a name nothing needs to be unguessable: the
     * temporary is created with O_EXCL in the target's directory. Counted in a JVM of its own.
     */
    @Test
    void writing_a_file_loads_no_security_provider() throws Exception {
        Path log = dir.resolve("classes.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xshare:off",
                        "-Xlog:class+load=info:file=" + log,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Write.class.getName(),
                        dir.resolve("sub/credentials").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
        assertThat(Files.readString(dir.resolve("sub/credentials"))).isEqualTo("written");
        assertThat(Files.readAllLines(log))
                .isNotEmpty()
                .noneMatch(line ->
                        line.contains(" java.security.SecureRandom ") || line.contains(" sun.security.provider."));
    }

    /** The writer {@link #writing_a_file_loads_no_security_provider} starts. */
    public static final class Write {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, "written");
        }
    }
}
