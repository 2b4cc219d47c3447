package dev.ststoken.bolt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task failure as Bolt reads it: {@code _error} with {@code msg}, {@code kind}
 * ({@code sts_session_token/<kind>}: an AWS error code, or invalid-input, endpoint-unreachable,
 * internal-error) and {@code details}. Messages never carry a parameter's value.
 */
final class TaskError extends Exception {
    private static final long serialVersionUID = 1L;
    static final String INVALID_INPUT = "invalid-input";
    static final String ENDPOINT_UNREACHABLE = "endpoint-unreachable";
    static final String INTERNAL_ERROR = "internal-error";

    final String kind;
    final Map<String, Object> details = new LinkedHashMap<>();

    TaskError(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static TaskError invalidInput(String message) {
        return new TaskError(INVALID_INPUT, message);
    }
}
