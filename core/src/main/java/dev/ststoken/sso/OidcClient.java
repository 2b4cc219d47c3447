package dev.ststoken.sso;

import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.sts.CredentialValues;
import dev.ststoken.sts.RestJsonClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM Identity Center's OIDC service ({@code sso-oidc}, rest-json, unsigned): CreateToken with the
 * refresh token grant, which renews a sign-in's access token without a browser, as botocore's
 * SSOTokenProvider does near the token's end. Never retried: a refresh token is not presented twice.
 */
public final class OidcClient {
    /** The longest access token we accept: a sign-in's session lasts at most 90 days. */
    static final long LONGEST_TOKEN_SECONDS = 90L * 24 * 3600;

    private final RestJsonClient client;

    public OidcClient(RestJsonClient client) {
        this.client = client;
    }

    /**
     * A renewed token: the new access token and its end, the registration kept, the refresh token
     * the answer gives (else the old one, as botocore keeps it).
     */
    public SsoToken refresh(SsoToken token, String startUrl, String region) throws StsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", token.clientId());
        body.put("clientSecret", token.clientSecret());
        body.put("grantType", "refresh_token");
        body.put("refreshToken", token.refreshToken());
        Map<String, Object> answer = client.call("POST", "/token", List.of(), body, false);
        Instant now = client.clock().instant();
        Object access = answer.get("accessToken");
        Object expiresIn = answer.get("expiresIn");
        Object refresh = answer.get("refreshToken");
        if (!(access instanceof String) || !isToken((String) access)) {
            throw malformed("accessToken is missing or holds a character outside printable ASCII");
        }
        if (!(expiresIn instanceof Long) || (Long) expiresIn <= 0 || (Long) expiresIn > LONGEST_TOKEN_SECONDS) {
            throw malformed("expiresIn is not a number of seconds up to 90 days");
        }
        if (refresh != null && !(refresh instanceof String && isToken((String) refresh))) {
            throw malformed("refreshToken holds a character outside printable ASCII");
        }
        return new SsoToken(
                startUrl,
                region,
                (String) access,
                now.plusSeconds((Long) expiresIn),
                refresh != null ? (String) refresh : token.refreshToken(),
                token.clientId(),
                token.clientSecret(),
                token.registrationExpiresAt());
    }

    /** What may go into a header and a file: printable ASCII, no space, at most 16 KiB. */
    static boolean isToken(String value) {
        return !value.isEmpty() && value.length() <= 16_384 && CredentialValues.isOpaqueSecret(value);
    }

    private StsTransportException malformed(String what) {
        return new StsTransportException(
                "a malformed CreateToken answer from " + client.endpoint() + " (" + what + ")", null);
    }
}
