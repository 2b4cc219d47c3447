package dev.ststoken.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What SigV4 looks at in a request, as it was sent or received: method, raw (still percent-encoded)
 * path and query, headers in arrival order (names as sent, repeats allowed) and the body bytes.
 */
public record HttpRequestParts(
        String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {
    public HttpRequestParts {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        rawQuery = rawQuery == null ? "" : rawQuery;
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    }

    /** All values of a header, case-insensitively, in arrival order. */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                values.add(header.getValue());
            }
        }
        return values;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        // Headers and body can carry tokens and MFA codes.
        return "HttpRequestParts[" + method + " " + rawPath + ", " + headers.size() + " headers, " + body.length
                + " body bytes]";
    }
}
