package dev.ststoken.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole response. The server adds {@code Content-Length} (and {@code Connection: close} when it
 * ends the connection); header values must not hold line breaks, which {@link #withHeader} refuses.
 */
public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static Response of(int status) {
        return new Response(status, List.of(), new byte[0]);
    }

    public static Response of(int status, String contentType, String body) {
        return new Response(
                status, List.of(Map.entry("Content-Type", contentType)), body.getBytes(StandardCharsets.UTF_8));
    }

    public Response withHeader(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("a header value holds a line break: " + name);
            }
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(headers.size() + 1);
        more.addAll(headers);
        more.add(Map.entry(name, value));
        return new Response(status, more, body);
    }

    /** The first value of a header, compared case-insensitively, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
