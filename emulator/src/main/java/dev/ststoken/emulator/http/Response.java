package dev.ststoken.emulator.http;

import dev.ststoken.internal.HttpSyntax;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole, final response. The server adds the framing ({@code Content-Length}, and
 * {@code Connection: close} when it ends the connection), so a handler may not set those; header
 * names must be tokens and values visible characters, spaces and tabs, so no value can split the
 * response.
 */
public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final List<String> FRAMING = List.of("content-length", "transfer-encoding", "connection");

    public Response {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        headers = List.copyOf(headers);
        for (Map.Entry<String, String> header : headers) {
            check(header.getKey(), header.getValue());
        }
        body = body == null ? new byte[0] : body;
        if ((status == 204 || status == 304) && body.length > 0) {
            // They carry no Content-Length, so the bytes would be read as the start of the next answer.
            throw new IllegalArgumentException("a " + status + " answer has no body");
        }
    }

    private static void check(String name, String value) {
        if (!HttpSyntax.isToken(name) || FRAMING.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("a handler cannot set the header " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("the value of " + name + " holds a control character");
            }
        }
    }

    public static Response of(int status) {
        return new Response(status, List.of(), new byte[0]);
    }

    public static Response of(int status, String contentType, String body) {
        return new Response(
                status, List.of(Map.entry("Content-Type", contentType)), body.getBytes(StandardCharsets.UTF_8));
    }

    public Response withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers.size() + 1);
        more.addAll(headers);
        more.add(Map.entry(name, value));
        return new Response(status, more, body);
    }

    /** The first value of a header, compared case-insensitively, or null. */
    public String header(String name) {
        return Headers.first(headers, name);
    }
}
