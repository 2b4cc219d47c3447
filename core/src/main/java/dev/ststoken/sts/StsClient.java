package dev.ststoken.sts;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.ServerText;
import dev.ststoken.internal.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * STS's actions on a {@link QueryClient}: what each sends and how its answer is read. Sessions are
 * validated here before any caller sees them.
 */
public final class StsClient {
    public static final String STS_VERSION = "2011-06-15";
    private final QueryClient query;

    public StsClient(StsEndpoint endpoint, TlsSettings tls, Clock clock, Transport transport) {
        this(new QueryClient(endpoint, tls, clock, transport, "sts", STS_VERSION));
    }

    /** STS's actions over this client (another service's Query client works too, for its raw {@link #call}). */
    public StsClient(QueryClient query) {
        this.query = query;
    }

    public StsClient(StsEndpoint endpoint, TlsSettings tls, Clock clock) {
        this(endpoint, tls, clock, Transport.DEFAULT);
    }

    public StsEndpoint endpoint() {
        return query.endpoint();
    }

    public SessionCredentials getSessionToken(AwsCredentials caller, GetSessionTokenRequest request)
            throws StsException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (request.durationSeconds() != null) {
            params.add(Map.entry("DurationSeconds", request.durationSeconds().toString()));
        }
        if (request.serialNumber() != null) {
            params.add(Map.entry("SerialNumber", request.serialNumber()));
        }
        if (request.tokenCode() != null) {
            params.add(Map.entry("TokenCode", request.tokenCode()));
        }
        QueryResult result = call("GetSessionToken", params, caller);
        return credentialsFrom(result.child("Credentials"), "GetSessionToken");
    }

    public AssumedRole assumeRole(AwsCredentials caller, AssumeRoleRequest request) throws StsException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("RoleArn", request.roleArn()));
        params.add(Map.entry("RoleSessionName", request.roleSessionName()));
        if (request.durationSeconds() != null) {
            params.add(Map.entry("DurationSeconds", request.durationSeconds().toString()));
        }
        if (request.externalId() != null) {
            params.add(Map.entry("ExternalId", request.externalId()));
        }
        if (request.serialNumber() != null) {
            params.add(Map.entry("SerialNumber", request.serialNumber()));
        }
        if (request.tokenCode() != null) {
            params.add(Map.entry("TokenCode", request.tokenCode()));
        }
        if (request.policy() != null) {
            params.add(Map.entry("Policy", request.policy()));
        }
        QueryResult result = call("AssumeRole", params, caller);
        SessionCredentials credentials = credentialsFrom(result.child("Credentials"), "AssumeRole");
        QueryResult user = result.child("AssumedRoleUser");
        String arn = user == null ? null : user.textAt("Arn");
        String id = user == null ? null : user.textAt("AssumedRoleId");
        if (isBlank(arn) || isBlank(id)) {
            throw new StsTransportException(malformed("AssumeRole") + " (no AssumedRoleUser)", null);
        }
        return new AssumedRole(credentials, ServerText.printable(arn), ServerText.printable(id));
    }

    /** AssumeRoleWithWebIdentity: unsigned, the token is the credential. */
    public AssumedRole assumeRoleWithWebIdentity(WebIdentityRequest request) throws StsException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("RoleArn", request.roleArn()));
        params.add(Map.entry("RoleSessionName", request.roleSessionName()));
        params.add(Map.entry("WebIdentityToken", request.webIdentityToken()));
        if (request.durationSeconds() != null) {
            params.add(Map.entry("DurationSeconds", request.durationSeconds().toString()));
        }
        QueryResult result = call("AssumeRoleWithWebIdentity", params, null);
        SessionCredentials credentials = credentialsFrom(result.child("Credentials"), "AssumeRoleWithWebIdentity");
        QueryResult user = result.child("AssumedRoleUser");
        String arn = user == null ? null : user.textAt("Arn");
        String id = user == null ? null : user.textAt("AssumedRoleId");
        if (isBlank(arn) || isBlank(id)) {
            throw new StsTransportException(malformed("AssumeRoleWithWebIdentity") + " (no AssumedRoleUser)", null);
        }
        return new AssumedRole(credentials, ServerText.printable(arn), ServerText.printable(id));
    }

    public CallerIdentity getCallerIdentity(AwsCredentials caller) throws StsException {
        QueryResult result = call("GetCallerIdentity", List.of(), caller);
        String arn = result.textAt("Arn");
        if (arn == null) {
            throw new StsTransportException(malformed("GetCallerIdentity"), null);
        }
        return new CallerIdentity(
                ServerText.printable(result.textAt("UserId")),
                ServerText.printable(result.textAt("Account")),
                ServerText.printable(arn));
    }

    /** Reads a {@code <Credentials>} element; shared by GetSessionToken and AssumeRole. */
    public SessionCredentials credentialsFrom(QueryResult credentials, String action) throws StsTransportException {
        if (credentials == null) {
            throw new StsTransportException(malformed(action), null);
        }
        String keyId = credentials.textAt("AccessKeyId");
        String secret = credentials.textAt("SecretAccessKey");
        String token = credentials.textAt("SessionToken");
        String expiration = credentials.textAt("Expiration");
        if (isBlank(keyId) || isBlank(secret) || isBlank(token) || isBlank(expiration)) {
            throw new StsTransportException(malformed(action), null);
        }
        Instant expires;
        try {
            expires = parseTimestamp(expiration);
        } catch (DateTimeParseException e) {
            throw new StsTransportException(malformed(action) + " (bad Expiration)", null);
        }
        checkValues(action, keyId, secret, token, expires);
        return new SessionCredentials(new AwsCredentials(keyId, secret, token), expires);
    }

    /**
     * Nothing an endpoint says reaches a file, a shell format or the terminal unchecked: a hostile
     * or intercepted endpoint could otherwise plant a line break, a quote or an escape sequence.
     * The messages name the field, never its value.
     */
    private void checkValues(String action, String keyId, String secret, String token, Instant expires)
            throws StsTransportException {
        if (!CredentialValues.isAccessKeyId(keyId)) {
            throw new StsTransportException(malformed(action) + " (AccessKeyId is not an access key id)", null);
        }
        if (!CredentialValues.isOpaqueSecret(secret)) {
            throw new StsTransportException(
                    malformed(action)
                            + " (SecretAccessKey holds a space, a quote or a character outside printable ASCII)",
                    null);
        }
        if (!CredentialValues.isOpaqueSecret(token)) {
            throw new StsTransportException(
                    malformed(action) + " (SessionToken holds a space, a quote or a character outside printable ASCII)",
                    null);
        }
        if (!CredentialValues.isPlausibleExpiration(expires, query.clock().instant())) {
            throw new StsTransportException(
                    malformed(action) + " (Expiration " + expires
                            + " is not between now and the longest session STS grants)",
                    null);
        }
    }

    /** AWS writes ISO-8601 UTC with or without millis; tolerate offsets too, normalising to an Instant. */
    static Instant parseTimestamp(String value) {
        return Timestamps.parseIso8601(value);
    }

    /** One Query-protocol call on this client's service; see {@link QueryClient#call}. */
    public QueryResult call(String action, List<Map.Entry<String, String>> params, AwsCredentials caller)
            throws StsException {
        return query.call(action, params, caller);
    }

    private String malformed(String action) {
        return "malformed " + action + " response from " + query.endpoint().uri();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
