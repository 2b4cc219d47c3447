package dev.ststoken.emulator.http;

import java.util.List;
import java.util.Map;

/** Header lists as they arrive or go out: names as written, repeats allowed, order kept. */
final class Headers {
    private Headers() {}

    /** The first value of a header, compared case-insensitively, or null. */
    static String first(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
