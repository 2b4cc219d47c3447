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
 * IAM Identity Center's OIDC service ({@code sso-oidc}, rest-json, unsigned): RegisterClient,
 * StartDeviceAuthorization and CreateToken for the device code and authorization code grants (a
 * sign-in), and CreateToken with the refresh token grant, which renews a sign-in's access token
 * without a browser, as botocore's SSOTokenProvider does near the token's end. Never retried: a
 * code or refresh token is not presented twice.
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

    /**
     * RegisterClient: a public client named as the AWS CLI names its own ({@code botocore-client-NAME}).
     *
     * @param redirectUri the loopback redirect for the authorization code flow, or null for the device flow
     */
    public Registration register(String name, List<String> scopes, String redirectUri, String issuerUrl)
            throws StsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientName", "botocore-client-" + name);
        body.put("clientType", "public");
        if (!scopes.isEmpty()) body.put("scopes", scopes);
        List<String> grants = redirectUri == null
                ? List.of(Registration.DEVICE_CODE, Registration.REFRESH_TOKEN)
                : List.of(Registration.AUTHORIZATION_CODE, Registration.REFRESH_TOKEN);
        body.put("grantTypes", grants);
        if (redirectUri != null) {
            body.put("redirectUris", List.of(redirectUri));
            body.put("issuerUrl", issuerUrl);
        }
        Map<String, Object> answer = client.call("POST", "/client/register", List.of(), body, false);
        Object id = answer.get("clientId");
        Object secret = answer.get("clientSecret");
        Object expires = answer.get("clientSecretExpiresAt");
        if (!(id instanceof String)
                || !isToken((String) id)
                || !(secret instanceof String)
                || !isToken((String) secret)) {
            throw malformed("RegisterClient", "clientId or clientSecret is missing or not printable ASCII");
        }
        Instant now = client.clock().instant();
        if (!(expires instanceof Long) || (Long) expires <= now.getEpochSecond()) {
            throw malformed("RegisterClient", "clientSecretExpiresAt is not a time to come");
        }
        return new Registration(
                (String) id, (String) secret, Instant.ofEpochSecond((Long) expires), List.copyOf(scopes), grants);
    }

    /** What StartDeviceAuthorization gives: the code we poll with, and what the user opens and types. */
    public record DeviceAuthorization(
            String deviceCode,
            String userCode,
            String verificationUri,
            String verificationUriComplete,
            Instant expiresAt,
            long interval) {
        @Override
        public String toString() {
            return "DeviceAuthorization[userCode=" + userCode + ", expiresAt=" + expiresAt + "]";
        }
    }

    public DeviceAuthorization startDeviceAuthorization(Registration registration, String startUrl)
            throws StsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", registration.clientId());
        body.put("clientSecret", registration.clientSecret());
        body.put("startUrl", startUrl);
        Map<String, Object> answer = client.call("POST", "/device_authorization", List.of(), body, false);
        Object device = answer.get("deviceCode");
        Object user = answer.get("userCode");
        Object uri = answer.get("verificationUri");
        Object complete = answer.get("verificationUriComplete");
        Object expiresIn = answer.get("expiresIn");
        Object interval = answer.get("interval");
        if (!(device instanceof String) || !isToken((String) device)) {
            throw malformed("StartDeviceAuthorization", "deviceCode is missing or not printable ASCII");
        }
        if (!(user instanceof String) || !((String) user).matches("[A-Z0-9-]{4,16}")) {
            throw malformed("StartDeviceAuthorization", "userCode is not letters, digits and dashes");
        }
        if (!isWebUrl(uri) || (complete != null && !isWebUrl(complete))) {
            throw malformed("StartDeviceAuthorization", "verificationUri is not an http(s) URL");
        }
        if (!(expiresIn instanceof Long) || (Long) expiresIn <= 0 || (Long) expiresIn > 3600) {
            throw malformed("StartDeviceAuthorization", "expiresIn is not a number of seconds up to an hour");
        }
        long seconds = interval instanceof Long ? Math.max(1, Math.min(60, (Long) interval)) : 5;
        return new DeviceAuthorization(
                (String) device,
                (String) user,
                (String) uri,
                complete != null ? (String) complete : (String) uri,
                client.clock().instant().plusSeconds((Long) expiresIn),
                seconds);
    }

    /** CreateToken with the device code: AuthorizationPendingException and SlowDownException come as they are. */
    public SsoToken deviceToken(Registration registration, DeviceAuthorization device, String startUrl, String region)
            throws StsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", registration.clientId());
        body.put("clientSecret", registration.clientSecret());
        body.put("grantType", Registration.DEVICE_CODE);
        body.put("deviceCode", device.deviceCode());
        return token(body, registration, startUrl, region);
    }

    /** CreateToken with the authorization code, its redirect URI and the PKCE verifier. */
    public SsoToken codeToken(
            Registration registration, String code, String redirectUri, String verifier, String startUrl, String region)
            throws StsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", registration.clientId());
        body.put("clientSecret", registration.clientSecret());
        body.put("grantType", Registration.AUTHORIZATION_CODE);
        body.put("code", code);
        body.put("redirectUri", redirectUri);
        body.put("codeVerifier", verifier);
        return token(body, registration, startUrl, region);
    }

    private SsoToken token(Map<String, Object> body, Registration registration, String startUrl, String region)
            throws StsException {
        Map<String, Object> answer = client.call("POST", "/token", List.of(), body, false);
        Instant now = client.clock().instant();
        Object access = answer.get("accessToken");
        Object expiresIn = answer.get("expiresIn");
        Object refresh = answer.get("refreshToken");
        if (!(access instanceof String) || !isToken((String) access)) {
            throw malformed("CreateToken", "accessToken is missing or holds a character outside printable ASCII");
        }
        if (!(expiresIn instanceof Long) || (Long) expiresIn <= 0 || (Long) expiresIn > LONGEST_TOKEN_SECONDS) {
            throw malformed("CreateToken", "expiresIn is not a number of seconds up to 90 days");
        }
        if (refresh != null && !(refresh instanceof String && isToken((String) refresh))) {
            throw malformed("CreateToken", "refreshToken holds a character outside printable ASCII");
        }
        return new SsoToken(
                startUrl,
                region,
                (String) access,
                now.plusSeconds((Long) expiresIn),
                (String) refresh,
                registration.clientId(),
                registration.clientSecret(),
                registration.expiresAt());
    }

    private static boolean isWebUrl(Object value) {
        return value instanceof String
                && ((String) value).length() <= 2048
                && (((String) value).startsWith("https://") || ((String) value).startsWith("http://"))
                && ((String) value).chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private StsTransportException malformed(String action, String what) {
        return new StsTransportException(
                "a malformed " + action + " answer from " + client.endpoint() + " (" + what + ")", null);
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
