package dev.ststoken.sso;

import dev.ststoken.config.CredentialSource;
import dev.ststoken.config.Profile;
import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Identity Center profiles as a credential source: the profile's sign-in, whose role session the
 * session service fetches (and caches) when one is needed; nothing for other profiles. The portal
 * and OIDC endpoints are AWS's for the sso_region unless {@code AWS_ENDPOINT_URL_SSO} /
 * {@code AWS_ENDPOINT_URL_SSO_OIDC}, the profile's services section ({@code sso} / {@code sso_oidc}),
 * {@code AWS_ENDPOINT_URL} or the profile's {@code endpoint_url} say otherwise, as botocore orders
 * them (all ignored with ignore_configured_endpoint_urls).
 */
public final class IdentityCenterCredentials implements CredentialSource {
    private final Map<String, String> env;
    private final TokenCache tokens;
    private final Clock clock;

    public IdentityCenterCredentials(Map<String, String> env, TokenCache tokens, Clock clock) {
        this.env = env;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Found find(Profile profile) throws ConfigException {
        IdentityCenterSignIn signIn = signIn(profile);
        if (signIn == null) {
            return null;
        }
        SsoProfile sso = signIn.profile();
        return new Found(
                null,
                "IAM Identity Center (" + sso.signInName() + ", account " + sso.accountId() + ", role " + sso.roleName()
                        + ", profile " + profile.name() + ")",
                null,
                signIn);
    }

    /** The profile's sign-in, or null when it is no Identity Center profile. */
    public IdentityCenterSignIn signIn(Profile profile) throws ConfigException {
        SsoProfile sso = SsoProfile.of(profile);
        if (sso == null) {
            return null;
        }
        URI portal = endpoint(profile, "AWS_ENDPOINT_URL_SSO", "sso", "https://portal.sso." + sso.region());
        URI oidc = endpoint(profile, "AWS_ENDPOINT_URL_SSO_OIDC", "sso_oidc", "https://oidc." + sso.region());
        return new IdentityCenterSignIn(sso, portal, oidc, tokens, clock);
    }

    /** The OIDC endpoint a sign-in of this region uses (profile null for a bare --sso-session). */
    public URI oidcEndpoint(Profile profile, String region) throws ConfigException {
        return endpoint(profile, "AWS_ENDPOINT_URL_SSO_OIDC", "sso_oidc", "https://oidc." + region);
    }

    /** The portal endpoint (profile null for a bare --sso-session). */
    public URI portalEndpoint(Profile profile, String region) throws ConfigException {
        return endpoint(profile, "AWS_ENDPOINT_URL_SSO", "sso", "https://portal.sso." + region);
    }

    private URI endpoint(Profile profile, String variable, String service, String awsHost) throws ConfigException {
        boolean ignore = "true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                || (profile != null && "true".equalsIgnoreCase(profile.get("ignore_configured_endpoint_urls")));
        String url = null;
        if (!ignore) {
            url = nonBlank(env.get(variable));
            if (url == null && profile != null) url = nonBlank(profile.serviceEndpoint(service));
            if (url == null) url = nonBlank(env.get("AWS_ENDPOINT_URL"));
            if (url == null && profile != null) url = nonBlank(profile.get("endpoint_url"));
        }
        return Validation.endpointUrl(url != null ? url : awsHost + ".amazonaws.com");
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
