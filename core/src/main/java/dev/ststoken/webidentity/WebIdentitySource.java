package dev.ststoken.webidentity;

import dev.ststoken.config.CredentialSource;
import dev.ststoken.config.Profile;
import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Web identity as the AWS CLI defines it: a token file and a role, from {@code AWS_WEB_IDENTITY_TOKEN_FILE},
 * {@code AWS_ROLE_ARN} and {@code AWS_ROLE_SESSION_NAME}, each of which wins over the profile's
 * {@code web_identity_token_file}, {@code role_arn} and {@code role_session_name} (botocore's
 * AssumeRoleWithWebIdentityProvider reads them so). The resolver asks this source before a profile's
 * own keys, where botocore's credential chain has it (after the environment's keys and a role
 * profile's source_profile, before the shared credentials file and credential_process). Its session
 * is the role's: the role_arn of a web identity profile is the role the token is traded for, not a
 * role to assume next.
 */
public final class WebIdentitySource implements CredentialSource {
    /** The session name when none is set (botocore makes one from the time; ours stays the same, so it caches). */
    static final String DEFAULT_SESSION_NAME = "sts-session-token-web-identity";

    private final Map<String, String> env;
    private final Path home;
    private final Clock clock;

    public WebIdentitySource(Map<String, String> env, Path home, Clock clock) {
        this.env = env;
        this.home = home;
        this.clock = clock;
    }

    /** Whether a profile is a web identity profile (its role_arn is then the web identity's). */
    public static boolean isWebIdentityProfile(Profile profile) {
        String file = profile.get("web_identity_token_file");
        return file != null && !file.isBlank();
    }

    @Override
    public Found find(Profile profile) throws ConfigException {
        String file = setting("AWS_WEB_IDENTITY_TOKEN_FILE", profile, "web_identity_token_file");
        if (file == null) {
            return null;
        }
        String roleArn = setting("AWS_ROLE_ARN", profile, "role_arn");
        if (roleArn == null) {
            throw new ConfigException("a web identity token file is set ("
                    + (present("AWS_WEB_IDENTITY_TOKEN_FILE")
                            ? "AWS_WEB_IDENTITY_TOKEN_FILE"
                            : "profile '" + profile.name() + "' web_identity_token_file")
                    + ") but no role to trade it for: set AWS_ROLE_ARN or the profile's role_arn");
        }
        Validation.checkRoleArn(roleArn);
        String sessionName = setting("AWS_ROLE_SESSION_NAME", profile, "role_session_name");
        sessionName = sessionName == null ? DEFAULT_SESSION_NAME : Validation.checkRoleSessionName(sessionName);
        Path path = expand(file);
        return new Found(
                null,
                "web identity token file " + path + " for role " + roleArn
                        + (present("AWS_WEB_IDENTITY_TOKEN_FILE")
                                ? " (environment)"
                                : " (profile " + profile.name() + ")"),
                null,
                new WebIdentitySignIn(path, roleArn, sessionName, clock));
    }

    private boolean present(String variable) {
        String value = env.get(variable);
        return value != null && !value.isEmpty();
    }

    private String setting(String variable, Profile profile, String key) {
        if (present(variable)) {
            return env.get(variable);
        }
        String value = profile.get(key);
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code ~/} is the home directory, as botocore expands it; relative paths are the working directory's. */
    private Path expand(String file) {
        return file.startsWith("~/") ? home.resolve(file.substring(2)) : Path.of(file);
    }
}
