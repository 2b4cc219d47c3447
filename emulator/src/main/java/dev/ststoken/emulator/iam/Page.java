package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list, as IAM's list calls return them: at most {@code MaxItems} (1..1000, default
 * 100) from {@code Marker} on, {@code IsTruncated}, and the {@code Marker} to ask for the next page.
 * A marker is opaque to clients; ours names the position, so a list that changes between pages
 * neither repeats nor skips more than the change itself.
 */
record Page<T>(List<T> items, String nextMarker) {
    static final int DEFAULT_MAX_ITEMS = 100;
    private static final String PREFIX = "p1:";

    static <T> Page<T> of(List<T> all, IamParameters params) throws AwsError {
        Constraints c = new Constraints();
        Integer max = c.integer("maxItems", params.optional("MaxItems"), 1, 1000);
        String marker = params.optional("Marker");
        c.string("marker", marker, 1, 320, IamParameters.MARKER);
        c.check();
        int from = marker == null ? 0 : position(marker);
        int size = max == null ? DEFAULT_MAX_ITEMS : max;
        int to = Math.min(all.size(), from + size);
        List<T> items = from >= all.size() ? List.of() : List.copyOf(all.subList(from, to));
        return new Page<>(items, to < all.size() ? marker(to) : null);
    }

    private static String marker(int position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    private static int position(String marker) throws AwsError {
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                int position = Integer.parseInt(text.substring(PREFIX.length()));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw AwsError.validation("Invalid Marker.");
    }

    /** The page's tail members: IsTruncated, and Marker when there is more. */
    XmlResponse close(XmlResponse xml) {
        xml.element("IsTruncated", nextMarker != null);
        return xml.element("Marker", nextMarker);
    }
}
