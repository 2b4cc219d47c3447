package dev.ststoken.emulator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Access-log fields that come from a request cannot break a line, forge one or reach a terminal raw. */
class AccessLogTest {
    @Test
    void printable_ascii_stays_as_it_is() {
        assertThat(AccessLog.field("GetSessionToken")).isEqualTo("GetSessionToken");
        assertThat(AccessLog.field("AKIA0123456789ABCDEF")).isEqualTo("AKIA0123456789ABCDEF");
    }

    @Test
    void spaces_line_breaks_escapes_backslashes_and_non_ascii_become_hex() {
        assertThat(AccessLog.field("a b\nc\rd\u001b[2J\\x")).isEqualTo("a\\x20b\\x0ac\\x0dd\\x1b[2J\\x5cx");
        assertThat(AccessLog.field("é")).isEqualTo("\\xc3\\xa9");
    }

    @Test
    void an_absent_or_empty_field_is_a_dash() {
        assertThat(AccessLog.field(null)).isEqualTo("-");
        assertThat(AccessLog.field("")).isEqualTo("-");
    }

    @Test
    void each_request_is_exactly_one_line_of_four_fields() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = new AccessLog(new PrintStream(out, true, StandardCharsets.UTF_8));
        log.request("GetCallerIdentity\nGetSessionToken 200 AKIAFORGED r", 403, "AKIA\n", "0000-r");
        assertThat(out.toString(StandardCharsets.UTF_8).split(" ")).hasSize(4);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .endsWith("0000-r" + System.lineSeparator())
                .containsOnlyOnce("\n");
    }

    @Test
    void an_unexpected_exception_is_logged_with_its_stack_trace_but_never_its_message() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        AccessLog log = new AccessLog(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        log.internalError(
                "req-1",
                new IllegalStateException(
                        "secret=wJalrXUtnFEMI",
                        new java.io.UncheckedIOException(new java.io.IOException("token=FwoGZX"))));
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("internal error req-1: java.lang.IllegalStateException\n\tat ")
                .contains("caused by: java.io.UncheckedIOException")
                .contains("caused by: java.io.IOException")
                .contains("AccessLogTest")
                .doesNotContain("wJalrXUtnFEMI")
                .doesNotContain("FwoGZX");
    }
}
