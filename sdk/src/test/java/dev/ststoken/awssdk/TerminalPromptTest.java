package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ststoken.errors.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
