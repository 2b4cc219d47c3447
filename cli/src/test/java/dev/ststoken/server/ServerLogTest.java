package dev.ststoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerLogTest {
    /**
     * The last lines before a server stops are the ones its owner looks for. Closing only interrupted
     * the writer, which dropped whatever it had not written yet: a refusal said just before close was
     * lost in most of these rounds (CredentialServerTest's head-deadline test failed on it under load).
     */
    @Test
    void lines_said_just_before_close_are_written() {
        for (int round = 0; round < 50; round++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ServerLog log =
                    new ServerLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), TimeUnit.SECONDS.toNanos(60));
            log.refusal("refused " + round);
            log.problem("no session " + round);
            log.close();
            assertThat(bytes.toString(StandardCharsets.UTF_8))
                    .as("round %d", round)
                    .contains("refused " + round)
                    .contains("no session " + round);
        }
    }
}
