package dev.ststoken.sts;

import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.http.Http1Client;
import dev.ststoken.http.Request;
import dev.ststoken.http.Response;
import dev.ststoken.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS's rest-json protocol for the unsigned services a sign-in uses (IAM Identity Center's portal
 * and its OIDC service): a method, a path with its query, headers, an optional JSON body; the answer's
 * JSON object, or its error as a {@link StsServiceException} (the error type from
 * {@code x-amzn-ErrorType} or the body's {@code __type}, {@code code} or OAuth {@code error}). The
 * same transport, TLS settings, size limit and failure words as the Query client; idempotent calls
 * are retried as it retries them, others never (a refresh token is not presented twice).
 */
public final class RestJsonClient {
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final URI endpoint;
    private final TlsSettings tls;
    private final Transport transport;
    private final Clock clock;

    /** @param endpoint scheme, host and port (and a base path) the calls' paths are appended to */
    public RestJsonClient(URI endpoint, TlsSettings tls, Transport transport, Clock clock) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.transport = transport;
        this.clock = clock;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The clock answers are judged by. */
    public Clock clock() {
        return clock;
    }

    /**
     * One call. Header values are checked before they are set (the JDK's refusal quotes the value,
     * which may be a bearer token); the messages name the header, never its value.
     *
     * @param pathAndQuery already percent-encoded
     * @param headers      name and value pairs (a bearer token among them)
     * @param body         a JSON object to POST, or null
     * @param idempotent   retried on throttling, 5xx and retryable transport failures
     * @return the answer's JSON object (empty for an empty 200 answer)
     */
    public Map<String, Object> call(
            String method,
            String pathAndQuery,
            List<Map.Entry<String, String>> headers,
            Map<String, Object> body,
            boolean idempotent)
            throws StsException {
        byte[] bytes = body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            try {
                return interpret(send(method, pathAndQuery, headers, bytes));
            } catch (StsServiceException e) {
                if (!idempotent
                        || !(e.isThrottling() || e.code().equals("TooManyRequestsException") || e.httpStatus() >= 500)
                        || attempt >= transport.maxAttempts()) {
                    throw e;
                }
            } catch (StsTransportException e) {
                if (!idempotent || !e.retryable() || attempt >= transport.maxAttempts()) {
                    throw attempt > 1
                            ? new StsTransportException(
                                    e.getMessage() + " (after " + attempt + " attempts)", e.getCause(), false)
                            : e;
                }
            }
            backoff(attempt);
        }
    }

    private static void backoff(int attempt) throws StsTransportException {
        long ceiling = Math.min(20_000L, 200L << Math.min(attempt - 1, 16));
        long millis = (long) (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * ceiling);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StsTransportException("interrupted while waiting to retry", e);
        }
    }

    private record Answer(int status, String body, String requestId, String errorType) {}

    private Map<String, Object> interpret(Answer response) throws StsException {
        Map<String, Object> json = null;
        if (!response.body.isBlank()) {
            try {
                json = Json.parseObject(response.body);
            } catch (Json.ParseException | ClassCastException e) {
                json = null;
            }
        }
        if (response.status == 200) {
            if (json == null && !response.body.isBlank()) {
                throw new StsTransportException(notAws(response.status), null);
            }
            return json == null ? Map.of() : json;
        }
        String code = errorType(response.errorType);
        if (code == null && json != null) {
            code = errorType(text(json, "__type"));
            if (code == null) code = text(json, "code");
            if (code == null) code = text(json, "error");
        }
        if (code == null || code.isBlank()) {
            throw new StsTransportException(notAws(response.status), null, response.status >= 500);
        }
        String message = json == null ? null : text(json, "message");
        if (message == null && json != null) message = text(json, "Message");
        if (message == null && json != null) message = text(json, "error_description");
        throw new StsServiceException(code, message == null ? "" : message, response.status, response.requestId);
    }

    /** {@code UnauthorizedException:http://internal.amazon.com/...} or {@code aws.protocols#X}: the bare name. */
    private static String errorType(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        int colon = raw.indexOf(':');
        String type = colon >= 0 ? raw.substring(0, colon) : raw;
        int hash = type.lastIndexOf('#');
        return hash >= 0 ? type.substring(hash + 1) : type;
    }

    private static String text(Map<String, Object> json, String name) {
        Object value = json.get(name);
        return value instanceof String ? (String) value : null;
    }

    private String notAws(int status) {
        return endpoint + " answered HTTP " + status + " with something that is not an AWS response";
    }

    private Answer send(String method, String pathAndQuery, List<Map.Entry<String, String>> headers, byte[] body)
            throws StsTransportException {
        String base = endpoint.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri = URI.create(base + pathAndQuery);
        List<Map.Entry<String, String>> sent = new ArrayList<>(headers.size() + 2);
        // Http1Client refuses, unquoted, a header value that would break the request.
        sent.addAll(headers);
        sent.add(Map.entry("User-Agent", "sts-session-token/0.1"));
        if (body != null) {
            sent.add(Map.entry("Content-Type", "application/json"));
        }
        try {
            Response response = Http1Client.send(
                    new Request(method, uri, sent, body), transport.route(uri, tls, MAX_RESPONSE_BYTES));
            return new Answer(
                    response.status(),
                    response.text(),
                    response.header("x-amzn-RequestId"),
                    response.header("x-amzn-ErrorType"));
        } catch (IOException e) {
            throw QueryClient.failure(endpoint, e, transport.connectTimeout());
        }
    }
}
