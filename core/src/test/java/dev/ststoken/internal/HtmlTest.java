package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void the_five_markup_characters_become_entities_and_nothing_else_changes() {
        assertThat(Html.escape("<\"'&>")).isEqualTo("&lt;&quot;&#39;&amp;&gt;");
        assertThat(Html.escape("<script>alert('x')</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(Html.escape("arn:aws:sts::123456789012:assumed-role/r/s\u00e9\n"))
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/r/s\u00e9\n");
        assertThat(Html.escape("")).isEmpty();
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void the_characters_a_page_must_not_show_are_replaced_after_escaping() {
        assertThat(Html.escape("a\u001b[31m<b>\u007f", c -> c < 0x20 || c == 0x7f, '?'))
                .isEqualTo("a?[31m&lt;b&gt;?");
        assertThat(Html.escape("line\n\tx\r", c -> c < 0x20 && c != '\n' && c != '\t', '\uFFFD'))
                .isEqualTo("line\n\tx\uFFFD");
    }

    @Test
    void unescape_reverses_escape_even_for_text_that_looks_like_an_entity() {
        for (String text : new String[] {"<\"'&>", "&amp;lt;", "&#39;", "plain", "a&b<c>d\"e'f"}) {
            assertThat(Html.unescape(Html.escape(text))).isEqualTo(text);
        }
    }
}
