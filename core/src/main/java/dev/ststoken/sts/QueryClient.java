package dev.ststoken.sts;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.internal.Xml;
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
 * The AWS Query protocol, for any service that speaks it (STS, IAM): form-encode the action and
 * its parameters, sign with SigV4, POST, retry what may succeed on another try, correct a clock
 * skew the server reveals, and turn the answer into its {@code <ActionResult>} element or a typed
 * error. Service facades ({@link StsClient}) build on it and know their actions' shapes; this class
 * knows none. Uses {@link HttpURLConnection}: the JDK's lightest HTTP client, which costs a
 * fraction of java.net.http's start-up.
 */
public final class QueryClient {
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final StsEndpoint endpoint;
    private final TlsSettings tls;
    private final Clock clock;
    private final Transport transport;
    private final String service;
    private final String version;

    /**
     * @param service the SigV4 service name ({@code sts}, {@code iam})
     * @param version the API version every request carries
     */
    public QueryClient(
            StsEndpoint endpoint, TlsSettings tls, Clock clock, Transport transport, String service, String version) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.clock = clock;
        this.transport = transport;
        this.service = service;
        this.version = version;
    }

    public StsEndpoint endpoint() {
        return endpoint;
    }

    /** The clock requests are signed with and answers are judged by. */
    public Clock clock() {
        return clock;
    }

    /**
     * Sends one signed Query-protocol call and returns its {@code <ActionResult>} element. Throttling,
     * 5xx answers and connection failures are retried with exponential backoff and full jitter, up
     * to the transport's attempts, with the same request (an MFA code is never asked for again).
     * A signature refused as expired or not yet current is re-signed once with the clock offset
     * the server's Date header reveals. A null {@code caller} sends the call unsigned, for the actions
     * that take none (AssumeRoleWithWebIdentity).
     */
    public QueryResult call(String action, List<Map.Entry<String, String>> params, AwsCredentials caller)
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
                    return new QueryResult(interpret(action, response));
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
                    throw attempt > 1
                            ? new StsTransportException(
                                    e.getMessage() + " (after " + attempt + " attempts)", e.getCause(), false)
                            : e;
                }
            }
            backoff(attempt);
        }
    }

    private static boolean isClockSkew(StsServiceException e) {
        String message = e.awsMessage() == null ? "" : e.awsMessage();
        return e.code().equals("RequestTimeTooSkewed")
                || e.code().equals("RequestExpired")
                || (e.code().equals("SignatureDoesNotMatch")
                        && (message.startsWith("Signature expired")
                                || message.startsWith("Signature not yet current")));
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
        Xml.Element error = root.name().equals("ErrorResponse")
                ? root.child("Error")
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
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), Map.entry("Host", host));
        HttpRequestParts unsigned = new HttpRequestParts("POST", path, uri.getRawQuery(), headers, body);
        List<Map.Entry<String, String>> signed;
        if (caller == null) {
            signed = headers; // an action that takes no signature (AssumeRoleWithWebIdentity)
        } else {
            checkSendable(caller, uri);
            signed = new SigV4Signer(skew.isZero() ? clock : Clock.offset(clock, skew))
                    .signHeaders(unsigned, caller, endpoint.signingRegion(), service);
        }
        HttpURLConnection connection = null;
        HandshakeGuard handshake = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(transport.proxyFor(uri));
            if (connection instanceof HttpsURLConnection) {
                handshake = Tls.configure((HttpsURLConnection) connection, tls, (int)
                        transport.connectTimeout().toMillis());
            }
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) transport.connectTimeout().toMillis());
            connection.setReadTimeout((int) transport.readTimeout().toMillis());
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            // Streaming mode also means HttpURLConnection never re-sends the POST by itself when a
            // kept-alive connection fails (a re-sent GetSessionToken would present the same MFA code
            // twice), without a JVM-wide property that would change every other client in the process.
            connection.setFixedLengthStreamingMode(body.length);
            for (Map.Entry<String, String> header : signed) {
                if (!header.getKey().equalsIgnoreCase("Host")) {
                    setHeader(connection, header.getKey(), header.getValue(), uri);
                }
            }
            connection.setRequestProperty("User-Agent", "sts-session-token/0.1");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = in == null ? "" : readLimited(in, MAX_RESPONSE_BYTES);
            return new Response(
                    status,
                    text,
                    connection.getHeaderField("x-amzn-RequestId"),
                    httpDate(connection.getHeaderField("Date")));
        } catch (IOException e) {
            throw failure(uri, e, handshake, transport.connectTimeout());
        }
    }

    /**
     * What went wrong in the user's words, and whether another attempt may help. Shared by every
     * call this package makes over HTTP (the federation endpoint too).
     *
     * @param uri       the endpoint as messages may show it (never a URL holding secrets)
     * @param handshake the connection's TLS guard, or null for plain http
     */
    static StsTransportException failure(URI uri, IOException e, HandshakeGuard handshake, Duration connectTimeout) {
        boolean stalledInHandshake = handshake != null && handshake.stalledInHandshake();
        if (e instanceof SSLException) {
            return new StsTransportException("TLS failure talking to " + uri + ": " + Tls.describe(e), e);
        }
        if (e instanceof SocketTimeoutException) {
            if (stalledInHandshake) {
                // Not retried: a port that does not speak TLS will not start to on the next attempt.
                return new StsTransportException(
                        "TLS failure talking to " + uri + ": no TLS answer within " + connectTimeout.toSeconds()
                                + " s (is the endpoint plain http? try http://)",
                        e);
            }
            return new StsTransportException("timed out talking to " + uri, e, true);
        }
        if (e instanceof UnknownHostException) {
            return new StsTransportException("cannot resolve host " + uri.getHost(), e);
        }
        if (stalledInHandshake) {
            return new StsTransportException(
                    "TLS failure talking to " + uri + ": the connection closed during the "
                            + "TLS handshake (is the endpoint plain http? try http://)",
                    e);
        }
        if ("http".equals(uri.getScheme()) && describe(e).startsWith("Invalid Http response")) {
            return new StsTransportException(
                    "cannot talk to " + uri + ": the answer was not HTTP (is the endpoint " + "https? try https://)",
                    e);
        }
        if ("http".equals(uri.getScheme()) && describe(e).startsWith("Unexpected end of file")) {
            // Also what a flaky server does, so still retried; the hint covers the TLS port case.
            return new StsTransportException(
                    "cannot reach " + uri + ": the server closed the connection without "
                            + "an answer (if the endpoint speaks TLS, use https://)",
                    e,
                    true);
        }
        return new StsTransportException("cannot reach " + uri + ": " + describe(e), e, true);
    }

    /**
     * The caller's key id and session token travel in headers. Refused here, by name, when they hold
     * a line break or a non-ASCII character: the JDK's own refusal quotes the value, and a debug
     * stack trace would print it.
     */
    private static void checkSendable(AwsCredentials caller, URI uri) throws StsTransportException {
        if (!CredentialValues.isHeaderValue(caller.accessKeyId())) {
            throw new StsTransportException(unsendable(uri, "access key id"), null);
        }
        if (caller.sessionToken() != null && !CredentialValues.isHeaderValue(caller.sessionToken())) {
            throw new StsTransportException(unsendable(uri, "session token"), null);
        }
    }

    private static String unsendable(URI uri, String what) {
        return "cannot send a request to " + uri + ": the calling credentials' " + what
                + " holds a line break or a character outside printable ASCII (check where it is configured)";
    }

    /** Defence in depth behind {@link #checkSendable}: no header value ever reaches an exception message. */
    private static void setHeader(HttpURLConnection connection, String name, String value, URI uri)
            throws StsTransportException {
        if (!CredentialValues.isHeaderValue(value)) {
            throw new StsTransportException(unsendable(uri, name + " header"), null);
        }
        connection.setRequestProperty(name, value);
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
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
        boolean defaultPort = port == -1
                || ("https".equals(uri.getScheme()) && port == 443)
                || ("http".equals(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** The whole body, refused past {@code max} bytes: a hostile endpoint must not fill the memory. */
    static String readLimited(InputStream in, int max) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > max) {
                    throw new IOException("response larger than " + max + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
