package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalPromptTest {
    @TempDir
    Path tmp;

    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    String ask(String typed) throws Exception {
        Path in = Files.writeString(tmp.resolve("in"), typed);
        return new TerminalPrompt(in, tmp.resolve("out"), new PrintStream(err, true, StandardCharsets.UTF_8))
                .ask("arn:aws:iam::123456789012:mfa/me");
    }

    String shown() throws Exception {
        return Files.readString(tmp.resolve("out"));
    }

    @Test
    void a_code_typed_as_the_app_shows_it_with_a_space_is_accepted() throws Exception {
        assertThat(ask("123 456\n")).isEqualTo("123456");
        assertThat(shown()).isEqualTo("Enter MFA code for arn:aws:iam::123456789012:mfa/me: ");
    }

    @Test
    void a_wrong_shape_is_asked_again_up_to_three_times() throws Exception {
        assertThat(ask("12345\nabcdef\n654321\n")).isEqualTo("654321");
        assertThat(shown()).contains("An MFA code is six digits.");
        assertThatThrownBy(() -> ask("1\n2\n3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("after 3 attempts");
    }

    @Test
    void a_closed_terminal_ends_the_prompt_line_and_says_why() throws Exception {
        assertThatThrownBy(() -> ask("")).hasMessageContaining("the terminal closed");
        assertThat(shown()).endsWith(": \n");
    }

    @Test
    void no_terminal_is_a_clear_error() {
        TerminalPrompt prompt = new TerminalPrompt(
                tmp.resolve("missing"), tmp.resolve("out"), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThatThrownBy(() -> prompt.ask("GAHT12345678"))
                .hasMessageContaining("no terminal to ask for the MFA code");
    }

    @Test
    void notices_go_to_stderr_with_the_tools_name() {
        new TerminalPrompt(new PrintStream(err, true, StandardCharsets.UTF_8))
                .notice("waiting for mfa_process (up to 60 s)");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("sts-session-token: waiting for mfa_process (up to 60 s)\n");
    }
}
