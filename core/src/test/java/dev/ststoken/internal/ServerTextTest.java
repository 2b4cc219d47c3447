package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a server wrote reaches the terminal as plain text: its words stay, its controls go. */
class ServerTextTest {
    @Test
    void plain_text_and_non_ascii_letters_are_kept_as_they_are() {
        String text = "User: arn:aws:iam::123456789012:user/é is not authorized (über 中文)";
        assertThat(ServerText.printable(text)).isSameAs(text);
        assertThat(ServerText.printable(null)).isNull();
    }

    @Test
    void line_breaks_and_tabs_become_spaces_so_no_line_can_be_forged() {
        assertThat(ServerText.printable("denied\nsts-session-token: ok\r\tx"))
                .isEqualTo("denied sts-session-token: ok  x");
    }

    @Test
    void control_sequences_are_dropped_whole() {
        assertThat(ServerText.printable("a\u001b[2Jb\u001b[38;5;196mc\u001b[0m"))
                .isEqualTo("abc");
        assertThat(ServerText.printable("a\u009b31mb")).isEqualTo("ab");
    }

    @Test
    void operating_system_commands_such_as_titles_and_hyperlinks_are_dropped_whole() {
        assertThat(ServerText.printable("a\u001b]0;pwned\u0007b")).isEqualTo("ab");
        assertThat(ServerText.printable("a\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\b"))
                .isEqualTo("alinkb");
        assertThat(ServerText.printable("a\u009d0;t\u009cb")).isEqualTo("ab");
        assertThat(ServerText.printable("a\u001bPq#0\u001b\\b")).isEqualTo("ab");
    }

    @Test
    void two_character_escapes_and_lone_controls_are_dropped() {
        assertThat(ServerText.printable("a\u001bcb\u001b(Bc\u0000d\u007fe\u0008f"))
                .isEqualTo("abcdef");
        assertThat(ServerText.printable("trailing\u001b")).isEqualTo("trailing");
        assertThat(ServerText.printable("open\u001b[12")).isEqualTo("open");
    }

    @Test
    void direction_overrides_and_unicode_line_separators_are_dropped() {
        assertThat(ServerText.printable("abc\u202edcba\u2066x\u2069\u2028y\u200f"))
                .isEqualTo("abcdcbaxy");
    }
}
