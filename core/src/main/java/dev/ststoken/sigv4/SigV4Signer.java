package dev.ststoken.sigv4;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.PercentEncoding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Signs requests the way botocore does: header form for API calls, query form for presigned URLs.
 * The clock is injected so that tests get fixed signatures.
 */
public final class SigV4Signer {
    /** Headers proxies and HTTP stacks rewrite; signing them would break requests in transit (botocore's list). */
    private static final Set<String> UNSIGNED_HEADERS = Set.of(
            "authorization",
            "user-agent",
            "expect",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "te",
            "trailer",
            "upgrade",
            "proxy-authorization",
            "proxy-connection",
            "x-amzn-trace-id",
            "content-length");

    private final Clock clock;

    public SigV4Signer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Returns the request's headers plus X-Amz-Date, X-Amz-Security-Token (when temporary) and
     * Authorization, in that order after the originals.
     */
    public List<Map.Entry<String, String>> signHeaders(
            HttpRequestParts request, AwsCredentials credentials, String region, String service) {
        Instant now = clock.instant();
        String amzDate = SigV4.amzDate(now);
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        headers.add(Map.entry("X-Amz-Date", amzDate));
        if (credentials.isTemporary()) {
            headers.add(Map.entry("X-Amz-Security-Token", credentials.sessionToken()));
        }
        HttpRequestParts toSign =
                new HttpRequestParts(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());

        // Step 1: canonical request over every header we send except the ones intermediaries touch.
        List<String> signed = signedHeaderNames(toSign);
        CanonicalRequest canonical = CanonicalRequest.of(toSign, signed, Crypto.sha256Hex(request.body()), false);
        // Steps 2-4: scope, string to sign, derived key, signature.
        CredentialScope scope = new CredentialScope(amzDate.substring(0, 8), region, service);
        String signature = SigV4.signature(credentials.secretAccessKey(), scope, amzDate, canonical);
        // Step 5: the Authorization header.
        headers.add(Map.entry(
                "Authorization",
                SigV4.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders="
                        + canonical.signedHeaders() + ", Signature=" + signature));
        return headers;
    }

    /**
     * The lower-case names, sorted, each once. A handful, so inserted in order into a list: a TreeSet
     * loads ten classes (TreeMap and its views) that nothing else on a cold get needs.
     */
    static List<String> signedHeaderNames(HttpRequestParts request) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (UNSIGNED_HEADERS.contains(name)) {
                continue;
            }
            int at = 0;
            while (at < names.size() && names.get(at).compareTo(name) < 0) {
                at++;
            }
            if (at == names.size() || !names.get(at).equals(name)) {
                names.add(at, name);
            }
        }
        return names;
    }

    /**
     * Returns the query string of a presigned URL: the request's own query plus the X-Amz-* auth
     * parameters, signed over the host header only (botocore's presign).
     */
    public String presignQuery(
            HttpRequestParts request, AwsCredentials credentials, String region, String service, Duration expires) {
        Instant now = clock.instant();
        String amzDate = SigV4.amzDate(now);
        CredentialScope scope = new CredentialScope(amzDate.substring(0, 8), region, service);
        StringBuilder query = new StringBuilder(request.rawQuery());
        appendParam(query, "X-Amz-Algorithm", SigV4.ALGORITHM);
        appendParam(query, "X-Amz-Credential", credentials.accessKeyId() + "/" + scope);
        appendParam(query, "X-Amz-Date", amzDate);
        appendParam(query, "X-Amz-Expires", Long.toString(expires.getSeconds()));
        appendParam(query, "X-Amz-SignedHeaders", "host");
        if (credentials.isTemporary()) {
            appendParam(query, "X-Amz-Security-Token", credentials.sessionToken());
        }
        HttpRequestParts toSign = new HttpRequestParts(
                request.method(), request.rawPath(), query.toString(), request.headers(), request.body());
        CanonicalRequest canonical =
                CanonicalRequest.of(toSign, List.of("host"), Crypto.sha256Hex(request.body()), true);
        appendParam(
                query, "X-Amz-Signature", SigV4.signature(credentials.secretAccessKey(), scope, amzDate, canonical));
        return query.toString();
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(PercentEncoding.encode(name)).append('=').append(PercentEncoding.encode(value));
    }
}
