package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ststoken.config.ConfigException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal is a file here: the prompt reads and appends to the same path, as it does with /dev/tty. */
class TerminalPromptTest {
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/me";

    @TempDir
    Path dir;

    @Test
    void asks_on_the_terminal_and_accepts_the_code_with_a_space() throws Exception {
        Path tty = dir.resolve("tty");
        Files.writeString(tty, "123 456\n");
        assertThat(new TerminalPrompt(tty).ask(SERIAL)).isEqualTo("123456");
        assertThat(Files.readString(tty)).endsWith("Enter MFA code for " + SERIAL + ": ");
    }

    @Test
    void asks_again_after_something_that_is_not_a_code() throws Exception {
        Path tty = dir.resolve("tty");
        Files.writeString(tty, "12345\n654321\n");
        assertThat(new TerminalPrompt(tty).ask(SERIAL)).isEqualTo("654321");
        assertThat(Files.readString(tty)).contains("An MFA code is six digits.");
    }

    @Test
    void without_a_terminal_it_says_what_to_configure_instead() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> new TerminalPrompt(dir.resolve("no-such-tty")).ask(SERIAL));
        assertThat(e.getMessage())
                .isEqualTo("no terminal to ask for the MFA code for " + SERIAL
                        + ": set mfa_process in the profile, or give the provider an mfaCodeSupplier");
    }

    /**
     * On a real terminal (a pty made by script(1)) the code typed at the provider's prompt is not shown:
     * it was echoed, on screen and in any recording, within the 30 s it is good for.
     */
    @Test
    void on_a_real_terminal_the_code_is_read_with_echo_off() throws Exception {
        dev.ststoken.testing.Peers.require("script");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + "'"
                + AskOnTheTerminal.class.getName() + "'";
        Process process = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .redirectErrorStream(true)
                .start();
        StringBuilder transcript = new StringBuilder();
        String prompt = "Enter MFA code for " + SERIAL + ": ";
        try (InputStream screen = process.getInputStream();
                OutputStream keyboard = process.getOutputStream()) {
            readUntil(screen, transcript, prompt);
            keyboard.write("987 654\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            readUntil(screen, transcript, "asked:");
            readUntil(screen, transcript, "\n");
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String after = transcript
                .substring(transcript.indexOf(prompt) + prompt.length())
                .replace("\r", "");
        assertThat(after).as(transcript.toString()).contains("asked: 6 digits").doesNotContain("987");
    }

    private static void readUntil(InputStream in, StringBuilder transcript, String text) throws Exception {
        int from = transcript.length();
        while (transcript.indexOf(text, from) < 0) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            transcript.append((char) c);
        }
    }

    /** Runs the provider's prompt on the controlling terminal, as an application would reach it. */
    static final class AskOnTheTerminal {
        public static void main(String[] args) throws Exception {
            String code = new TerminalPrompt(Path.of("/dev/tty")).ask(SERIAL);
            System.out.println("asked: " + code.length() + " digits");
        }
    }
}
