package dev.ststoken.keystore;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's {@code credential_process} as a source of keys: run through {@code sh -c} (as the
 * AWS CLI does on Unix), its stdout read as the credential_process JSON ({@code Version} 1,
 * {@code AccessKeyId}, {@code SecretAccessKey}, optional {@code SessionToken} and {@code Expiration}).
 * Its stderr stays on the terminal, so a password manager can ask for its own password.
 *
 * <p>A profile whose credential_process calls us back for the same profile would fork forever. Each
 * run adds the profile to {@link #MARKER} in the child's environment; a run that finds the profile
 * already there refuses it with a message saying so, instead of starting it again.
 */
public final class CredentialProcess {
    /** Profiles whose credential_process is running in an ancestor process, separated by newlines. */
    public static final String MARKER = "STS_SESSION_TOKEN_CREDENTIAL_PROCESS";

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private CredentialProcess() {}

    /**
     * @throws ConfigException when the process is already running for this profile above us, fails,
     *                         or prints something other than the credential_process JSON
     */
    public static AwsCredentials run(String profile, String command, Map<String, String> env) throws ConfigException {
        checkNotRecursive(profile, env);
        Map<String, String> childEnv = new HashMap<>(env);
        String running = env.get(MARKER);
        childEnv.put(MARKER, running == null || running.isEmpty() ? profile : running + "\n" + profile);
        ExternalCommand.Result result = ExternalCommand.run(
                List.of("/bin/sh", "-c", command),
                childEnv,
                null,
                TIMEOUT,
                true,
                "credential_process of profile '" + profile + "'");
        if (result.exitCode() != 0) {
            throw new ConfigException(
                    "credential_process of profile '" + profile + "' failed with exit code " + result.exitCode());
        }
        return parse(profile, result.stdout());
    }

    /** Refuses a profile whose credential_process is already running in a process above this one. */
    public static void checkNotRecursive(String profile, Map<String, String> env) throws ConfigException {
        String running = env.get(MARKER);
        if (running == null) {
            return;
        }
        for (String name : running.split("\n")) {
            if (name.equals(profile)) {
                throw new ConfigException(
                        "profile '" + profile + "' gets its keys from a credential_process that calls "
                                + "sts-session-token for profile '" + profile
                                + "' again; refusing to start it a second time (it "
                                + "would loop forever). Give the credential_process another profile as its source");
            }
        }
    }

    static AwsCredentials parse(String profile, String stdout) throws ConfigException {
        String where = "credential_process of profile '" + profile + "'";
        Map<String, Object> map;
        try {
            map = Json.parseObject(stdout.strip());
        } catch (RuntimeException e) {
            throw new ConfigException(where + " printed something that is not the credential_process JSON");
        }
        if (!Long.valueOf(1).equals(map.get("Version"))) {
            throw new ConfigException(where + " printed JSON without \"Version\": 1");
        }
        Object keyId = map.get("AccessKeyId");
        Object secret = map.get("SecretAccessKey");
        Object token = map.get("SessionToken");
        if (!(keyId instanceof String)
                || ((String) keyId).isEmpty()
                || !(secret instanceof String)
                || ((String) secret).isEmpty()) {
            throw new ConfigException(where + " printed no AccessKeyId/SecretAccessKey");
        }
        if (token != null && !(token instanceof String)) {
            throw new ConfigException(where + " printed a SessionToken that is not a string");
        }
        String sessionToken = token == null || ((String) token).isEmpty() ? null : (String) token;
        return new AwsCredentials((String) keyId, (String) secret, sessionToken);
    }
}
