package dev.ststoken.keystore;

import dev.ststoken.errors.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program (secret-tool, pass, a credential_process) with the caller's environment,
 * a secret on its stdin rather than in its argv, and a time limit. Its stdout is captured (it may be
 * a secret, so it never reaches a message); its stderr is captured too and only its first line is
 * shown when the program fails, because helpers such as gpg say there why they refused.
 */
final class ExternalCommand {
    private static final int MAX_OUTPUT = 1 << 16;

    /** What a finished program left: its exit code, stdout (possibly secret) and stderr. */
    record Result(int exitCode, String stdout, String stderr) {
        String firstErrorLine() {
            String text = stderr.strip();
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            StringBuilder clean = new StringBuilder();
            for (int i = 0; i < line.length() && clean.length() < 200; i++) {
                char c = line.charAt(i);
                clean.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
            return clean.toString();
        }

        @Override
        public String toString() {
            return "Result[exit " + exitCode + "]";
        }
    }

    private ExternalCommand() {}

    /**
     * @param stdin   written to the program's stdin then closed; null for none
     * @param inheritStderr let the program talk to the person (gpg's pinentry, a credential_process prompt)
     */
    static Result run(
            List<String> command,
            Map<String, String> env,
            byte[] stdin,
            Duration timeout,
            boolean inheritStderr,
            String what)
            throws ConfigException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (inheritStderr) {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ConfigException(what + ": cannot run " + command.get(0) + " (is it installed and on PATH?)");
        }
        Reader out = new Reader(process.getInputStream());
        Reader err = new Reader(inheritStderr ? InputStream.nullInputStream() : process.getErrorStream());
        Thread outThread = start(out, "helper-stdout");
        Thread errThread = start(err, "helper-stderr");
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the program exited without reading; its exit code says why
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new ConfigException(what + ": " + command.get(0) + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped");
            }
            outThread.join(2000);
            errThread.join(2000);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new ConfigException(what + ": interrupted while waiting for " + command.get(0));
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    private static Thread start(Runnable reader, String name) {
        Thread thread = new Thread(reader, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static final class Reader implements Runnable {
        private final InputStream stream;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Reader(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (InputStream in = stream) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (bytes) {
                        if (bytes.size() < MAX_OUTPUT) {
                            bytes.write(buffer, 0, Math.min(n, MAX_OUTPUT - bytes.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // the program went away; what was read is what we have
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
