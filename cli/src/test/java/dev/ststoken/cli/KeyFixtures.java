package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Real key store backends in a throw-away home, a scripted terminal, and a search of the home for secrets. */
final class KeyFixtures {
    private KeyFixtures() {}

    /** Answers prompts from a script and records what was shown; fails a test that asks more than scripted. */
    static class ScriptedTerminal implements Terminal {
        final Deque<String> answers = new ArrayDeque<>();
        final StringBuilder shown = new StringBuilder();
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal answer(String... lines) {
            answers.addAll(List.of(lines));
            return this;
        }

        @Override
        public void show(String text) {
            shown.append(text);
        }

        @Override
        public String readLine(String prompt) throws ConfigException {
            prompts.add(prompt);
            shown.append(prompt);
            String answer = next(prompt);
            if (answer == null) {
                throw new ConfigException("the terminal closed before an answer was typed");
            }
            return answer;
        }

        /** The next answer; overridden where an answer depends on what was shown (MFA codes). */
        String next(String prompt) {
            return answers.poll();
        }

        @Override
        public char[] readSecret(String prompt) throws ConfigException {
            return readLine(prompt).toCharArray();
        }
    }

    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    interface Command {
        int run(CommandContext context) throws Exception;
    }

    static Run run(Map<String, String> env, Path home, Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandContext context = new CommandContext(
                new ByteArrayInputStream(new byte[0]), outStream, errStream, env, Clock.systemUTC(), home);
        int code;
        try {
            code = command.run(context);
        } catch (ConfigException e) {
            errStream.println(Cli.NAME + ": " + e.getMessage());
            code = ExitCode.USAGE;
        } catch (dev.ststoken.errors.StsServiceException e) {
            errStream.println(Cli.NAME + ": " + e.code() + ": " + e.awsMessage());
            code = ExitCode.REFUSED;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The environment a store's helper needs besides HOME: PATH, and the store's own variables. */
    static Map<String, String> baseEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("USER", "alice");
        return env;
    }

    /** A private D-Bus session with an unlocked GNOME Keyring, its files under {@code home}. */
    static final class SecretService implements AutoCloseable {
        final String busAddress;
        private final Process process;

        SecretService(Path home) throws IOException {
            Peers.require("dbus-run-session");
            Peers.require("gnome-keyring-daemon");
            Peers.require("secret-tool");
            Peers.require("dbus-send");
            // The daemon forks and owns the Secret Service name a moment later; a client calling before that
            // would have D-Bus start a second, locked daemon. So the address is given out only once it is owned.
            ProcessBuilder builder = new ProcessBuilder(
                    "dbus-run-session",
                    "--",
                    "sh",
                    "-c",
                    "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
                            + "for i in $(seq 1 200); do dbus-send --session --print-reply --dest=org.freedesktop.DBus / "
                            + "org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null "
                            + "| grep -q 'boolean true' && break; sleep 0.05; done; "
                            + "echo \"$DBUS_SESSION_BUS_ADDRESS\"; exec sleep 600");
            builder.environment().putAll(baseEnv(home));
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            process = builder.start();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            busAddress = reader.readLine();
            try {
                assertThat(busAddress).as("D-Bus session address").isNotBlank();
                awaitUnlocked(home);
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }

        /** The keyring daemon answers a moment after it forked; wait until it takes an item. */
        private void awaitUnlocked(Path home) {
            Map<String, String> env = baseEnv(home);
            env.put("DBUS_SESSION_BUS_ADDRESS", busAddress);
            Processes.Result probe = null;
            for (int i = 0; i < 50; i++) {
                probe = Processes.run(
                        List.of(
                                "sh",
                                "-c",
                                "printf probe | secret-tool store --label=probe service "
                                        + "sts-session-token-probe && secret-tool clear service sts-session-token-probe"),
                        env,
                        null,
                        null,
                        Duration.ofSeconds(30));
                if (probe.exitCode() == 0) {
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            throw new AssertionError("GNOME Keyring never unlocked: " + probe);
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** A GPG key without passphrase (batch mode) and a pass store for it, both under {@code home}. */
    static Map<String, String> pass(Path home) throws IOException {
        Peers.require("gpg");
        Peers.require("pass");
        Map<String, String> env = baseEnv(home);
        Path gnupg = home.resolve(".gnupg");
        Files.createDirectories(gnupg);
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        env.put("GNUPGHOME", gnupg.toString());
        Processes.Result key = Processes.run(
                List.of(
                        "gpg",
                        "--batch",
                        "--pinentry-mode",
                        "loopback",
                        "--passphrase",
                        "",
                        "--quick-gen-key",
                        "sts test <sts-test@example.com>",
                        "default",
                        "default",
                        "never"),
                env,
                home,
                null,
                Duration.ofSeconds(120));
        assertThat(key.exitCode()).as(key.toString()).isZero();
        Processes.Result init =
                Processes.run(List.of("pass", "init", "sts-test@example.com"), env, home, null, Duration.ofSeconds(60));
        assertThat(init.exitCode()).as(init.toString()).isZero();
        return env;
    }

    static void stopGpgAgent(Map<String, String> env) {
        if (env.containsKey("GNUPGHOME")) {
            Processes.run(List.of("gpgconf", "--kill", "gpg-agent"), env, null, null, Duration.ofSeconds(30));
        }
    }

    /** Every regular file under {@code dir} whose bytes contain {@code secret}. */
    static List<Path> filesContaining(Path dir, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && contains(Files.readAllBytes(file), needle)) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
