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
}
