package dev.ststoken.keystore;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.Json;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a key store holds for one profile, as one JSON secret: the long-term key in use, the key
 * that encrypts the profile's cached sessions, and the state of an unfinished rotation. Keeping
 * all of it in one item means one store read per run and one atomic replace per rotation step.
 *
 * @param current  the key that works (what get and credential_process use)
 * @param pending  a key created by a rotation but not yet proven to work; null when none
 * @param retiring the id of a key replaced by a rotation but not yet deleted in IAM; null when none
 * @param cacheKey 32 random bytes: the AES-256-GCM key of this profile's cached sessions
 */
public record StoredKey(AwsCredentials current, AwsCredentials pending, String retiring, byte[] cacheKey) {
    static final int VERSION = 1;

    /** A new entry for a key, with a fresh cache key. */
    public static StoredKey of(AwsCredentials key) {
        byte[] cacheKey = new byte[32];
        new SecureRandom().nextBytes(cacheKey);
        return new StoredKey(key, null, null, cacheKey);
    }

    public StoredKey withPending(AwsCredentials newPending) {
        return new StoredKey(current, newPending, retiring, cacheKey);
    }

    /** The pending key becomes the current one; the old current is remembered for deletion. */
    public StoredKey promoted() {
        return new StoredKey(pending, null, current.accessKeyId(), cacheKey);
    }

    public StoredKey withoutRetiring() {
        return new StoredKey(current, pending, null, cacheKey);
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Version", (long) VERSION);
        map.put("AccessKeyId", current.accessKeyId());
        map.put("SecretAccessKey", current.secretAccessKey());
        if (pending != null) {
            map.put("PendingAccessKeyId", pending.accessKeyId());
            map.put("PendingSecretAccessKey", pending.secretAccessKey());
        }
        if (retiring != null) {
            map.put("RetiringAccessKeyId", retiring);
        }
        map.put("CacheKey", Base64.getEncoder().encodeToString(cacheKey));
        return Json.write(map);
    }

    /** @param where names the store and profile for messages (never the content) */
    public static StoredKey fromJson(String json, String where) throws ConfigException {
        try {
            Map<String, Object> map = Json.parseObject(json.strip());
            if (!Long.valueOf(VERSION).equals(map.get("Version"))) {
                throw new ConfigException(where + " holds an entry of an unknown format");
            }
            AwsCredentials current = new AwsCredentials(text(map, "AccessKeyId"), text(map, "SecretAccessKey"));
            AwsCredentials pending = map.get("PendingAccessKeyId") == null
                    ? null
                    : new AwsCredentials(text(map, "PendingAccessKeyId"), text(map, "PendingSecretAccessKey"));
            String retiring =
                    map.get("RetiringAccessKeyId") instanceof String ? (String) map.get("RetiringAccessKeyId") : null;
            byte[] cacheKey = Base64.getDecoder().decode(text(map, "CacheKey"));
            if (cacheKey.length != 32) {
                throw new ConfigException(where + " holds a damaged entry (cache key)");
            }
            return new StoredKey(current, pending, retiring, cacheKey);
        } catch (RuntimeException e) {
            throw new ConfigException(where + " holds a damaged entry");
        }
    }

    private static String text(Map<String, Object> map, String name) {
        Object value = map.get(name);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new IllegalArgumentException(name);
        }
        return (String) value;
    }

    @Override
    public String toString() {
        return "StoredKey[" + current.accessKeyId() + (pending == null ? "" : ", pending " + pending.accessKeyId())
                + (retiring == null ? "" : ", retiring " + retiring) + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredKey k && k.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }
}
