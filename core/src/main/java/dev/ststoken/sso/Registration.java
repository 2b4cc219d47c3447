package dev.ststoken.sso;

import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client registration (RegisterClient) as the AWS CLI caches it beside the tokens: {@code
 * clientId}, {@code clientSecret}, {@code expiresAt} and, when asked for, {@code scopes}; we add
 * {@code grantTypes} (which the CLI ignores) so that a registration made for the device flow is not
 * offered to the authorization code flow, which needs a redirect URI registered.
 *
 * @param grantTypes empty when unknown (a registration the AWS CLI made)
 */
public record Registration(
        String clientId, String clientSecret, Instant expiresAt, List<String> scopes, List<String> grantTypes) {

    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";

    /** Usable for the flow until ten minutes before it ends (the flow and a renewal must fit). */
    public boolean usableFor(boolean authorizationCode, Instant now) {
        if (!expiresAt.isAfter(now.plusSeconds(600))) {
            return false;
        }
        return authorizationCode
                ? grantTypes.contains(AUTHORIZATION_CODE)
                : grantTypes.isEmpty() || grantTypes.contains(DEVICE_CODE);
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clientId", clientId);
        map.put("clientSecret", clientSecret);
        map.put("expiresAt", Timestamps.utcZ(expiresAt));
        if (!scopes.isEmpty()) map.put("scopes", scopes);
        if (!grantTypes.isEmpty()) map.put("grantTypes", grantTypes);
        return Json.write(map);
    }

    /** @throws IllegalArgumentException naming what is wrong, never a value */
    public static Registration parse(String text) {
        Map<String, Object> map;
        try {
            map = Json.parseObject(text);
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException("is not a JSON object (" + e.getMessage() + ")");
        }
        Object id = map.get("clientId");
        Object secret = map.get("clientSecret");
        Object expires = map.get("expiresAt");
        if (!(id instanceof String) || !(secret instanceof String) || !(expires instanceof String)) {
            throw new IllegalArgumentException("has no clientId, clientSecret or expiresAt");
        }
        if (!OidcClient.isToken((String) id) || !OidcClient.isToken((String) secret)) {
            throw new IllegalArgumentException("has a clientId or clientSecret that is not printable ASCII");
        }
        return new Registration(
                (String) id,
                (String) secret,
                SsoToken.time((String) expires, "expiresAt"),
                strings(map.get("scopes")),
                strings(map.get("grantTypes")));
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                if (item instanceof String) {
                    out.add((String) item);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The registration's file name, as the AWS CLI's {@code _registration_cache_key} makes it: SHA-1 of
     * Python's {@code json.dumps({tool, startUrl, region, scopes, session_name}, sort_keys=True)}, so a
     * registration either tool made is found by the other.
     *
     * @param sessionName null for the legacy form
     * @param scopes      null or empty when sso_registration_scopes is not set (the CLI's None)
     */
    public static String cacheName(String startUrl, String region, List<String> scopes, String sessionName) {
        StringBuilder json = new StringBuilder("{\"region\": ");
        python(json, region);
        json.append(", \"scopes\": ");
        if (scopes == null || scopes.isEmpty()) {
            json.append("null");
        } else {
            json.append('[');
            for (int i = 0; i < scopes.size(); i++) {
                if (i > 0) json.append(", ");
                python(json, scopes.get(i));
            }
            json.append(']');
        }
        json.append(", \"session_name\": ");
        if (sessionName == null) {
            json.append("null");
        } else {
            python(json, sessionName);
        }
        json.append(", \"startUrl\": ");
        python(json, startUrl);
        json.append(", \"tool\": \"botocore\"}");
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return dev.ststoken.internal.Hex.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    /** A string as Python's json.dumps writes it (ensure_ascii: \\uXXXX in lower-case hex beyond ASCII). */
    static void python(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return "Registration[expiresAt=" + expiresAt + ", grantTypes=" + grantTypes + "]";
    }
}
