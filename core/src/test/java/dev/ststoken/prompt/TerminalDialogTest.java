package dev.ststoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalDialogTest {
    final StringWriter shown = new StringWriter();

    String answer(String typed) throws Exception {
        return TerminalDialog.askCode("GAHT12345678", new BufferedReader(new StringReader(typed)), shown);
    }

    @Test
    void a_code_typed_as_apps_show_it_is_accepted() throws Exception {
        assertThat(answer("123 456\n")).isEqualTo("123456");
        assertThat(shown).hasToString("Enter MFA code for GAHT12345678: ");
    }

    @Test
    void a_wrong_shape_is_asked_again_three_times_and_never_echoed() {
        assertThatThrownBy(() -> answer("12345\nabcdef\n1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no valid MFA code after 3 attempts");
        assertThat(shown.toString()).contains("An MFA code is six digits.").doesNotContain("12345\n");
    }

    @Test
    void a_terminal_that_closes_mid_question_ends_the_line() {
        assertThatThrownBy(() -> answer("")).hasMessageContaining("the terminal closed");
        assertThat(shown.toString()).endsWith(": \n");
    }
}
