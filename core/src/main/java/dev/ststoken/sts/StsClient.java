package dev.ststoken.sts;

import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.internal.Xml;
import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * STS over the Query protocol with {@link HttpURLConnection}: the JDK's lightest HTTP client, which
 * loads far fewer classes than java.net.http, and every command line call starts a JVM.
 */
public final class StsClient {
    public static final String STS_VERSION = "2011-06-15";
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    static {
        // HttpURLConnection silently re-sends a POST once when a kept-alive connection fails; a
        // re-sent GetSessionToken would present the same MFA code twice and be refused as reused.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    private final StsEndpoint endpoint;
    private final TlsSettings tls;
    private final Clock clock;
    private final Transport transport;
    private final String service;
    private final String version;

    public StsClient(StsEndpoint endpoint, TlsSettings tls, Clock clock, Transport transport) {
        this(endpoint, tls, clock, transport, "sts", STS_VERSION);
    }

    /** For other Query-protocol services on the same endpoint (the emulator's IAM). */
    public StsClient(StsEndpoint endpoint, TlsSettings tls, Clock clock, Transport transport, String service,
                     String version) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.clock = clock;
        this.transport = transport;
        this.service = service;
        this.version = version;
    }

    /** One attempt with these timeouts: what tests and tools that want a direct answer use. */
    public StsClient(StsEndpoint endpoint, TlsSettings tls, Clock clock, Duration connectTimeout, Duration readTimeout,
                     String service, String version) {
        this(endpoint, tls, clock, Transport.DEFAULT.withTimeouts(connectTimeout, readTimeout).withMaxAttempts(1), service,
                version);
    }

    public StsClient(StsEndpoint endpoint, TlsSettings tls, Clock clock) {
        this(endpoint, tls, clock, Transport.DEFAULT);
    }

    public StsEndpoint endpoint() {
        return endpoint;
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
        Xml.Element result = call("GetSessionToken", params, caller);
        return credentialsFrom(result.child("Credentials"), "GetSessionToken");
    }

    public CallerIdentity getCallerIdentity(AwsCredentials caller) throws StsException {
        Xml.Element result = call("GetCallerIdentity", List.of(), caller);
        String arn = result.textAt("Arn");
        if (arn == null) {
            throw new StsTransportException(malformed("GetCallerIdentity"), null);
        }
        return new CallerIdentity(result.textAt("UserId"), result.textAt("Account"), arn);
    }

    /** Reads a {@code <Credentials>} element; shared by GetSessionToken and AssumeRole. */
    public SessionCredentials credentialsFrom(Xml.Element credentials, String action) throws StsTransportException {
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
        try {
            return new SessionCredentials(new AwsCredentials(keyId, secret, token), parseTimestamp(expiration));
        } catch (DateTimeParseException e) {
            throw new StsTransportException(malformed(action) + " (bad Expiration)", null);
        }
    }

    /** AWS writes ISO-8601 UTC with or without millis; tolerate offsets too, normalising to an Instant. */
    static Instant parseTimestamp(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return java.time.OffsetDateTime.parse(value).toInstant();
        }
    }

    /**
     * Sends one signed Query-protocol call and returns its {@code <ActionResult>} element. Throttling,
     * 5xx answers and connection failures are retried with exponential backoff and full jitter, up
     * to the transport's attempts, with the same request (an MFA code is never asked for again).
     * A signature refused as expired or not yet current is re-signed once with the clock offset
     * the server's Date header reveals.
     */
    public Xml.Element call(String action, List<Map.Entry<String, String>> params, AwsCredentials caller)
            throws StsException {
        List<Map.Entry<String, String>> form = new ArrayList<>(params.size() + 2);
        form.add(Map.entry("Action", action));
        form.add(Map.entry("Version", version));
        form.addAll(params);
        byte[] body = PercentEncoding.formEncode(form).getBytes(StandardCharsets.UTF_8);
        Duration skew = Duration.ZERO;
        boolean skewCorrected = false;
        for (int attempt = 1; ; attempt++) {
            try {
                Response response = post(body, caller, skew);
                try {
                    return interpret(action, response);
                } catch (StsServiceException e) {
                    Instant serverTime = response.date;
                    if (!skewCorrected && serverTime != null && isClockSkew(e)) {
                        skew = Duration.between(clock.instant(), serverTime);
                        skewCorrected = true;
                        attempt--;
                        continue;
                    }
                    if (!(e.isThrottling() || e.httpStatus() >= 500) || attempt >= transport.maxAttempts()) {
                        throw e;
                    }
                }
            } catch (StsTransportException e) {
                if (!e.retryable() || attempt >= transport.maxAttempts()) {
                    throw attempt > 1 ? new StsTransportException(e.getMessage() + " (after " + attempt + " attempts)",
                            e.getCause(), false) : e;
                }
            }
            backoff(attempt);
        }
    }

    private static boolean isClockSkew(StsServiceException e) {
        String message = e.awsMessage() == null ? "" : e.awsMessage();
        return e.code().equals("RequestTimeTooSkewed") || e.code().equals("RequestExpired")
                || (e.code().equals("SignatureDoesNotMatch")
                        && (message.startsWith("Signature expired") || message.startsWith("Signature not yet current")));
    }

    /** Full jitter: a random wait up to 200 ms x 2^(attempt-1), capped at 20 s (AWS's recommended scheme). */
    private void backoff(int attempt) throws StsTransportException {
        long ceiling = Math.min(20_000L, 200L << Math.min(attempt - 1, 16));
        long millis = (long) (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * ceiling);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StsTransportException("interrupted while waiting to retry", e);
        }
    }

    private Xml.Element interpret(String action, Response response) throws StsException {
        Xml.Element root;
        try {
            root = Xml.parse(response.body);
        } catch (Xml.ParseException e) {
            throw new StsTransportException(notAws(response.status), null, response.status >= 500);
        }
        if (response.status == 200) {
            if (!root.name().equals(action + "Response")) {
                throw new StsTransportException(notAws(response.status), null);
            }
            Xml.Element result = root.child(action + "Result");
            // Actions without output members (IAM's DeleteUser, EnableMFADevice…) have no Result element.
            return result != null ? result : Xml.Element.empty(action + "Result");
        }
        Xml.Element error = root.name().equals("ErrorResponse") ? root.child("Error")
                : root.name().equals("Error") ? root : null;
        if (error == null || isBlank(error.textAt("Code"))) {
            throw new StsTransportException(notAws(response.status), null, response.status >= 500);
        }
        String requestId = root.textAt("RequestId");
        if (requestId == null) {
            requestId = root.textAt("RequestID");
        }
        if (requestId == null) {
            requestId = response.requestId;
        }
        String message = error.textAt("Message");
        throw new StsServiceException(error.textAt("Code"), message == null ? "" : message, response.status, requestId);
    }

    private String malformed(String action) {
        return "malformed " + action + " response from " + endpoint.uri();
    }

    private String notAws(int status) {
        return endpoint.uri() + " answered HTTP " + status + " with something that is not an AWS response";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private record Response(int status, String body, String requestId, Instant date) {}

    private Response post(byte[] body, AwsCredentials caller, Duration skew) throws StsTransportException {
        URI uri = endpoint.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String host = hostHeader(uri);
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                Map.entry("Host", host));
        HttpRequestParts unsigned = new HttpRequestParts("POST", path, uri.getRawQuery(), headers, body);
        List<Map.Entry<String, String>> signed =
                new SigV4Signer(skew.isZero() ? clock : Clock.offset(clock, skew))
                        .signHeaders(unsigned, caller, endpoint.signingRegion(), service);
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(transport.proxyFor(uri));
            if (connection instanceof HttpsURLConnection) {
                Tls.configure((HttpsURLConnection) connection, tls);
            }
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) transport.connectTimeout().toMillis());
            connection.setReadTimeout((int) transport.readTimeout().toMillis());
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setFixedLengthStreamingMode(body.length);
            for (Map.Entry<String, String> header : signed) {
                if (!header.getKey().equalsIgnoreCase("Host")) {
                    connection.setRequestProperty(header.getKey(), header.getValue());
                }
            }
            connection.setRequestProperty("User-Agent", "sts-session-token/0.1");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = in == null ? "" : readLimited(in);
            return new Response(status, text, connection.getHeaderField("x-amzn-RequestId"),
                    httpDate(connection.getHeaderField("Date")));
        } catch (SSLException e) {
            throw new StsTransportException("TLS failure talking to " + uri + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new StsTransportException("timed out talking to " + uri, e, true);
        } catch (UnknownHostException e) {
            throw new StsTransportException("cannot resolve host " + uri.getHost(), e);
        } catch (IOException e) {
            throw new StsTransportException("cannot reach " + uri + ": " + describe(e), e, true);
        }
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The Host header HttpURLConnection will send: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
                || ("http".equals(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static String readLimited(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_RESPONSE_BYTES) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
