package dev.ststoken.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real peers (moto_server, boto3, the AWS CLI, ansible-playbook, oathtool). A missing peer skips
 * the test with a visible reason, except under STS_REQUIRE_PEERS=1 (CI), where it fails it.
 */
public final class Peers {
    private Peers() {}

    public static boolean required() {
        return "1".equals(System.getenv("STS_REQUIRE_PEERS"));
    }

    /** The absolute path of an executable on PATH, or skip/fail. */
    public static Path require(String executable) {
        Path found = which(executable);
        missing(found == null, executable + " is not on PATH");
        return found;
    }

    /** Skips (or fails in CI) when {@code condition} says the peer is missing. */
    public static void missing(boolean isMissing, String reason) {
        if (isMissing) {
            if (required()) {
                fail("peer required by STS_REQUIRE_PEERS=1 but missing: " + reason);
            }
            assumeTrue(false, "peer missing, test skipped: " + reason);
        }
    }

    public static Path which(String executable) {
        if (executable.contains("/")) {
            Path p = Path.of(executable);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Python 3 with the given modules importable. */
    public static Path requirePython(String... modules) {
        Path python = require("python3");
        StringBuilder code = new StringBuilder();
        for (String module : modules) {
            code.append("import ").append(module).append(';');
        }
        boolean ok;
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", code.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        missing(!ok, "python3 cannot import " + List.of(modules));
        return python;
    }
}
