package dev.ststoken.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Exception;
import dev.ststoken.sigv4.SigV4Verifier;
import dev.ststoken.sigv4.SignatureClaim;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * One request, in the order AWS checks: authentication token present and
 * well formed, time, key, signature, then action and parameters, then business rules.
 */
final class RequestHandler implements HttpHandler {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
            + "details.";

    private final StateStore store;
    private final Authenticator authenticator;
    private final SigV4Verifier verifier;
    private final StsActions sts;
    private final IamActions iam;
    private final Ids ids;
    private final Clock clock;
    private final AccessLog accessLog;
    /** The client's address given the one the server saw (a relaying front hides it). */
    private final UnaryOperator<InetSocketAddress> origins;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, LongAdder> actions = new ConcurrentHashMap<>();

    RequestHandler(StateStore store, SessionTokens tokens, SigV4Verifier verifier, StsActions sts, IamActions iam,
                   Ids ids, Clock clock, PrintStream accessLog, UnaryOperator<InetSocketAddress> origins) {
        this.origins = origins == null ? UnaryOperator.identity() : origins;
        this.store = store;
        this.authenticator = new Authenticator(tokens, clock);
        this.verifier = verifier;
        this.sts = sts;
        this.iam = iam;
        this.ids = ids;
        this.clock = clock;
        this.accessLog = new AccessLog(accessLog);
    }

    long requestCount() {
        return requests.get();
    }

    long actionCount(String action) {
        LongAdder adder = actions.get(action);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * Counts an authenticated call of an action the emulator has. Unknown names are not counted:
     * they come from the client, and a key holder inventing them must not grow the table.
     */
    private String counted(String action, Dispatch dispatch) throws AwsError {
        try {
            String body = dispatch.run();
            actions.computeIfAbsent(action, a -> new LongAdder()).increment();
            return body;
        } catch (AwsError e) {
            if (!e.code().equals("InvalidAction")) {
                actions.computeIfAbsent(action, a -> new LongAdder()).increment();
            }
            throw e;
        }
    }

    private interface Dispatch {
        String run() throws AwsError;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String requestId = ids.requestId();
        String namespace = XmlResponse.STS_NS;
        String action = "-";
        String keyId = "-";
        int status;
        String body;
        try {
            HttpRequestParts request = read(exchange);
            Map<String, String> params = parameters(request);
            action = params.getOrDefault("Action", "-");
            SignatureClaim claim = verifier.parse(request);
            keyId = claim.accessKeyId();
            String service = claim.scope().service();
            if (service.equals("iam")) {
                namespace = XmlResponse.IAM_NS;
            } else if (!service.equals("sts")) {
                throw new AwsError("SignatureDoesNotMatch", 403, "Credential should be scoped to correct service: 'sts'. ");
            }
            if (!Partition.hasRegion(claim.scope().region())) {
                throw new AwsError("SignatureDoesNotMatch", 403, "Credential should be scoped to a valid region. ");
            }
            verifier.checkTime(claim);
            // One snapshot per request: authentication and the action see the same account.
            Account account = store.current();
            Authenticator.Authenticated authenticated = authenticator.authenticate(claim.accessKeyId(),
                    claim.sessionToken(), account);
            if (!verifier.verify(claim, request, authenticated.secret())) {
                throw new AwsError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
            }
            if (action.equals("-")) {
                throw new AwsError("MissingAction", 400, "Missing Action");
            }
            Caller caller = authenticated.caller();
            String name = action;
            body = counted(action, service.equals("iam")
                    ? () -> iam.handle(name, params, caller, account, requestId)
                    : () -> sts.handle(name, params, caller, account, requestId));
            status = 200;
        } catch (SigV4Exception e) {
            AwsError error = new AwsError(e.code(), statusOf(e.code()), e.getMessage());
            status = error.status();
            body = XmlResponse.error(namespace, error, requestId);
        } catch (AwsError e) {
            status = e.status();
            body = XmlResponse.error(namespace, e, requestId);
        } catch (RuntimeException e) {
            // A bug must still look like AWS to the client, and must not leak request details.
            AwsError error = new AwsError("InternalFailure", 500, "The request processing has failed because of an "
                    + "unknown error, exception or failure.");
            status = 500;
            body = XmlResponse.error(namespace, error, requestId);
            accessLog.internalError(requestId, e);
        }
        respond(exchange, status, body, requestId);
        accessLog.request(action, status, keyId, requestId);
    }

    private static int statusOf(String code) {
        switch (code) {
            case "IncompleteSignature":
            case "AuthorizationQueryParametersError":
                return 400;
            default:
                return 403;
        }
    }

    private static HttpRequestParts read(HttpExchange exchange) throws IOException, AwsError {
        byte[] body = readBody(exchange.getRequestBody());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                headers.add(Map.entry(header.getKey(), value));
            }
        }
        return new HttpRequestParts(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
    }

    private static byte[] readBody(InputStream in) throws IOException, AwsError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw new AwsError("RequestEntityTooLarge", 413, "Request body must be at most " + MAX_BODY_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The request's parameters, read from exactly the bytes the signature covers and decoded the way
     * the verifier decodes them: the query as SigV4 canonicalises it (a '+' is a plus; only %20 is a
     * space), then the form body. Of repeated keys the first wins, as in AWS and in the verifier's
     * reading of a presigned query, so what was verified is what runs.
     */
    static Map<String, String> parameters(HttpRequestParts request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(request.rawQuery(), false)) {
            params.putIfAbsent(pair.getKey(), pair.getValue());
        }
        String contentType = request.header("Content-Type");
        if (request.body().length > 0 && (contentType == null
                || contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            String form = new String(request.body(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(form, true)) {
                params.putIfAbsent(pair.getKey(), pair.getValue());
            }
        }
        return params;
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private void respond(HttpExchange exchange, int status, String body, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        // The Java SDK corrects its clock from Date when a signature is refused as skewed.
        exchange.getResponseHeaders().set("Date", HTTP_DATE.format(clock.instant()));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
