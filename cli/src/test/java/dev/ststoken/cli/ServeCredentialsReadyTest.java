package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * serve-credentials waits for its server's endpoint and token. It read them with no deadline: a
 * server that stalled before printing them left eval hanging for ever.
 */
class ServeCredentialsReadyTest {
    @Test
    void a_server_that_prints_nothing_is_given_up_on_at_the_deadline() throws Exception {
        Process stalled = new ProcessBuilder("sleep", "600").start();
        try {
            assertThat(ServeCredentialsCommand.ready(stalled, Duration.ofMillis(300)))
                    .isNull();
            assertThat(stalled.isAlive()).as("left for the caller to stop").isTrue();
        } finally {
            stalled.destroyForcibly();
        }
    }

    @Test
    void the_endpoint_and_token_are_read_and_an_early_end_gives_nulls() throws Exception {
        Process started = new ProcessBuilder("printf", "http://127.0.0.1:1/credentials\\ntoken\\n").start();
        assertThat(ServeCredentialsCommand.ready(started, Duration.ofSeconds(30)))
                .containsExactly("http://127.0.0.1:1/credentials", "token");
        Process failed = new ProcessBuilder("true").start();
        List<String> none = ServeCredentialsCommand.ready(failed, Duration.ofSeconds(30));
        assertThat(none).isEqualTo(Arrays.asList(null, null));
    }
}
