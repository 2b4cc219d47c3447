package dev.ststoken.bolt;

import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.internal.Json;
import dev.ststoken.parameters.SessionParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A task's parameters, read from stdin JSON only (the tasks' metadata says {@code input_method:
 * stdin}), with the coercions Bolt plans need: numbers as Integer or numeric String, booleans as
 * Boolean or "true"/"false". PT_ variables are never read: with run-as, Bolt puts them on a command
 * line, where secrets show in ps. Shared by the module's tasks.
 */
final class TaskInput {
    /** The connection parameters every task of the module takes. */
    static final List<String> CONNECTION = List.of(
            "profile",
            "region",
            "endpoint_url",
            "validate_certs",
            "ca_bundle",
            "access_key_id",
            "secret_access_key",
            "session_token");

    private final Map<String, Object> params;

    private TaskInput(Map<String, Object> params) {
        this.params = params;
    }

    /** Reads stdin; unknown parameters (other than Bolt's _metaparameters) are refused by name. */
    static TaskInput read(InputStream in, Set<String> parameters) throws TaskError {
        String stdin;
        try {
            stdin = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            stdin = "";
        }
        if (stdin.isEmpty()) {
            throw TaskError.invalidInput("no task input on stdin: run the task with Bolt (input_method "
                    + "stdin), or pipe its parameters as a JSON object");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        try {
            params.putAll(Json.parseObject(stdin));
        } catch (Json.ParseException e) {
            throw TaskError.invalidInput("task input on stdin is not a JSON object (" + e.getMessage() + ")");
        }
        for (String key : params.keySet()) {
            if (!key.startsWith("_") && !parameters.contains(key)) {
                throw TaskError.invalidInput(
                        "unknown parameter '" + key + "'; the task takes " + new TreeSet<>(parameters));
            }
        }
        return new TaskInput(params);
    }

    /** A string parameter; empty is absent; a number is its digits (a token code written as a number in a plan). */
    String string(String key) throws TaskError {
        Object value = params.get(key);
        if (value == null || (value instanceof String && ((String) value).isEmpty())) {
            return null;
        }
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long) {
            return value.toString();
        }
        throw TaskError.invalidInput(key + " must be a String");
    }

    /** A parameter the task cannot run without. */
    String requiredString(String key) throws TaskError {
        String value = string(key);
        if (value == null) {
            throw TaskError.invalidInput("missing parameter " + key);
        }
        return value;
    }

    /**
     * A duration in seconds, Integer or numeric String (the original task turned the value into an
     * array and failed), between 900 and {@code max}: STS's ranges, checked before any call.
     */
    Integer duration(String key, int max, Map<Setting, String> names) throws TaskError {
        Object raw = params.get(key);
        try {
            Integer seconds;
            if (raw == null || (raw instanceof String && ((String) raw).isBlank())) {
                return null;
            } else if (raw instanceof Long) {
                seconds = Validation.checkDuration((Long) raw);
            } else if (raw instanceof String) {
                seconds = Validation.durationSeconds((String) raw);
            } else {
                throw TaskError.invalidInput(key + " must be an Integer or a numeric String");
            }
            if (seconds > max) {
                throw TaskError.invalidInput("invalid duration " + seconds + ": " + key + " must be between "
                        + Validation.MIN_DURATION + " and " + max + " seconds here");
            }
            return seconds;
        } catch (ConfigException e) {
            throw invalid(e, names);
        }
    }

    Boolean bool(String key) throws TaskError {
        Object raw = params.get(key);
        if (raw == null || raw instanceof Boolean) {
            return (Boolean) raw;
        }
        if (raw instanceof String) {
            String v = ((String) raw).strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return v.equals("true");
            }
        }
        throw TaskError.invalidInput(key + " must be a Boolean");
    }

    /** The connection parameters as session parameters; nothing about MFA or duration. */
    SessionParameters.Builder connection() throws TaskError {
        return SessionParameters.builder()
                .profile(string("profile"))
                .region(string("region"))
                .endpointUrl(string("endpoint_url"))
                .verifySsl(bool("validate_certs"))
                .caBundle(string("ca_bundle"))
                .accessKeyId(string("access_key_id"))
                .secretAccessKey(string("secret_access_key"))
                .sessionToken(string("session_token"));
    }

    /** A core refusal in the task's own words. */
    static TaskError invalid(ConfigException e, Map<Setting, String> names) {
        return TaskError.invalidInput(e.message(names));
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 17) + "..." : value;
    }
}
