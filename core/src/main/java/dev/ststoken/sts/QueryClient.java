package dev.ststoken.sts;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.http.Http1Client;
import dev.ststoken.http.HttpFailure;
import dev.ststoken.http.Request;
import dev.ststoken.http.Response;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.internal.Xml;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The AWS Query protocol, for any service that speaks it (STS, IAM): form-encode the action and
 * its parameters, sign with SigV4, POST, retry what may succeed on another try, correct a clock
 * skew the server reveals, and turn the answer into its {@code <ActionResult>} element or a typed
 * error. Service facades ({@link StsClient}) build on it and know their actions' shapes; this class
 * knows none. Sends through {@link Http1Client}: HttpURLConnection's first use costs a cold
 * start some 175 classes and 2 MiB, java.net.http's far more.
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
                Answer response = post(body, caller, skew);
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

    private Xml.Element interpret(String action, Answer response) throws StsException {
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

    private record Answer(int status, String body, String requestId, Instant date) {}

    private Answer post(byte[] body, AwsCredentials caller, Duration skew) throws StsTransportException {
        URI uri = endpoint.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String host = Http1Client.hostHeader(uri); // what the client sends, which the signature covers
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
        List<Map.Entry<String, String>> sent = new ArrayList<>(signed.size());
        for (Map.Entry<String, String> header : signed) {
            if (!header.getKey().equalsIgnoreCase("Host")) { // the client writes the same Host itself
                sent.add(header); // and refuses, unquoted, a value that would break the request
            }
        }
        sent.add(Map.entry("User-Agent", "sts-session-token/0.1"));
        try {
            // One request per connection: nothing below ever re-sends the POST (a re-sent
            // GetSessionToken would present the same MFA code twice); the retry loop above decides.
            Response response = Http1Client.send(
                    new Request("POST", uri, sent, body), transport.route(uri, tls, MAX_RESPONSE_BYTES));
            return new Answer(
                    response.status(),
                    response.text(),
                    response.header("x-amzn-RequestId"),
                    Timestamps.parseHttpDateOrNull(response.header("Date")));
        } catch (IOException e) {
            throw failure(uri, e, transport.connectTimeout());
        }
    }

    /**
     * What went wrong in the user's words, and whether another attempt may help. Shared by every
     * call this package makes over HTTP (the federation endpoint too).
     *
     * @param uri the endpoint as messages may show it (never a URL holding secrets)
     */
    static StsTransportException failure(URI uri, IOException e, Duration connectTimeout) {
        if (e instanceof SSLException) {
            return new StsTransportException("TLS failure talking to " + uri + ": " + Tls.describe(e), e);
        }
        if (e instanceof SocketTimeoutException) {
            return new StsTransportException("timed out talking to " + uri, e, true);
        }
        if (e instanceof UnknownHostException) {
            String host = e.getMessage();
            return new StsTransportException(
                    host != null && !host.equals(uri.getHost()) && !("[" + host + "]").equals(uri.getHost())
                            ? "cannot resolve proxy host " + host + " for " + uri
                            : "cannot resolve host " + uri.getHost(),
                    e);
        }
        if (!(e instanceof HttpFailure)) {
            return new StsTransportException("cannot reach " + uri + ": " + describe(e), e, true);
        }
        HttpFailure.Kind kind = ((HttpFailure) e).kind();
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (kind == HttpFailure.Kind.TLS_STALLED) {
            // Not retried: a port that does not speak TLS will not start to on the next attempt.
            return new StsTransportException(
                    "TLS failure talking to " + uri + ": no TLS answer within " + connectTimeout.toSeconds()
                            + " s (is the endpoint plain http? try http://)",
                    e);
        }
        if (kind == HttpFailure.Kind.TLS_CLOSED) {
            return new StsTransportException(
                    "TLS failure talking to " + uri + ": the connection closed during the "
                            + "TLS handshake (is the endpoint plain http? try http://)",
                    e);
        }
        if (kind == HttpFailure.Kind.NOT_HTTP) {
            return new StsTransportException(
                    "cannot talk to " + uri + ": the answer was not HTTP"
                            + (http ? " (is the endpoint https? try https://)" : ""),
                    e);
        }
        if (kind == HttpFailure.Kind.CLOSED_BEFORE_ANSWER) {
            // Also what a flaky server does, so still retried; the hint covers the TLS port case.
            return new StsTransportException(
                    "cannot reach " + uri + ": the server closed the connection without an answer"
                            + (http ? " (if the endpoint speaks TLS, use https://)" : ""),
                    e,
                    true);
        }
        if (kind == HttpFailure.Kind.UNSENDABLE) {
            return new StsTransportException("cannot send a request to " + uri + ": " + e.getMessage(), e);
        }
        // A truncated answer may come whole next time; a malformed, oversized or refused one is
        // retried as any other connection failure was (the attempts are few and bounded).
        return new StsTransportException("cannot reach " + uri + ": " + e.getMessage(), e, true);
    }

    /**
     * The caller's key id and session token travel in headers. Refused here, by what they are (the
     * client would name only the header), when they hold a line break or a non-ASCII character.
     */
    private static void checkSendable(AwsCredentials caller, URI uri) throws StsTransportException {
        if (!Http1Client.isHeaderValue(caller.accessKeyId())) {
            throw new StsTransportException(unsendable(uri, "access key id"), null);
        }
        if (caller.sessionToken() != null && !Http1Client.isHeaderValue(caller.sessionToken())) {
            throw new StsTransportException(unsendable(uri, "session token"), null);
        }
    }

    private static String unsendable(URI uri, String what) {
        return "cannot send a request to " + uri + ": the calling credentials' " + what
                + " holds a line break or a character outside printable ASCII (check where it is configured)";
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
