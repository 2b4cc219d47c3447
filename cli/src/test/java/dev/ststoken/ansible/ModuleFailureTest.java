package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.errors.StsServiceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleFailureTest {
    final StsServiceException denied = new StsServiceException("AccessDenied", "not authorized", 403, "req-1");

    @Test
    void an_aws_error_reads_as_botocores_client_error_with_error_and_metadata() {
        ModuleFailure failure = ModuleFailure.fromAws(denied, "AssumeRole", false);
        assertThat(failure.getMessage())
                .isEqualTo(
                        "An error occurred (AccessDenied) when calling the AssumeRole operation: " + "not authorized");
        assertThat(failure.details)
                .containsEntry("error", Map.of("code", "AccessDenied", "message", "not authorized"))
                .containsEntry("response_metadata", Map.of("request_id", "req-1", "http_status_code", 403L))
                .doesNotContainKey("resource_actions");
    }

    @Test
    void with_endpoint_logs_on_the_failed_action_is_listed() {
        assertThat(ModuleFailure.fromAws(denied, "GetSessionToken", true).details)
                .containsEntry("resource_actions", List.of("sts:GetSessionToken"));
    }

    @Test
    void a_failure_has_no_stack_trace_to_leak() {
        assertThat(new ModuleFailure("x").getStackTrace()).isEmpty();
    }
}
