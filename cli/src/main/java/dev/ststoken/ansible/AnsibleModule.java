package dev.ststoken.ansible;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionParameters;
import dev.ststoken.config.Setting;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.config.Validation;
import dev.ststoken.internal.Json;
import dev.ststoken.output.SeedResult;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.SessionService;
import dev.ststoken.sts.StsException;
import dev.ststoken.sts.StsServiceException;
import dev.ststoken.sts.StsTransportException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Ansible module protocol (WANT_JSON: an arguments file in, one JSON object out) for {@code sts_session_token}: arguments from the
 * JSON file named on the command line, one JSON result on stdout, exit 0 or 1. A drop-in for the
 * seed module and community.aws's: same options and aliases, same result keys, but a clean
 * {@code msg} instead of a traceback on AWS errors, and check mode.
 */
public final class AnsibleModule {
    static final String MODULE = "sts_session_token";
    static final String NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER";

    /** The seed's options with their aliases, plus today's collection names as further aliases. */
    static final List<ParameterSpec> SPEC = List.of(
            ParameterSpec.str("aws_access_key", false, "ec2_access_key", "access_key", "aws_access_key_id"),
            ParameterSpec.str("aws_secret_key", true, "ec2_secret_key", "secret_key", "aws_secret_access_key"),
            ParameterSpec.str("security_token", true, "access_token", "session_token", "aws_session_token",
                    "aws_security_token"),
            ParameterSpec.str("ec2_url", false, "endpoint_url", "aws_endpoint_url"),
            ParameterSpec.str("profile", false, "aws_profile"),
            ParameterSpec.str("region", false, "aws_region", "ec2_region"),
            ParameterSpec.bool("validate_certs", true),
            ParameterSpec.str("aws_ca_bundle", false),
            ParameterSpec.bool("debug_botocore_endpoint_logs", false),
            ParameterSpec.integer("duration_seconds"),
            ParameterSpec.str("mfa_serial_number", false),
            ParameterSpec.str("mfa_token", true));

    /** How core messages name settings in this module's options. */
    static final Map<Setting, String> SETTING_NAMES = Map.of(Setting.PROFILE, "profile",
            Setting.MFA_SERIAL, "mfa_serial_number", Setting.MFA_TOKEN, "mfa_token");

    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public AnsibleModule(PrintStream out, Map<String, String> env, Clock clock, Path home) {
        this.out = out;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    /** Always prints exactly one JSON object; returns 0 on success, 1 on failure. */
    public int run(List<String> args) {
        Map<String, Object> result;
        Set<String> secrets = new LinkedHashSet<>();
        Map<String, Object> invocation = new LinkedHashMap<>();
        try {
            result = execute(args, secrets, invocation);
        } catch (Failure f) {
            result = new LinkedHashMap<>();
            result.put("failed", true);
            result.put("msg", f.getMessage());
            result.putAll(f.details);
            if (!invocation.isEmpty()) {
                result.put("invocation", invocation);
            }
        } catch (RuntimeException e) {
            result = new LinkedHashMap<>();
            result.put("failed", true);
            result.put("msg", "internal error in the sts_session_token module (a bug, please report it): "
                    + e.getClass().getName());
        }
        String json = Json.write(result);
        if (Boolean.TRUE.equals(result.get("failed"))) {
            json = mask(json, secrets);
        }
        out.println(json);
        out.flush();
        return Boolean.TRUE.equals(result.get("failed")) ? 1 : 0;
    }

    /** Secrets never appear in a failure, even where a message would quote a value. */
    static String mask(String text, Set<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                masked = masked.replace(secret, "********");
            }
        }
        return masked;
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final Map<String, Object> details = new LinkedHashMap<>();

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private Map<String, Object> execute(List<String> args, Set<String> secrets, Map<String, Object> invocation)
            throws Failure {
        if (args.size() != 1) {
            throw new Failure("usage: sts-session-token ansible ARGS_FILE (run by Ansible with the path of its args file)");
        }
        Map<String, Object> raw;
        try {
            raw = Json.parseObject(Files.readString(Path.of(args.get(0)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure("cannot read the module arguments file " + args.get(0) + ": " + e.getClass().getSimpleName());
        } catch (Json.ParseException e) {
            throw new Failure("the module arguments file is not a JSON object (" + e.getMessage() + ")");
        }
        Map<String, Object> params = normalise(raw, secrets);
        invocation.put("module_args", moduleArgs(params));
        boolean debug = Boolean.TRUE.equals(params.get("debug_botocore_endpoint_logs"))
                || "true".equalsIgnoreCase(env.getOrDefault("ANSIBLE_DEBUG_BOTOCORE_LOGS", "")) ;
        SessionParameters parameters = parameters(params);
        ResolvedSettings settings;
        try {
            settings = seedSemantics(new SettingsResolver(env, home).resolve(parameters), parameters);
        } catch (ConfigException e) {
            throw new Failure(e.getMessage().startsWith("passing both a profile")
                    ? "Passing both a profile and access tokens is not supported." : e.message(SETTING_NAMES));
        }
        secrets.add(settings.credentials().secretAccessKey());
        secrets.add(settings.credentials().sessionToken());
        SessionResult session;
        try {
            session = new SessionService(clock).obtain(settings, null);
        } catch (ConfigException e) {
            throw new Failure(e.message(SETTING_NAMES));
        } catch (StsServiceException e) {
            Failure failure = new Failure("An error occurred (" + e.code() + ") when calling the GetSessionToken operation: "
                    + e.awsMessage());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", e.code());
            error.put("message", e.awsMessage());
            failure.details.put("error", error);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("request_id", e.requestId());
            metadata.put("http_status_code", (long) e.httpStatus());
            failure.details.put("response_metadata", metadata);
            if (debug) {
                failure.details.put("resource_actions", List.of("sts:GetSessionToken"));
            }
            throw failure;
        } catch (StsTransportException e) {
            throw new Failure("Failed to connect to AWS: " + e.getMessage());
        } catch (StsException e) {
            throw new Failure(e.getMessage());
        }
        Map<String, Object> result = SeedResult.of(session, debug);
        result.put("invocation", invocation);
        return result;
    }

    /** What Python modules report as invocation.module_args: every option, secrets replaced. */
    static Map<String, Object> moduleArgs(Map<String, Object> params) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ParameterSpec spec : SPEC) {
            Object value = params.get(spec.name());
            args.put(spec.name(), spec.noLog() && value != null ? NO_LOG_PLACEHOLDER : value);
        }
        return args;
    }

    /**
     * Aliases to canonical names, Ansible's type coercion and defaults, and the error Ansible gives
     * for options the module does not have. Internal {@code _ansible_*} keys are accepted and ignored
     * (check mode included: GetSessionToken changes no AWS state, so the call is made as usual).
     */
    static Map<String, Object> normalise(Map<String, Object> raw, Set<String> secrets) throws Failure {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("_ansible_")) {
                continue;
            }
            ParameterSpec spec = lookup(key);
            if (spec == null) {
                unknown.add(key);
                continue;
            }
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            if (spec.noLog() && value instanceof String) {
                secrets.add((String) value);
            }
            // The canonical name wins over an alias given alongside it.
            if (key.equals(spec.name()) || !params.containsKey(spec.name())) {
                try {
                    params.put(spec.name(), coerce(spec, key, value));
                } catch (AnsibleTypes.TypeError e) {
                    throw new Failure(e.getMessage());
                }
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> supported = new TreeSet<>();
            for (ParameterSpec spec : SPEC) {
                supported.add(spec.name());
                supported.addAll(spec.aliases());
            }
            unknown.sort(null);
            throw new Failure("Unsupported parameters for (" + MODULE + ") module: " + String.join(", ", unknown)
                    + ". Supported parameters include: " + String.join(", ", supported) + ".");
        }
        for (ParameterSpec spec : SPEC) {
            if (!params.containsKey(spec.name()) && spec.defaultValue() != null) {
                params.put(spec.name(), spec.defaultValue());
            }
        }
        return params;
    }

    private static ParameterSpec lookup(String key) {
        for (ParameterSpec spec : SPEC) {
            if (spec.name().equals(key) || spec.aliases().contains(key)) {
                return spec;
            }
        }
        return null;
    }

    private static Object coerce(ParameterSpec spec, String key, Object value) throws AnsibleTypes.TypeError {
        switch (spec.type()) {
            case "bool":
                return AnsibleTypes.toBool(key, value);
            case "int":
                return AnsibleTypes.toInt(key, value);
            default:
                return AnsibleTypes.toStr(key, value);
        }
    }

    private static SessionParameters parameters(Map<String, Object> params) throws Failure {
        Integer duration = null;
        if (params.get("duration_seconds") != null) {
            try {
                duration = Validation.checkDuration((Long) params.get("duration_seconds"));
            } catch (ConfigException e) {
                throw new Failure(e.message(SETTING_NAMES));
            }
        }
        return SessionParameters.builder()
                .accessKeyId((String) params.get("aws_access_key"))
                .secretAccessKey((String) params.get("aws_secret_key"))
                .sessionToken((String) params.get("security_token"))
                .endpointUrl((String) params.get("ec2_url"))
                .profile((String) params.get("profile"))
                .region((String) params.get("region"))
                .verifySsl((Boolean) params.get("validate_certs"))
                .caBundle((String) params.get("aws_ca_bundle"))
                .durationSeconds(duration)
                .mfaSerial((String) params.get("mfa_serial_number"))
                .mfaToken((String) params.get("mfa_token"))
                .build();
    }

    /**
     * The seed sends SerialNumber and DurationSeconds only when the task sets them; a profile's
     * mfa_serial or duration_seconds must not change what an existing playbook does. A task that
     * gives a code without a serial gets the profile's (or AWS_MFA_SERIAL's) serial, as the CLI
     * does: a code must never be dropped, leaving a session without MFA that looks like success.
     */
    static ResolvedSettings seedSemantics(ResolvedSettings s, SessionParameters given) {
        boolean mfaAsked = given.mfaSerial() != null || given.mfaToken() != null;
        return s.withRequest(given.durationSeconds(), mfaAsked ? s.mfaSerial() : null, s.mfaToken(), null);
    }
}
