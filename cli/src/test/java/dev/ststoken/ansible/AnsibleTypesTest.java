package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsibleTypesTest {
    @Test
    void booleans_accept_ansibles_words_and_numbers() throws Exception {
        assertThat(AnsibleTypes.toBool("x", "Yes")).isTrue();
        assertThat(AnsibleTypes.toBool("x", " off ")).isFalse();
        assertThat(AnsibleTypes.toBool("x", 1L)).isTrue();
        assertThatThrownBy(() -> AnsibleTypes.toBool("x", "maybe")).hasMessageContaining("is not a valid boolean");
    }

    @Test
    void text_not_handed_to_bigdecimal_is_text_bigdecimal_refuses() throws Exception {
        for (String text : List.of(
                "soon", "", " ", "0x10", "1_000", "1,000", "NaN", "Infinity", "\u221e", "1e3x", "3 600", "12h")) {
            assertThat(AnsibleTypes.decimalCharacters(text)).as(text).isFalse();
            assertThatThrownBy(() -> new java.math.BigDecimal(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
        // What BigDecimal reads still reaches it: exponents, signs, points and other scripts' digits.
        for (String text : List.of("1e3", "+3600.0", "-1E+2", ".5", "\u0663\u0660\u0660.0", "+-", "e")) {
            assertThat(AnsibleTypes.decimalCharacters(text))
                    .as(text)
                    .isEqualTo(!text.equals("+-") && !text.equals("e"));
        }
        assertThat(AnsibleTypes.toInt("d", "3600.0")).isEqualTo(3600L);
        assertThat(AnsibleTypes.toInt("d", "\u0669\u0660\u0660.00")).isEqualTo(900L);
        assertThatThrownBy(() -> AnsibleTypes.toInt("d", "soon"))
                .hasMessage("argument 'd' is of type <class 'str'> and we were unable to convert to int: "
                        + "invalid literal for int() with base 10: 'soon'");
    }

    @Test
    void integers_accept_numeric_strings_and_whole_floats_only() throws Exception {
        assertThat(AnsibleTypes.toInt("d", "3600")).isEqualTo(3600L);
        assertThat(AnsibleTypes.toInt("d", 900.0)).isEqualTo(900L);
        assertThat(AnsibleTypes.toInt("d", "1e3")).isEqualTo(1000L);
        assertThatThrownBy(() -> AnsibleTypes.toInt("d", 1.5))
                .hasMessageStartingWith("argument 'd' is of type <class 'float'>");
    }

    @Test
    void strings_take_pythons_spelling_of_other_scalars() throws Exception {
        assertThat(AnsibleTypes.toStr("s", true)).isEqualTo("True");
        assertThat(AnsibleTypes.toStr("s", 123456L)).isEqualTo("123456");
        assertThatThrownBy(() -> AnsibleTypes.toStr("s", List.of())).hasMessageContaining("<class 'list'>");
    }

    @Test
    void dictionaries_come_as_mappings_json_text_or_key_value_pairs() throws Exception {
        assertThat(AnsibleTypes.toDict("c", Map.of("a", 1L))).isEqualTo(Map.of("a", 1L));
        assertThat(AnsibleTypes.toDict("c", "{\"read_timeout\": 5}")).isEqualTo(Map.of("read_timeout", 5L));
        assertThat(AnsibleTypes.toDict("c", "connect_timeout=5, read_timeout=7"))
                .containsEntry("connect_timeout", "5")
                .containsEntry("read_timeout", "7");
        assertThatThrownBy(() -> AnsibleTypes.toDict("c", "{broken"))
                .hasMessage("argument 'c' is of type <class 'str'> and we "
                        + "were unable to convert to dict: dictionary requested, could not parse JSON or key=value");
        assertThatThrownBy(() -> AnsibleTypes.toDict("c", "plain"))
                .hasMessageContaining("could not parse JSON or key=value");
        assertThatThrownBy(() -> AnsibleTypes.toDict("c", 5L)).hasMessageContaining("<class 'int'>");
    }
}
