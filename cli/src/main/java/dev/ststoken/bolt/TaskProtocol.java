package dev.ststoken.bolt;

import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.Json;
import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Bolt task protocol shared by the module's tasks: one JSON object on stdout, the result or
 * {@code _error}, and exit 0 or 1. A bug is an {@code internal-error}, never a stack trace.
 */
final class TaskProtocol {
    /** What a task does with its input. */
    interface Body {
        Map<String, Object> execute() throws TaskError;
    }

    private TaskProtocol() {}

    static int run(PrintStream out, Body body) {
        Map<String, Object> result;
        int code;
        try {
            result = body.execute();
            code = 0;
        } catch (TaskError e) {
            result = error(e.getMessage(), e.kind, e.details);
            code = 1;
        } catch (RuntimeException e) {
            result = error(
                    "internal error in the task (a bug, please report it): "
                            + e.getClass().getName(),
                    TaskError.INTERNAL_ERROR,
                    Map.of());
            code = 1;
        }
        out.println(Json.write(result));
        out.flush();
        return code;
    }

    private static Map<String, Object> error(String message, String kind, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("msg", message);
        error.put("kind", "sts_session_token/" + kind);
        error.put("details", details);
        return Map.of("_error", error);
    }

    /** An STS failure as a task error: the AWS code as the kind, or the endpoint that could not be reached. */
    static TaskError fromSts(StsException e, URI endpoint) {
        if (e instanceof StsServiceException aws) {
            TaskError error = new TaskError(aws.code(), aws.code() + ": " + aws.awsMessage());
            error.details.put("code", aws.code());
            error.details.put("request_id", aws.requestId());
            return error;
        }
        if (e instanceof StsTransportException) {
            TaskError error = new TaskError(TaskError.ENDPOINT_UNREACHABLE, e.getMessage());
            error.details.put("endpoint", endpoint.toString());
            return error;
        }
        return new TaskError(TaskError.INTERNAL_ERROR, e.getMessage());
    }
}
