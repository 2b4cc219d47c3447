package dev.ststoken.sigv4;

import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.PercentEncoding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * SigV4 task 1, the canonical request. Built from the request as it travels (raw path and query,
 * headers as sent) so that the signer and the emulator's verifier share one definition.
 */
public record CanonicalRequest(
        String method,
        String canonicalUri,
        String canonicalQuery,
        String canonicalHeaders,
        String signedHeaders,
        String payloadHash) {

    public static final String EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /**
     * @param signedHeaderNames lower-case header names in sorted order, as listed in SignedHeaders
     * @param excludeSignature  true for the presigned form, whose X-Amz-Signature is not signed
     */
    public static CanonicalRequest of(
            HttpRequestParts request, List<String> signedHeaderNames, String payloadHash, boolean excludeSignature) {
        return new CanonicalRequest(
                request.method(),
                canonicalUri(request.rawPath()),
                canonicalQuery(request.rawQuery(), excludeSignature),
                canonicalHeaders(request, signedHeaderNames),
                String.join(";", signedHeaderNames),
                payloadHash);
    }

    /** Removes '.' and '..' segments and empty segments, then encodes each segment (non-S3 rules). */
    static String canonicalUri(String rawPath) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder out = new StringBuilder("/");
        out.append(PercentEncoding.encode(String.join("/", segments), true));
        boolean trailingSlash = rawPath.endsWith("/") && !segments.isEmpty();
        if (trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    static String canonicalQuery(String rawQuery, boolean excludeSignature) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(rawQuery, false)) {
            if (excludeSignature && pair.getKey().equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {PercentEncoding.encode(pair.getKey()), PercentEncoding.encode(pair.getValue())});
        }
        pairs.sort((a, b) -> {
            int byKey = a[0].compareTo(b[0]);
            return byKey != 0 ? byKey : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    static String canonicalHeaders(HttpRequestParts request, List<String> signedHeaderNames) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaderNames) {
            out.append(name).append(':');
            List<String> values = request.headerValues(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(trimAll(values.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Trims and collapses runs of whitespace (including folded line breaks) to one space. */
    static String trimAll(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The six lines joined by newlines; the headers block carries its own trailing newline. */
    public String text() {
        return method
                + '\n'
                + canonicalUri
                + '\n'
                + canonicalQuery
                + '\n'
                + canonicalHeaders
                + '\n'
                + signedHeaders
                + '\n'
                + payloadHash;
    }

    public String hash() {
        return Crypto.sha256Hex(text());
    }

    @Override
    public String toString() {
        // Headers may hold a session token; print only the shape.
        return "CanonicalRequest[" + method + " " + canonicalUri + ", signed=" + signedHeaders + "]";
    }
}
