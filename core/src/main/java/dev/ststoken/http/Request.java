package dev.ststoken.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request. The client adds Host, Content-Length and {@code Connection: close} itself
 * (the caller may not set them: they frame the request), and User-Agent and Accept unless given.
 *
 * @param method  an upper-case token (GET, POST)
 * @param uri     http or https, with the path and query as they go on the request line (already encoded)
 * @param headers names and values, in order; values are checked before anything is sent
 * @param body    the bytes to send with a Content-Length, or null for a request without a body
 */
public record Request(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {}
