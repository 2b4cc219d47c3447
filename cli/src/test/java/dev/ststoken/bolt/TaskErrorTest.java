package dev.ststoken.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskErrorTest {
    @Test
    void invalid_input_is_its_own_kind_with_empty_details_and_no_stack_trace() {
        TaskError error = TaskError.invalidInput("missing parameter role_arn");
        assertThat(error.kind).isEqualTo("invalid-input");
        assertThat(error.details).isEmpty();
        assertThat(error.getStackTrace()).isEmpty();
    }
}
