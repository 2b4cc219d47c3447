package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void reads_objects_arrays_strings_numbers_booleans_and_null() {
        Map<String, Object> map = Json.parseObject(
                "{\"a\": 1, \"b\": -2.5, \"c\": \"x\\u0041\\n\", \"d\": [true, false, null], \"e\": {}}");
        assertThat(map.get("a")).isEqualTo(1L);
        assertThat(map.get("b")).isEqualTo(-2.5);
        assertThat(map.get("c")).isEqualTo("xA\n");
        assertThat(map.get("d")).isEqualTo(java.util.Arrays.asList(true, false, null));
        assertThat(map.get("e")).isEqualTo(Map.of());
    }

    @Test
    void writes_what_it_reads() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "quote \" backslash \\ tab \t ctrl \u0001");
        map.put("n", 3L);
        map.put("l", List.of("a", 1L));
        map.put("z", null);
        assertThat(Json.parseObject(Json.write(map))).isEqualTo(map);
    }

    @Test
    void malformed_input_is_refused_without_echoing_it() {
        assertThatThrownBy(() -> Json.parse("{\"secret\": \"AKIA-very-secret\"")).isInstanceOf(Json.ParseException.class)
                .hasMessageNotContaining("very-secret");
        assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(Json.ParseException.class);
        assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(Json.ParseException.class);
        assertThatThrownBy(() -> Json.parse("\"\\u12\"")).isInstanceOf(Json.ParseException.class);
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).isInstanceOf(Json.ParseException.class)
                .hasMessageContaining("too deep");
        assertThatThrownBy(() -> Json.parseObject("[]")).isInstanceOf(Json.ParseException.class);
    }
}
