package dev.ststoken.bolt;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionParameters;
import dev.ststoken.config.Setting;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.config.Validation;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.SessionService;
import dev.ststoken.sts.StsException;
import dev.ststoken.sts.StsServiceException;
import dev.ststoken.sts.StsTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Bolt task protocol for {@code sts_session_token::get_session_token}: parameters from stdin
 * JSON (never {@code PT_*} variables); one JSON object on
 * stdout; failures as {@code _error} with exit 1. {@code duration_seconds} may be an Integer or a
 * numeric String (the original task turned it into an array and failed).
 */
public final class BoltTask {
    static final Set<String> PARAMETERS = Set.of("duration_seconds", "serial_number", "token_code", "profile", "region",
            "endpoint_url", "validate_certs", "ca_bundle", "access_key_id", "secret_access_key", "session_token");

    /** How core messages name settings in this task's parameters. */
    static final Map<Setting, String> SETTING_NAMES = Map.of(Setting.PROFILE, "profile",
            Setting.MFA_SERIAL, "serial_number", Setting.MFA_TOKEN, "token_code");

    private final InputStream in;
    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public BoltTask(InputStream in, PrintStream out, Map<String, String> env, Clock clock, Path home) {
        this.in = in;
        this.out = out;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    private static final class TaskError extends Exception {
        private static final long serialVersionUID = 1L;
        final String kind;
        final Map<String, Object> details = new LinkedHashMap<>();

        TaskError(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    public int run() {
        Map<String, Object> result;
        int code;
        try {
            result = execute();
            code = 0;
        } catch (TaskError e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("msg", e.getMessage());
            error.put("kind", "sts_session_token/" + e.kind);
            error.put("details", e.details);
            result = Map.of("_error", error);
            code = 1;
        } catch (RuntimeException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("msg", "internal error in the task (a bug, please report it): " + e.getClass().getName());
            error.put("kind", "sts_session_token/internal-error");
            error.put("details", Map.of());
            result = Map.of("_error", error);
            code = 1;
        }
        out.println(Json.write(result));
        out.flush();
        return code;
    }

    private Map<String, Object> execute() throws TaskError {
        Map<String, Object> params = readParameters();
        SessionParameters parameters = parameters(params);
        ResolvedSettings settings;
        try {
            settings = new SettingsResolver(env, home).resolve(parameters);
        } catch (ConfigException e) {
            throw new TaskError("invalid-input", e.message(SETTING_NAMES));
        }
        // Like the original task, MFA only when the plan asks for it (a serial or a code), never just
        // because the profile has a device; but a code is never dropped: without a serial from the
        // plan it goes with the profile's (or AWS_MFA_SERIAL's), as the CLI does.
        boolean mfaAsked = parameters.mfaSerial() != null || parameters.mfaToken() != null;
        settings = settings.withRequest(parameters.durationSeconds(), mfaAsked ? settings.mfaSerial() : null,
                settings.mfaToken(), null);
        SessionResult session;
        try {
            session = new SessionService(clock).obtain(settings, null);
        } catch (ConfigException e) {
            throw new TaskError("invalid-input", e.message(SETTING_NAMES));
        } catch (StsServiceException e) {
            TaskError error = new TaskError(e.code(), e.code() + ": " + e.awsMessage());
            error.details.put("code", e.code());
            error.details.put("request_id", e.requestId());
            throw error;
        } catch (StsTransportException e) {
            TaskError error = new TaskError("endpoint-unreachable", e.getMessage());
            error.details.put("endpoint", settings.endpoint().uri().toString());
            throw error;
        } catch (StsException e) {
            throw new TaskError("internal-error", e.getMessage());
        }
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("access_key_id", session.session().accessKeyId());
        credentials.put("secret_access_key", session.session().secretAccessKey());
        credentials.put("session_token", session.session().sessionToken());
        credentials.put("expiration", Timestamps.utcZ(session.session().expiration()));
        return Map.of("credentials", credentials);
    }

    /**
     * Stdin JSON only (the task's metadata says {@code input_method: stdin}). PT_ variables are never
     * read: with run-as, Bolt puts them on a command line, where secrets show in ps.
     */
    private Map<String, Object> readParameters() throws TaskError {
        String stdin;
        try {
            stdin = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            stdin = "";
        }
        if (stdin.isEmpty()) {
            throw new TaskError("invalid-input", "no task input on stdin: run the task with Bolt (input_method "
                    + "stdin), or pipe its parameters as a JSON object");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        try {
            params.putAll(Json.parseObject(stdin));
        } catch (Json.ParseException e) {
            throw new TaskError("invalid-input", "task input on stdin is not a JSON object (" + e.getMessage() + ")");
        }
        for (String key : params.keySet()) {
            if (!key.startsWith("_") && !PARAMETERS.contains(key)) {
                throw new TaskError("invalid-input", "unknown parameter '" + key + "'; the task takes "
                        + new java.util.TreeSet<>(PARAMETERS));
            }
        }
        return params;
    }

    private static SessionParameters parameters(Map<String, Object> p) throws TaskError {
        Integer duration = null;
        Object rawDuration = p.get("duration_seconds");
        try {
            if (rawDuration instanceof Long) {
                duration = Validation.checkDuration((Long) rawDuration);
            } else if (rawDuration instanceof String && !((String) rawDuration).isBlank()) {
                duration = Validation.durationSeconds((String) rawDuration);
            } else if (rawDuration != null) {
                throw new TaskError("invalid-input", "duration_seconds must be an Integer or a numeric String");
            }
        } catch (ConfigException e) {
            throw new TaskError("invalid-input", e.message(SETTING_NAMES));
        }
        Boolean validate = null;
        Object rawValidate = p.get("validate_certs");
        if (rawValidate instanceof Boolean) {
            validate = (Boolean) rawValidate;
        } else if (rawValidate instanceof String) {
            String v = ((String) rawValidate).strip().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new TaskError("invalid-input", "validate_certs must be a Boolean");
            }
            validate = v.equals("true");
        } else if (rawValidate != null) {
            throw new TaskError("invalid-input", "validate_certs must be a Boolean");
        }
        return SessionParameters.builder()
                .durationSeconds(duration)
                .mfaSerial(string(p, "serial_number"))
                .mfaToken(string(p, "token_code"))
                .profile(string(p, "profile"))
                .region(string(p, "region"))
                .endpointUrl(string(p, "endpoint_url"))
                .verifySsl(validate)
                .caBundle(string(p, "ca_bundle"))
                .accessKeyId(string(p, "access_key_id"))
                .secretAccessKey(string(p, "secret_access_key"))
                .sessionToken(string(p, "session_token"))
                .build();
    }

    private static String string(Map<String, Object> p, String key) throws TaskError {
        Object value = p.get(key);
        if (value == null || (value instanceof String && ((String) value).isEmpty())) {
            return null;
        }
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long) {
            return value.toString(); // a token code written as a number in a plan
        }
        throw new TaskError("invalid-input", key + " must be a String");
    }
}
