package dev.ststoken.ansible;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.Sessions;
import java.util.List;
import java.util.Map;

/**
 * The connection options every module of the collection takes, with amazon.aws's names and aliases
 * (its {@code aws} and {@code boto3} documentation fragments), and how they become session
 * parameters. One definition for all modules, so {@code module_defaults: group/ststoken.aws.aws}
 * sets the same options for each of them. A module replacing an older one may keep that module's
 * canonical names ({@link #SEED}); the alias sets stay the same.
 */
final class ConnectionOptions {
    /** amazon.aws's canonical names: what sts_assume_role and today's modules report in module_args. */
    static final ConnectionOptions AMAZON_AWS =
            new ConnectionOptions("access_key", "secret_key", "session_token", "endpoint_url");
    /** The names of the original sts_session_token module, kept by ours. */
    static final ConnectionOptions SEED =
            new ConnectionOptions("aws_access_key", "aws_secret_key", "security_token", "ec2_url");

    static final String PROFILE = "profile";
    static final String REGION = "region";
    static final String VALIDATE_CERTS = "validate_certs";
    static final String CA_BUNDLE = "aws_ca_bundle";
    static final String AWS_CONFIG = "aws_config";
    static final String DEBUG_LOGS = "debug_botocore_endpoint_logs";

    /** The aws_config (botocore Config) keys this tool honours; any other is refused, never ignored. */
    static final List<String> AWS_CONFIG_KEYS = List.of("connect_timeout", "read_timeout", "retries");

    private final String accessKey;
    private final String secretKey;
    private final String sessionToken;
    private final String endpointUrl;
    private final List<ParameterSpec> specs;

    private ConnectionOptions(String accessKey, String secretKey, String sessionToken, String endpointUrl) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.sessionToken = sessionToken;
        this.endpointUrl = endpointUrl;
        this.specs = List.of(
                ParameterSpec.str("access_key", false, "aws_access_key_id", "aws_access_key", "ec2_access_key")
                        .canonicalAs(accessKey),
                ParameterSpec.str("secret_key", true, "aws_secret_access_key", "aws_secret_key", "ec2_secret_key")
                        .canonicalAs(secretKey),
                ParameterSpec.str(
                                "session_token",
                                true,
                                "aws_session_token",
                                "security_token",
                                "aws_security_token",
                                "access_token")
                        .canonicalAs(sessionToken),
                ParameterSpec.str("endpoint_url", false, "ec2_url", "aws_endpoint_url", "s3_url")
                        .canonicalAs(endpointUrl),
                ParameterSpec.str(PROFILE, false, "aws_profile"),
                ParameterSpec.str(REGION, false, "aws_region", "ec2_region"),
                ParameterSpec.bool(VALIDATE_CERTS, true),
                ParameterSpec.str(CA_BUNDLE, false),
                ParameterSpec.dict(AWS_CONFIG),
                ParameterSpec.bool(DEBUG_LOGS, false));
    }

    /** The options, with this naming's canonical names. */
    List<ParameterSpec> specs() {
        return specs;
    }

    /** Session parameters for the connection options of normalised {@code params}; nothing about MFA or duration. */
    SessionParameters.Builder parameters(Map<String, Object> params) throws ModuleFailure {
        SessionParameters.Builder builder = SessionParameters.builder()
                .accessKeyId((String) params.get(accessKey))
                .secretAccessKey((String) params.get(secretKey))
                .sessionToken((String) params.get(sessionToken))
                .endpointUrl((String) params.get(endpointUrl))
                .profile((String) params.get(PROFILE))
                .region((String) params.get(REGION))
                .verifySsl((Boolean) params.get(VALIDATE_CERTS))
                .caBundle((String) params.get(CA_BUNDLE));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) params.get(AWS_CONFIG);
        if (config != null) {
            awsConfig(config, builder);
        }
        return builder;
    }

    /** Whether the task asked for resource_actions, by option or by Ansible's environment variable. */
    static boolean debug(Map<String, Object> params, Map<String, String> env) {
        return Boolean.TRUE.equals(params.get(DEBUG_LOGS))
                || "true".equalsIgnoreCase(env.getOrDefault("ANSIBLE_DEBUG_BOTOCORE_LOGS", ""));
    }

    /**
     * Parameters, environment and files weighed as for the CLI; a failure names the module's options.
     * The profile-plus-keys refusal keeps the amazon.aws modules' own sentence.
     */
    static ResolvedSettings resolve(Sessions sessions, SessionRequest request, Map<Setting, String> names)
            throws ModuleFailure {
        try {
            return sessions.resolve(request);
        } catch (ConfigException e) {
            throw new ModuleFailure(
                    e.getMessage().startsWith("passing both a profile")
                            ? "Passing both a profile and access tokens is not supported."
                            : e.message(names));
        }
    }

    /**
     * botocore's connect_timeout and read_timeout (seconds, a fraction rounds up), and retries:
     * total_max_attempts, or max_attempts (retries after the first attempt, as botocore counts
     * them); mode is accepted, the retry policy being always exponential backoff with full jitter.
     */
    private static void awsConfig(Map<String, Object> config, SessionParameters.Builder builder) throws ModuleFailure {
        for (Map.Entry<String, Object> entry : config.entrySet()) {
            switch (entry.getKey()) {
                case "connect_timeout" -> builder.connectTimeoutSeconds(seconds("connect_timeout", entry.getValue()));
                case "read_timeout" -> builder.readTimeoutSeconds(seconds("read_timeout", entry.getValue()));
                case "retries" -> retries(entry.getValue(), builder);
                default ->
                    throw new ModuleFailure("aws_config: '" + entry.getKey() + "' is not supported by this module "
                            + "(supported: " + String.join(", ", AWS_CONFIG_KEYS) + ")");
            }
        }
    }

    private static void retries(Object value, SessionParameters.Builder builder) throws ModuleFailure {
        if (!(value instanceof Map)) {
            throw new ModuleFailure(
                    "aws_config: 'retries' must be a dictionary (max_attempts, total_max_attempts, mode)");
        }
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            String key = String.valueOf(entry.getKey());
            switch (key) {
                case "total_max_attempts" -> builder.maxAttempts(whole("retries.total_max_attempts", entry.getValue()));
                case "max_attempts" -> {
                    if (!((Map<?, ?>) value).containsKey("total_max_attempts")) {
                        builder.maxAttempts(whole("retries.max_attempts", entry.getValue()) + 1);
                    }
                }
                case "mode" -> {
                    if (!List.of("legacy", "standard", "adaptive").contains(String.valueOf(entry.getValue()))) {
                        throw new ModuleFailure("aws_config: retries.mode must be legacy, standard or adaptive");
                    }
                }
                default ->
                    throw new ModuleFailure("aws_config: 'retries." + key + "' is not supported by this module "
                            + "(supported: max_attempts, total_max_attempts, mode)");
            }
        }
    }

    private static int seconds(String name, Object value) throws ModuleFailure {
        double seconds;
        if (value instanceof Long || value instanceof Double) {
            seconds = ((Number) value).doubleValue();
        } else if (value instanceof String) {
            try {
                seconds = Double.parseDouble(((String) value).strip());
            } catch (NumberFormatException e) {
                throw new ModuleFailure("aws_config: " + name + " must be a number of seconds");
            }
        } else {
            throw new ModuleFailure("aws_config: " + name + " must be a number of seconds");
        }
        if (!(seconds > 0) || seconds > 3600) {
            throw new ModuleFailure("aws_config: " + name + " must be more than 0 and at most 3600 seconds");
        }
        return (int) Math.ceil(seconds);
    }

    private static int whole(String name, Object value) throws ModuleFailure {
        try {
            long number = AnsibleTypes.toInt(name, value);
            if (number < 0 || number > 100) {
                throw new ModuleFailure("aws_config: " + name + " must be a small whole number");
            }
            return (int) number;
        } catch (AnsibleTypes.TypeError e) {
            throw new ModuleFailure("aws_config: " + name + " must be a whole number");
        }
    }
}
