package dev.ststoken.session;

import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mfa_process} (e.g. {@code ykman oath accounts code -s aws}) through {@code sh -c}, as
 * aws-vault does, and takes the last six-digit word of its stdout as the code. Its stderr goes to
 * ours so that a touch-your-key prompt is visible. A process that hangs (a key nobody touches, a
 * password manager waiting for a GUI) is stopped after a timeout instead of hanging the caller.
 */
final class MfaProcess {
    /** After this, the person is told what we are waiting for: a silent hang looks like our bug. */
    static final Duration NOTICE_AFTER = Duration.ofSeconds(2);

    private static final int MAX_OUTPUT = 4096;

    private MfaProcess() {}

    static String run(String command, Duration timeout, MfaPrompt listener) throws ConfigException {
        return run(List.of("/bin/sh", "-c", command), "mfa_process", timeout, listener);
    }

    /**
     * Runs {@code argv} (a prompt driver: a dialog, ykman) the same way, {@code name} saying it in
     * messages. Nothing secret is ever in {@code argv}: the code only comes back on its stdout.
     */
    static String run(List<String> argv, String name, Duration timeout, MfaPrompt listener) throws ConfigException {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ConfigException("cannot run " + name + ": " + argv.get(0) + " could not be started"
                    + (argv.get(0).contains("/") ? "" : " (is it installed and on PATH?)"));
        }
        OutputReader reader = new OutputReader(process.getInputStream());
        Thread readerThread = new Thread(reader, "mfa-process-output");
        readerThread.setDaemon(true);
        readerThread.start();
        try {
            if (!process.waitFor(Math.min(NOTICE_AFTER.toMillis(), timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                listener.notice("waiting for " + name + " (up to " + timeout.toSeconds() + " s)");
                if (!process.waitFor(timeout.toMillis() - NOTICE_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                    stop(process);
                    throw new ConfigException(name + " did not finish within " + timeout.toSeconds()
                            + " s and was stopped ({MFA_PROCESS_TIMEOUT} sets the limit)");
                }
            }
            readerThread.join(1000);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while waiting for " + name);
        }
        if (process.exitValue() == 127 && argv.get(0).equals("/bin/sh")) {
            // sh's "not found": for --prompt, most likely a driver's name mistyped.
            throw new ConfigException(name + " failed with exit code 127: sh did not find the command"
                    + (name.equals("mfa_prompt")
                            ? " (the drivers are " + String.join(", ", PromptDriver.NAMES)
                                    + "; anything else is run as a command)"
                            : ""));
        }
        if (process.exitValue() != 0) {
            throw new ConfigException(name + " failed with exit code " + process.exitValue() + " (no MFA code)");
        }
        return lastCode(reader.text(), name);
    }

    /** Its children too: {@code sh -c 'sleep 100'} leaves a sleep holding our pipe open. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last word of six digits (a code shown as "123 456" counts); never echoes what was printed. */
    static String lastCode(String output) throws ConfigException {
        return lastCode(output, "mfa_process");
    }

    static String lastCode(String output, String name) throws ConfigException {
        String[] words = output.trim().split("\\s+");
        for (int i = words.length - 1; i >= 0; i--) {
            if (Validation.isTokenCode(words[i])) {
                return words[i];
            }
            if (i > 0 && Validation.isTokenCode(words[i - 1] + words[i])) {
                return words[i - 1] + words[i];
            }
        }
        throw new ConfigException(name + " printed no six-digit code");
    }

    /** Reads stdout while the process runs, so a chatty process never blocks on a full pipe. */
    private static final class OutputReader implements Runnable {
        private final InputStream stream;
        private volatile String text = "";

        OutputReader(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public void run() {
            // Published after every read: a background child of the process may keep the pipe open.
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[512];
            try (InputStream in = stream) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (head.size() < MAX_OUTPUT) {
                        head.write(buffer, 0, Math.min(n, MAX_OUTPUT - head.size()));
                        text = head.toString(StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is what we have
            }
        }

        String text() {
            return text;
        }
    }
}
