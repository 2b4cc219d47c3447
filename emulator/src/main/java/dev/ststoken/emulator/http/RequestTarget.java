package dev.ststoken.emulator.http;

/**
 * The request target, checked against RFC 3986 before anything decodes it: only the characters a
 * URI may hold, and every {@code %} followed by two hex digits. The absolute form a proxy would send
 * is reduced to its path and query.
 */
final class RequestTarget {
    private RequestTarget() {}

    static String originForm(String target) throws BadRequestException {
        String path = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && (target.startsWith("http://") || target.startsWith("https://"))) {
            int slash = target.indexOf('/', scheme + 3);
            int question = target.indexOf('?', scheme + 3);
            if (slash < 0 || (question >= 0 && question < slash)) {
                path = "/" + (question < 0 ? "" : target.substring(question));
            } else {
                path = target.substring(slash);
            }
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new BadRequestException(400, "the request target is not a path");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                    throw new BadRequestException(400, "a bad percent-escape in the request target");
                }
                i += 2;
            } else if (!isUriCharacter(c)) {
                throw new BadRequestException(400, "a character a URI cannot hold in the request target");
            }
        }
        return path;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Unreserved, sub-delims, and the delimiters a path and query use. */
    private static boolean isUriCharacter(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }
}
