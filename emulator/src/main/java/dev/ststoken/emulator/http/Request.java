package dev.ststoken.emulator.http;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A request as it arrived: method, path and query still percent-encoded, headers in arrival order
 * with their names as sent, the peer's address, and the body as a stream that ends where the
 * request's body ends and refuses to read past the server's body limit.
 */
public record Request(
        String method,
        String rawPath,
        String rawQuery,
        List<Map.Entry<String, String>> headers,
        InetSocketAddress remote,
        InputStream body) {
    public Request {
        headers = List.copyOf(headers);
        rawQuery = rawQuery == null ? "" : rawQuery;
    }

    /** The first value of a header, compared case-insensitively, or null. */
    public String header(String name) {
        return Headers.first(headers, name);
    }

    @Override
    public String toString() {
        // The query and the headers can carry signatures, tokens and MFA codes.
        return "Request[" + method + " " + rawPath + ", " + headers.size() + " headers]";
    }
}
