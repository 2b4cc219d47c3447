package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.LoadedClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache write (lock, temporary file, rename) is part of every cache miss, and each class it loads
 * is linked at every start once the AOT cache holds it. Files.createTempFile named the temporary from
 * SecureRandom (the JCA provider framework, about 80 classes), PosixFilePermissions.fromString built
 * an EnumSet (the enum's constants by reflection: method handles spun with the class-file API), and
 * two lambdas spun classes of their own; then ProcessHandle.current(), for the temporary's name, started
 * the JDK's process reaper (33 classes).
 */
class FileWritesLoadTest {
    @TempDir
    Path dir;

    @Test
    void a_locked_atomic_write_loads_no_heavy_or_spun_classes() throws Exception {
        List<String> classes = LoadedClasses.of(dir, LockedWrite.class, dir.toString());
        assertThat(classes).contains(AtomicFiles.class.getName(), FileLocks.class.getName());
        // ProcessHandle.current() starts the JDK's process reaper (a thread pool, spun lambdas).
        assertThat(classes).doesNotContain("java.lang.ProcessHandleImpl");
        LoadedClasses.assertLight("a locked write", classes);
        Path file = dir.resolve("session.json");
        assertThat(Files.readString(file)).isEqualTo("{}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("session.json.lock"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary left")
                    .allMatch(name -> !name.endsWith(".tmp"));
        }
    }

    /** The child JVM's work: what SessionCache does to store a session. */
    public static final class LockedWrite {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            try (AutoCloseable lock = FileLocks.acquire(dir.resolve("session.json.lock"))) {
                AtomicFiles.write(dir.resolve("session.json"), "{}\n");
            }
        }
    }
}
