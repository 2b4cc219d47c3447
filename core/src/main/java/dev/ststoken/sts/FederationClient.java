package dev.ststoken.sts;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.http.Http1Client;
import dev.ststoken.http.Request;
import dev.ststoken.http.Response;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS federation endpoint ({@code https://signin.aws.amazon.com/federation}): trades a role
 * session for a sign-in token ({@code getSigninToken}), from which a console sign-in URL
 * ({@code login}) is made. AWS refuses sessions from GetSessionToken there, so callers use a role
 * session. Everything the endpoint answers is validated before it reaches a URL or a terminal.
 */
public final class FederationClient {
    private static final int MAX_ANSWER = 16 * 1024;
    private final URI endpoint;
    private final TlsSettings tls;
    private final Transport transport;

    public FederationClient(URI endpoint, TlsSettings tls, Transport transport) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.transport = transport;
    }

    /**
     * The federation endpoint of the partition a region belongs to; for a custom STS endpoint (an
     * emulator, a proxy) the same host's {@code /federation}.
     */
    public static URI forEndpoint(StsEndpoint sts, boolean customEndpoint) {
        if (customEndpoint) {
            String base = sts.uri().toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/federation");
        }
        String host = sts.uri().getHost();
        if (host.endsWith(".amazonaws.com.cn")) {
            return URI.create("https://signin.amazonaws.cn/federation");
        }
        if (sts.signingRegion().startsWith("us-gov-")) {
            return URI.create("https://signin.amazonaws-us-gov.com/federation");
        }
        return URI.create("https://signin.aws.amazon.com/federation");
    }

    /** The console of the same partition, where the sign-in lands by default. */
    public static String consoleFor(URI federation) {
        String host = federation.getHost();
        if (host.equals("signin.amazonaws.cn")) {
            return "https://console.amazonaws.cn/";
        }
        if (host.equals("signin.amazonaws-us-gov.com")) {
            return "https://console.amazonaws-us-gov.com/";
        }
        return "https://console.aws.amazon.com/";
    }

    /** {@code Action=getSigninToken}: a token valid for 15 minutes that signs in as the session. */
    public String signinToken(SessionCredentials session, Integer sessionDurationSeconds) throws StsException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sessionId", session.accessKeyId());
        json.put("sessionKey", session.secretAccessKey());
        json.put("sessionToken", session.sessionToken());
        StringBuilder query = new StringBuilder("Action=getSigninToken");
        if (sessionDurationSeconds != null) {
            query.append("&SessionDuration=").append(sessionDurationSeconds);
        }
        query.append("&Session=").append(PercentEncoding.encode(Json.write(json)));
        String answer = get(URI.create(endpoint + "?" + query));
        Object token;
        try {
            token = Json.parseObject(answer).get("SigninToken");
        } catch (RuntimeException e) {
            throw new StsTransportException("malformed getSigninToken answer from " + endpoint, null);
        }
        if (!(token instanceof String) || !isToken((String) token)) {
            throw new StsTransportException(
                    "malformed getSigninToken answer from " + endpoint + " (no usable SigninToken)", null);
        }
        return (String) token;
    }

    /** {@code Action=login}: the URL that signs the browser in and goes to {@code destination}. */
    public URI loginUrl(String signinToken, String issuer, String destination) {
        return URI.create(endpoint + "?Action=login&Issuer=" + PercentEncoding.encode(issuer) + "&Destination="
                + PercentEncoding.encode(destination) + "&SigninToken=" + PercentEncoding.encode(signinToken));
    }

    /** Printable ASCII without spaces, quotes or anything a URL or shell would read specially. */
    private static boolean isToken(String value) {
        if (value.isEmpty() || value.length() > 8192) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || "-_.~+/=".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private String get(URI uri) throws StsException {
        Response response;
        try {
            response = Http1Client.send(
                    new Request("GET", uri, List.of(Map.entry("User-Agent", "sts-session-token/0.1")), null),
                    transport.route(uri, tls, MAX_ANSWER));
        } catch (IOException e) {
            // Named by the endpoint, never by the URL: its query holds the session's secret key.
            throw QueryClient.failure(endpoint, e, transport.connectTimeout());
        }
        int status = response.status();
        if (status != 200) {
            // The federation endpoint answers a refused session with a bare status (400/403).
            throw new StsServiceException(
                    status == 400 || status == 403 ? "AccessDenied" : "FederationError",
                    "the federation endpoint refused the session (HTTP " + status + ")",
                    status,
                    null);
        }
        return response.text();
    }
}
