package dev.ststoken.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MfaProcessTest {
    final List<String> notices = new ArrayList<>();
    final MfaPrompt listener = new MfaPrompt() {
        @Override
        public String ask(String serial) {
            throw new AssertionError("never asked");
        }

        @Override
        public void notice(String message) {
            notices.add(message);
        }
    };

    String run(String command) throws ConfigException {
        return MfaProcess.run(command, Duration.ofSeconds(60), listener);
    }

    @Test
    void the_last_six_digit_word_of_stdout_is_the_code() throws Exception {
        assertThat(run("echo 'Touch your key'; echo 123456")).isEqualTo("123456");
        assertThat(run("echo 111111 then 222222 done")).isEqualTo("222222");
        assertThat(run("echo 'aws: 123 456'")).isEqualTo("123456");
        assertThat(notices).isEmpty();
    }

    @Test
    void output_without_a_code_is_named_for_what_it_is_and_not_echoed() {
        assertThatThrownBy(() -> run("echo 12345"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mfa_process printed no six-digit code");
        assertThatThrownBy(() -> run("true")).hasMessage("mfa_process printed no six-digit code");
    }

    @Test
    void a_failing_process_reports_its_exit_code() {
        assertThatThrownBy(() -> run("echo 123456; exit 3")).hasMessageContaining("exit code 3");
    }

    @Test
    @Timeout(30)
    void a_process_that_hangs_is_stopped_with_its_children_after_the_timeout_and_the_wait_is_announced() {
        assertThatThrownBy(() -> MfaProcess.run("sleep 100", Duration.ofSeconds(3), listener))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did not finish within 3 s and was stopped");
        assertThat(notices).containsExactly("waiting for mfa_process (up to 3 s)");
    }

    @Test
    @Timeout(30)
    void a_background_child_holding_stdout_does_not_hide_the_code() throws Exception {
        assertThat(run("echo 654321; (sleep 20 &)")).isEqualTo("654321");
    }
}
