package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {
    @Test
    void c0_c1_delete_and_the_unicode_line_separators_are_control_characters() {
        for (char c : new char[] {0, '\t', '\n', '\r', 0x1b, 0x1f, 0x7f, 0x85, 0x9b, 0x9f, 0x2028, 0x2029}) {
            assertThat(ControlCharacters.is(c)).as("U+%04X", (int) c).isTrue();
        }
    }

    @Test
    void printable_characters_of_any_script_are_not() {
        for (char c : new char[] {' ', '~', 'a', '\'', '"', 0xa0, 0xe9, 0x2019, 0x4e2d}) {
            assertThat(ControlCharacters.is(c)).as("U+%04X", (int) c).isFalse();
        }
        assertThat(ControlCharacters.in("wJalrXUtnFEMI/K7MDENG+bPxRfiCY=")).isFalse();
        assertThat(ControlCharacters.in("token\u2028")).isTrue();
        assertThat(ControlCharacters.in("")).isFalse();
    }
}
