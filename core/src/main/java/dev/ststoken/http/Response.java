package dev.ststoken.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A whole answer, read to its end and within its limits.
 *
 * @param headers names and values as the server sent them, in order (names keep their case)
 */
public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** The first header of that name, whatever the case either side uses; null when absent. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** The body as UTF-8 text (malformed sequences become U+FFFD, as the callers' parsers expect). */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
