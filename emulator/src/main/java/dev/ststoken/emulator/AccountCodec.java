package dev.ststoken.emulator;

import dev.ststoken.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code state.json}, format 1: the account as JSON. Fields added after the first release
 * ({@code creatorId}, {@code mfaFailures}, {@code lastMfaFailure}) are optional on reading, so an
 * older state dir keeps working.
 */
final class AccountCodec {
    static final long FORMAT = 1;

    private AccountCodec() {}

    /** A message for a file that is not a state file; never includes the file's content (it holds secrets). */
    static final class CorruptStateException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String write(Account account) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("revision", account.revision());
        map.put("accountId", account.accountId());
        map.put("tokenKey", Base64.getEncoder().encodeToString(account.tokenKey()));
        map.put("created", account.created().toString());
        List<Object> users = new ArrayList<>();
        for (Account.User u : account.users().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("userId", u.userId());
            m.put("path", u.path());
            m.put("created", u.created().toString());
            if (u.mfaFailures() > 0) {
                m.put("mfaFailures", (long) u.mfaFailures());
                m.put("lastMfaFailure", u.lastMfaFailure().toString());
            }
            users.add(m);
        }
        map.put("users", users);
        List<Object> keys = new ArrayList<>();
        for (Account.AccessKey k : account.accessKeys().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id());
            m.put("secret", k.secret());
            m.put("owner", k.owner());
            m.put("active", k.active());
            m.put("created", k.created().toString());
            keys.add(m);
        }
        map.put("accessKeys", keys);
        List<Object> devices = new ArrayList<>();
        for (Account.MfaDevice d : account.mfaDevices().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serial", d.serial());
            m.put("seed", d.seed());
            m.put("user", d.user());
            m.put("enabled", d.enabled());
            m.put("created", d.created().toString());
            m.put("enabledAt", d.enabledAt() == null ? null : d.enabledAt().toString());
            m.put("lastUsedStep", d.lastUsedStep());
            m.put("creatorId", d.creatorId());
            devices.add(m);
        }
        map.put("mfaDevices", devices);
        List<Object> roles = new ArrayList<>();
        for (Account.Role r : account.roles().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("roleId", r.roleId());
            m.put("path", r.path());
            m.put("maxSessionDuration", (long) r.maxSessionDuration());
            m.put("assumeRolePolicyDocument", r.assumeRolePolicyDocument());
            m.put("description", r.description());
            m.put("created", r.created().toString());
            roles.add(m);
        }
        map.put("roles", roles);
        return Json.write(map) + "\n";
    }

    static Account read(String text) throws CorruptStateException {
        try {
            return account(Json.parseObject(text));
        } catch (Json.ParseException e) {
            throw new CorruptStateException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CorruptStateException(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static Account account(Map<String, Object> map) {
        if (number(map, "format") != FORMAT) {
            throw new IllegalArgumentException("unknown format " + map.get("format"));
        }
        Map<String, Account.User> users = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "users")) {
            Object failures = m.get("mfaFailures");
            Account.User u = new Account.User(string(m, "name"), string(m, "userId"), string(m, "path"),
                    instant(m, "created"), failures == null ? 0 : (int) number(m, "mfaFailures"),
                    failures == null ? null : instant(m, "lastMfaFailure"));
            users.put(u.name(), u);
        }
        Map<String, Account.AccessKey> keys = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "accessKeys")) {
            Account.AccessKey k = new Account.AccessKey(string(m, "id"), string(m, "secret"), optional(m, "owner"),
                    Boolean.TRUE.equals(m.get("active")), instant(m, "created"));
            keys.put(k.id(), k);
        }
        Map<String, Account.MfaDevice> devices = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "mfaDevices")) {
            Account.MfaDevice d = new Account.MfaDevice(string(m, "serial"), string(m, "seed"), optional(m, "user"),
                    Boolean.TRUE.equals(m.get("enabled")), instant(m, "created"),
                    m.get("enabledAt") == null ? null : instant(m, "enabledAt"), number(m, "lastUsedStep"),
                    optional(m, "creatorId"));
            devices.put(d.serial(), d);
        }
        Map<String, Account.Role> roles = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "roles")) {
            Account.Role r = new Account.Role(string(m, "name"), string(m, "roleId"), string(m, "path"),
                    (int) number(m, "maxSessionDuration"), optional(m, "assumeRolePolicyDocument"),
                    optional(m, "description"), instant(m, "created"));
            roles.put(r.name(), r);
        }
        return new Account(number(map, "revision"), string(map, "accountId"),
                Base64.getDecoder().decode(string(map, "tokenKey")), instant(map, "created"), users, keys, devices, roles);
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("missing or non-string '" + key + "'");
        }
        return (String) value;
    }

    private static String optional(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("non-string '" + key + "'");
        }
        return (String) value;
    }

    private static Instant instant(Map<String, Object> map, String key) {
        return Instant.parse(string(map, key));
    }

    private static long number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Long)) {
            throw new IllegalArgumentException("missing or non-integer '" + key + "'");
        }
        return (Long) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("missing or non-list '" + key + "'");
        }
        for (Object item : (List<Object>) value) {
            if (!(item instanceof Map)) {
                throw new IllegalArgumentException("non-object in '" + key + "'");
            }
        }
        return (List<Map<String, Object>>) value;
    }
}
