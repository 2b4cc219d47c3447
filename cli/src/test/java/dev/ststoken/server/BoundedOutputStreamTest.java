package dev.ststoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** serve-credentials' log file: other local users decide how much the server has to say, so it stops at a size. */
class BoundedOutputStreamTest {
    @Test
    void lines_past_the_limit_are_dropped_after_one_line_saying_so() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(new BoundedOutputStream(file, 1000), true, StandardCharsets.UTF_8);
        for (int i = 0; i < 10_000; i++) {
            log.println(
                    "sts-session-token: credential server: refused a request (missing or wrong authorization token)");
        }
        String text = file.toString(StandardCharsets.UTF_8);
        assertThat(file.size()).isLessThan(1000 + 100);
        assertThat(text).endsWith("sts-session-token: the log reached 1000 bytes; what follows is not written\n");
        assertThat(text.lines().filter(l -> l.contains("the log reached"))).hasSize(1);
    }

    @Test
    void below_the_limit_everything_is_passed_on() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(new BoundedOutputStream(file, 1000), true, StandardCharsets.UTF_8);
        log.println("one");
        log.println("two");
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }
}
