package dev.ststoken.ansible;

import dev.ststoken.errors.StsServiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task failure: {@code msg} plus the extra result keys Ansible users read ({@code error},
 * {@code response_metadata}, ...). No stack trace: a module failure is an answer, not a crash.
 */
final class ModuleFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final Map<String, Object> details = new LinkedHashMap<>();

    ModuleFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * What the amazon.aws modules' fail_json_aws makes of a botocore ClientError: botocore's
     * "An error occurred (CODE) when calling the OPERATION operation: MESSAGE", the error and the
     * response metadata, and the action when debug_botocore_endpoint_logs is on.
     */
    static ModuleFailure fromAws(StsServiceException e, String operation, boolean debug) {
        ModuleFailure failure = new ModuleFailure(
                "An error occurred (" + e.code() + ") when calling the " + operation + " operation: " + e.awsMessage());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.awsMessage());
        failure.details.put("error", error);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("request_id", e.requestId());
        metadata.put("http_status_code", (long) e.httpStatus());
        failure.details.put("response_metadata", metadata);
        if (debug) {
            failure.details.put("resource_actions", List.of("sts:" + operation));
        }
        return failure;
    }
}
