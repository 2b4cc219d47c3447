package dev.ststoken.emulator.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** IAM tags (key to value) of a user, role, policy or instance profile: unmodifiable, in the order added. */
public final class Tags {
    /** IAM's quota of tags per resource. */
    public static final int MAX = 50;

    private Tags() {}

    static Map<String, String> copy(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
