package dev.ststoken.sso;

import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sign-in's token as the AWS CLI caches it ({@code ~/.aws/sso/cache/SHA1.json}): the access token
 * and its end, and for an sso-session the client registration and refresh token that renew it
 * without a browser. Written back with the same keys botocore writes.
 *
 * @param refreshToken          null when the sign-in cannot be renewed (the legacy form)
 * @param registrationExpiresAt null when unknown
 */
public record SsoToken(
        String startUrl,
        String region,
        String accessToken,
        Instant expiresAt,
        String refreshToken,
        String clientId,
        String clientSecret,
        Instant registrationExpiresAt) {

    /** Whether it can be renewed with CreateToken: a refresh token, a client and an unexpired registration. */
    public boolean refreshable(Instant now) {
        return refreshToken != null
                && clientId != null
                && clientSecret != null
                && registrationExpiresAt != null
                && registrationExpiresAt.isAfter(now);
    }

    /** The token's file text, as botocore writes it (times as {@code 2026-12-06T01:00:00Z}). */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("startUrl", startUrl);
        map.put("region", region);
        map.put("accessToken", accessToken);
        map.put("expiresAt", Timestamps.utcZ(expiresAt));
        if (clientId != null) map.put("clientId", clientId);
        if (clientSecret != null) map.put("clientSecret", clientSecret);
        if (registrationExpiresAt != null) map.put("registrationExpiresAt", Timestamps.utcZ(registrationExpiresAt));
        if (refreshToken != null) map.put("refreshToken", refreshToken);
        return Json.write(map);
    }

    /**
     * Reads a cache file's text.
     *
     * @throws IllegalArgumentException naming what is wrong (never a value): not JSON, no access token
     *                                  or expiry, a field of the wrong type
     */
    public static SsoToken parse(String text) {
        Map<String, Object> map;
        try {
            map = Json.parseObject(text);
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException("is not a JSON object (" + e.getMessage() + ")");
        }
        String accessToken = string(map, "accessToken");
        String expiresAt = string(map, "expiresAt");
        if (accessToken == null || accessToken.isEmpty() || expiresAt == null) {
            throw new IllegalArgumentException("has no accessToken or expiresAt");
        }
        String registration = string(map, "registrationExpiresAt");
        return new SsoToken(
                string(map, "startUrl"),
                string(map, "region"),
                accessToken,
                time(expiresAt, "expiresAt"),
                string(map, "refreshToken"),
                string(map, "clientId"),
                string(map, "clientSecret"),
                registration == null ? null : time(registration, "registrationExpiresAt"));
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("has a " + key + " that is not a string");
        }
        return (String) value;
    }

    /** ISO-8601 as botocore writes it ({@code Z}), with an offset, or with the {@code UTC} suffix older CLIs wrote. */
    static Instant time(String value, String key) {
        String text = value.endsWith("UTC") ? value.substring(0, value.length() - 3) + "Z" : value;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("has a " + key + " that is not an ISO-8601 time");
            }
        }
    }

    @Override
    public String toString() {
        return "SsoToken[startUrl=" + startUrl + ", region=" + region + ", expiresAt=" + expiresAt
                + (refreshToken == null ? "" : ", refreshable") + "]";
    }
}
