package dev.ststoken.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RFC 3986 encoding as SigV4 defines it, and the form decoding of the Query protocol. */
public final class PercentEncoding {
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {}

    /** Encodes everything but the unreserved set {@code A-Za-z0-9-_.~}; with {@code keepSlash}, '/' too (for paths). */
    public static String encode(String value, boolean keepSlash) {
        if (needsNoEncoding(value, keepSlash)) {
            return value; // most names and values: an emulator encodes a dozen per request
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    public static String encode(String value) {
        return encode(value, false);
    }

    private static boolean needsNoEncoding(String value, boolean keepSlash) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isUnreserved(c) && !(keepSlash && c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    /**
     * Decodes {@code %XX} escapes; {@code plusIsSpace} for form bodies. A malformed escape is kept
     * literally, as lenient servers do, rather than failing the whole request.
     */
    public static String decode(String value, boolean plusIsSpace) {
        if (value.indexOf('%') < 0 && (!plusIsSpace || value.indexOf('+') < 0)) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%'
                    && i + 2 < value.length()
                    && hexValue(value.charAt(i + 1)) >= 0
                    && hexValue(value.charAt(i + 2)) >= 0) {
                out.write(hexValue(value.charAt(i + 1)) * 16 + hexValue(value.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()) {
                    utf8 = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }

    /** Splits {@code a=1&b=2} into decoded pairs in order; a pair without '=' has an empty value. */
    public static List<Map.Entry<String, String>> parsePairs(String raw, boolean plusIsSpace) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return pairs;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String val = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(Map.entry(decode(key, plusIsSpace), decode(val, plusIsSpace)));
        }
        return pairs;
    }

    /** The Query protocol's body: pairs in the given order, form-encoded. */
    public static String formEncode(List<Map.Entry<String, String>> pairs) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(pair.getKey())).append('=').append(encode(pair.getValue()));
        }
        return out.toString();
    }
}
