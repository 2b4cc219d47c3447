package dev.ststoken.session;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mfa_process} (e.g. {@code ykman oath accounts code -s aws}) through {@code sh -c}, as
 * aws-vault does, and takes the last six-digit word of its stdout as the code. Its stderr goes to
 * ours so that a touch-your-key prompt is visible.
 */
public final class MfaProcess {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private MfaProcess() {}

    public static String run(String command) throws ConfigException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ConfigException("mfa_process did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new ConfigException("mfa_process failed with exit code " + process.exitValue());
            }
            String[] words = new String(out, StandardCharsets.UTF_8).trim().split("\\s+");
            String last = words.length == 0 ? "" : words[words.length - 1];
            return Validation.checkTokenCode(last);
        } catch (IOException e) {
            throw new ConfigException("cannot run mfa_process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while waiting for mfa_process");
        }
    }
}
