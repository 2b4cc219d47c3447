package dev.ststoken.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * An installed release as install.sh leaves one (bin/, lib/ with RELEASE), made from the distribution
 * folder: what STS_SESSION_TOKEN_LAUNCHER names for the Ansible modules and Bolt tasks. It has no
 * runtime of its own, so it runs on the test's Java; the release module tests the real archive.
 */
final class DistRelease {
    private DistRelease() {}

    /** Copies DIST's bin/ and lib/ into {@code dir} (0755 dirs, no write for group or others); returns its launcher. */
    static Path install(Path dist, Path dir) throws IOException {
        for (String sub : new String[] {"bin", "lib"}) {
            Path target = Files.createDirectories(dir.resolve(sub));
            try (Stream<Path> files = Files.list(dist.resolve(sub))) {
                for (Path file : files.toList()) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        Files.writeString(dir.resolve("lib/RELEASE"), "version=test\nruntime=system Java 17+\n");
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                Files.setPosixFilePermissions(
                        path,
                        PosixFilePermissions.fromString(
                                Files.isDirectory(path) || Files.isExecutable(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir.resolve("bin/sts-session-token");
    }
}
