package dev.ststoken.session;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.errors.ConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks for the code without a terminal, as aws-vault's prompt drivers do: {@code --prompt} or the
 * profile's {@code mfa_prompt} names a dialog (zenity, kdialog, osascript), a YubiKey (ykman), or
 * any command whose stdout is the code (run with {@code sh -c}, as mfa_process is). The credential
 * server and the SDK provider ask this way when a session runs out in the middle of a long job,
 * where no terminal may be listening; a desktop notification (notify-send, where installed) says
 * that a code is wanted. The code only ever comes back on a driver's stdout: no argv holds it, only
 * the serial or the YubiKey account name.
 */
final class PromptDriver {
    /** The drivers by name; any other value is a command. */
    static final List<String> NAMES = List.of("terminal", "zenity", "kdialog", "osascript", "ykman");

    static final String TITLE = "sts-session-token";

    private PromptDriver() {}

    /**
     * The code of {@code settings}' MFA device from their driver.
     *
     * @param listener told what is going on (touch the key, a slow driver), on the terminal when there is one
     */
    static String ask(ResolvedSettings settings, MfaPrompt listener) throws ConfigException {
        String driver = settings.mfaPrompt();
        String serial = settings.mfaSerial();
        Duration timeout = Duration.ofSeconds(settings.mfaProcessTimeoutSeconds());
        String question = "MFA code for " + serial;
        switch (driver) {
            case "zenity" -> {
                notifyDesktop(question);
                return MfaProcess.run(
                        List.of("zenity", "--entry", "--hide-text", "--title", TITLE, "--text", question),
                        "zenity",
                        timeout,
                        listener);
            }
            case "kdialog" -> {
                notifyDesktop(question);
                return MfaProcess.run(
                        List.of("kdialog", "--title", TITLE, "--password", question), "kdialog", timeout, listener);
            }
            case "osascript" -> {
                // The serial goes in as an argument of the script, never into its text: no quoting to get wrong.
                return MfaProcess.run(
                        List.of(
                                "osascript",
                                "-e",
                                "on run argv",
                                "-e",
                                "text returned of (display dialog (\"MFA code for \" & item 1 of argv)"
                                        + " default answer \"\" with hidden answer with title \"" + TITLE + "\")",
                                "-e",
                                "end run",
                                serial),
                        "osascript",
                        timeout,
                        listener);
            }
            case "ykman" -> {
                String account = settings.ykmanAccount() != null
                                && !settings.ykmanAccount().isBlank()
                        ? settings.ykmanAccount()
                        : serial;
                listener.notice(
                        "touch your YubiKey for the MFA code of " + serial + " (ykman account " + account + ")");
                notifyDesktop("touch your YubiKey for the MFA code of " + serial);
                return MfaProcess.run(
                        List.of("ykman", "oath", "accounts", "code", "--single", account), "ykman", timeout, listener);
            }
            default -> {
                notifyDesktop(question);
                return MfaProcess.run(List.of("/bin/sh", "-c", driver), "mfa_prompt", timeout, listener);
            }
        }
    }

    /**
     * A desktop notification, where notify-send is installed: a dialog may open behind other
     * windows, a YubiKey waits silently for a touch, and a long job's re-prompt comes when nobody
     * watches. Best effort: a missing or failing notify-send changes nothing.
     */
    static void notifyDesktop(String message) {
        Path notifySend = onPath("notify-send");
        if (notifySend == null) {
            return;
        }
        try {
            Process p = new ProcessBuilder(notifySend.toString(), "--app-name=" + TITLE, TITLE, message)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no notification; the driver still asks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
