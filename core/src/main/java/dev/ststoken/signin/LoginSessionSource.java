package dev.ststoken.signin;

import dev.ststoken.config.CredentialSource;
import dev.ststoken.config.Profile;
import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * {@code login_session} profiles (the AWS CLI's {@code aws login}) as a credential source: the
 * profile's sign-in, whose credentials the session service takes (and a role chain starts from) when
 * one is needed; nothing for other profiles. The sign-in service is AWS's for the profile's region
 * unless {@code AWS_ENDPOINT_URL_SIGNIN}, the profile's services section ({@code signin}),
 * {@code AWS_ENDPOINT_URL} or the profile's {@code endpoint_url} say otherwise (all ignored with
 * ignore_configured_endpoint_urls), as for the other services.
 */
public final class LoginSessionSource implements CredentialSource {
    private final Map<String, String> env;
    private final Clock clock;

    public LoginSessionSource(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Found find(Profile profile) throws ConfigException {
        String session = profile.get("login_session");
        if (session == null) {
            return null;
        }
        if (session.isBlank()) {
            throw new ConfigException("profile '" + profile.name() + "' has an empty login_session");
        }
        LoginSessionSignIn signIn = new LoginSessionSignIn(
                profile.name(),
                new LoginSessionCredentials(LoginCache.directory(env), session, endpoint(profile), clock));
        return new Found(null, "login session " + session + " (profile " + profile.name() + ")", null, signIn);
    }

    private URI endpoint(Profile profile) throws ConfigException {
        boolean ignore = "true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                || "true".equalsIgnoreCase(profile.get("ignore_configured_endpoint_urls"));
        String url = null;
        if (!ignore) {
            url = nonBlank(env.get("AWS_ENDPOINT_URL_SIGNIN"));
            if (url == null) url = nonBlank(profile.serviceEndpoint("signin"));
            if (url == null) url = nonBlank(env.get("AWS_ENDPOINT_URL"));
            if (url == null) url = nonBlank(profile.get("endpoint_url"));
        }
        if (url != null) {
            return Validation.endpointUrl(url);
        }
        String region = nonBlank(env.get("AWS_REGION"));
        if (region == null) region = nonBlank(env.get("AWS_DEFAULT_REGION"));
        if (region == null) region = nonBlank(profile.get("region"));
        if (region == null) {
            throw new ConfigException("login_session profile '" + profile.name()
                    + "' needs a region (the sign-in service is regional): set region in the profile or AWS_REGION");
        }
        try {
            return LoginSessionCredentials.endpoint(region, Map.of());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("login_session profile '" + profile.name() + "': " + e.getMessage());
        }
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
