package dev.ststoken.emulator.endpoint;

import dev.ststoken.emulator.RequestListener;
import dev.ststoken.emulator.http.Handler;
import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.emulator.iam.IamActions;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.RequestFacts;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.sts.SessionTokens;
import dev.ststoken.emulator.sts.StsActions;
import dev.ststoken.emulator.sts.WebIdentityActions;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Exception;
import dev.ststoken.sigv4.SigV4Verifier;
import dev.ststoken.sigv4.SignatureClaim;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One request, in the order AWS checks: authentication token present and
 * well formed, time, key, signature, then action and parameters, then business rules.
 */
public final class RequestHandler implements Handler {
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final StateStore store;
    private final Authenticator authenticator;
    private final SigV4Verifier verifier;
    private final StsActions sts;
    private final IamActions iam;
    private final WebIdentityActions webIdentity;
    private final Ids ids;
    private final Clock clock;
    private final AccessLog accessLog;
    /** Null: as each account says. */
    private final Boolean enforceIam;

    private final boolean tls;
    /** Null: nobody listens. */
    private final RequestListener listener;

    private final AtomicLong requests = new AtomicLong();
    private final Map<String, LongAdder> actions = new ConcurrentHashMap<>();

    public RequestHandler(
            StateStore store,
            SessionTokens tokens,
            SigV4Verifier verifier,
            StsActions sts,
            IamActions iam,
            WebIdentityActions webIdentity,
            Ids ids,
            Clock clock,
            PrintStream accessLog,
            Boolean enforceIam,
            boolean tls,
            RequestListener listener) {
        this.listener = listener;
        this.enforceIam = enforceIam;
        this.tls = tls;
        this.store = store;
        this.authenticator = new Authenticator(tokens, clock);
        this.verifier = verifier;
        this.sts = sts;
        this.iam = iam;
        this.webIdentity = webIdentity;
        this.ids = ids;
        this.clock = clock;
        this.accessLog = new AccessLog(accessLog);
    }

    public long requestCount() {
        return requests.get();
    }

    public long actionCount(String action) {
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
            if (e.errorCode() != AwsErrorCode.INVALID_ACTION) {
                actions.computeIfAbsent(action, a -> new LongAdder()).increment();
            }
            throw e;
        }
    }

    private interface Dispatch {
        String run() throws AwsError;
    }

    @Override
    public Response handle(Request http) throws IOException {
        requests.incrementAndGet();
        String requestId = ids.requestId();
        String namespace = XmlResponse.STS_NS;
        String action = "-";
        String keyId = "-";
        String callerArn = null;
        AwsError refusal = null;
        int status;
        String body;
        try {
            HttpRequestParts request = read(http);
            Map<String, String> params = parameters(request);
            action = params.getOrDefault("Action", "-");
            if (action.equals(WebIdentityActions.ACTION)) {
                // Unsigned, as in AWS (the token is the credential); a signature, if any, is not looked at.
                InetSocketAddress client = http.remote();
                String ip = client == null || client.getAddress() == null
                        ? null
                        : client.getAddress().getHostAddress();
                String answer = counted(action, () -> webIdentity.handle(params, ip, tls, enforceIam, requestId));
                accessLog.request(action, 200, keyId, requestId);
                answered(action, keyId, null, 200, null, requestId);
                return respond(200, answer, requestId);
            }
            SignatureClaim claim = verifier.parse(request);
            keyId = claim.accessKeyId();
            String service = claim.scope().service();
            String target = targetService(params, service);
            if (target.equals("iam")) {
                namespace = XmlResponse.IAM_NS;
            }
            if (!service.equals(target)) {
                throw AwsErrorCode.SIGNATURE_DOES_NOT_MATCH.error(
                        "Credential should be scoped to correct service: '" + target + "'. ");
            }
            if (!Partition.hasRegion(claim.scope().region())) {
                throw AwsErrorCode.SIGNATURE_DOES_NOT_MATCH.error("Credential should be scoped to a valid region. ");
            }
            verifier.checkTime(claim);
            // One snapshot per request: authentication and the action see the same account.
            Account account = store.current();
            Authenticator.Authenticated authenticated =
                    authenticator.authenticate(claim.accessKeyId(), claim.sessionToken(), account);
            if (!verifier.verify(claim, request, authenticated.secret())) {
                throw AwsErrorCode.SIGNATURE_DOES_NOT_MATCH.error();
            }
            if (listener != null) {
                callerArn = authenticated.caller().identity(account).arn();
            }
            if (action.equals("-")) {
                // AWS answers a request without an Action with a redirect to the service's page.
                accessLog.request(action, 302, keyId, requestId);
                answered(action, keyId, callerArn, 302, null, requestId);
                return redirect(request.rawQuery(), requestId);
            }
            Caller caller = authenticated
                    .caller()
                    .withFacts(facts(http, target, claim.scope().region(), account));
            String name = action;
            body = counted(
                    action,
                    target.equals("iam")
                            ? () -> iam.handle(name, params, caller, account, requestId)
                            : () -> sts.handle(name, params, caller, account, requestId));
            status = 200;
        } catch (SigV4Exception e) {
            AwsError error = AwsErrorCode.of(e.code()).error(e.getMessage());
            status = error.status();
            body = XmlResponse.error(namespace, error, requestId);
            refusal = error;
        } catch (AwsError e) {
            status = e.status();
            body = XmlResponse.error(namespace, e, requestId);
            refusal = e;
        } catch (RuntimeException e) {
            // A bug must still look like AWS to the client, and must not leak request details.
            AwsError error = AwsErrorCode.INTERNAL_FAILURE.error();
            status = 500;
            body = XmlResponse.error(namespace, error, requestId);
            accessLog.internalError(requestId, e);
            refusal = error;
        }
        accessLog.request(action, status, keyId, requestId);
        answered(action, keyId, callerArn, status, refusal, requestId);
        return respond(status, body, requestId);
    }

    /** The request listener's hook: what the client is about to be told, and who asked. */
    private void answered(String action, String keyId, String callerArn, int status, AwsError refusal, String id) {
        if (listener != null) {
            listener.answered(new RequestListener.Answered(
                    clock.instant(),
                    id,
                    action,
                    keyId,
                    callerArn,
                    status,
                    refusal == null ? null : refusal.code(),
                    refusal == null ? null : refusal.getMessage()));
        }
    }

    /**
     * Which of the two services a request is for: its Version says (each service has one), else its
     * action's name, else the service the signature is scoped to. A signature scoped to the other
     * service is then refused as AWS's endpoints refuse it.
     */
    private String targetService(Map<String, String> params, String scopeService) {
        String version = params.get("Version");
        if (StsActions.VERSION.equals(version)) {
            return "sts";
        }
        if (IamActions.VERSION.equals(version)) {
            return "iam";
        }
        String action = params.get("Action");
        if (action != null && StsActions.ACTIONS.contains(action)) {
            return "sts";
        }
        if (action != null && iam.has(action)) {
            return "iam";
        }
        return scopeService.equals("iam") ? "iam" : "sts";
    }

    /** The request's context keys that come from the connection, and whether policies decide. */
    private RequestFacts facts(Request http, String service, String scopeRegion, Account account) {
        InetSocketAddress client = http.remote();
        String sourceIp = client == null || client.getAddress() == null
                ? null
                : client.getAddress().getHostAddress();
        // IAM is global: AWS reports its requests as made to us-east-1, as it does for aws-global.
        String region = service.equals("iam") || scopeRegion.equals("aws-global") ? "us-east-1" : scopeRegion;
        return new RequestFacts(
                sourceIp, tls, region, clock.instant(), enforceIam == null ? account.enforceIam() : enforceIam);
    }

    private static Response redirect(String rawQuery, String requestId) {
        return Response.of(302)
                .withHeader(
                        "Location",
                        "https://aws.amazon.com/iam" + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery))
                .withHeader("x-amzn-RequestId", requestId);
    }

    private static HttpRequestParts read(Request http) throws IOException, AwsError {
        byte[] body = readBody(http.body());
        return new HttpRequestParts(http.method(), http.rawPath(), http.rawQuery(), http.headers(), body);
    }

    private static byte[] readBody(InputStream in) throws IOException, AwsError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw AwsErrorCode.REQUEST_ENTITY_TOO_LARGE.error(
                        "Request body must be at most " + MAX_BODY_BYTES + " bytes");
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
        // A body is form data only when it says so: AWS ignores a body without that content type.
        if (request.body().length > 0
                && contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            String form = new String(request.body(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(form, true)) {
                params.putIfAbsent(pair.getKey(), pair.getValue());
            }
        }
        return params;
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A second and its Date header, published whole. */
    private record HttpDate(long second, String text) {}

    /** Formatting the date cost more than writing the XML, and it changes once a second. */
    private volatile HttpDate httpDate = new HttpDate(Long.MIN_VALUE, "");

    private String httpDate() {
        Instant now = clock.instant();
        HttpDate cached = httpDate;
        if (cached.second() != now.getEpochSecond()) {
            cached = new HttpDate(now.getEpochSecond(), HTTP_DATE.format(now));
            httpDate = cached;
        }
        return cached.text();
    }

    private Response respond(int status, String body, String requestId) {
        return new Response(
                status,
                List.of(
                        Map.entry("Content-Type", "text/xml"),
                        Map.entry("x-amzn-RequestId", requestId),
                        // The Java SDK corrects its clock from Date when a signature is refused as skewed.
                        Map.entry("Date", httpDate())),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
