package dev.ststoken.emulator.sso;

import dev.ststoken.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** sso.json: the {@link SsoState} as JSON, one object per record, times as epoch seconds. */
final class SsoStateCodec {
    private SsoStateCodec() {}

    static String toJson(SsoState state) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1L);
        root.put("key", Base64.getEncoder().encodeToString(state.key()));
        List<Object> clientList = new ArrayList<>();
        for (SsoState.Client c : state.clients().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clientId", c.clientId());
            m.put("name", c.name());
            m.put("secretHash", c.secretHash());
            m.put("expires", seconds(c.expires()));
            m.put("redirectUris", c.redirectUris());
            m.put("grantTypes", c.grantTypes());
            m.put("scopes", c.scopes());
            clientList.add(m);
        }
        root.put("clients", clientList);
        List<Object> userList = new ArrayList<>();
        for (SsoState.User u : state.users().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("userId", u.userId());
            m.put("salt", u.passwordSalt());
            m.put("hash", u.passwordHash());
            m.put("mfaSeed", u.mfaSeed());
            m.put("lastUsedStep", u.lastUsedStep());
            m.put("failures", (long) u.failures());
            m.put("lastFailure", seconds(u.lastFailure()));
            userList.add(m);
        }
        root.put("users", userList);
        List<Object> sets = new ArrayList<>();
        for (SsoState.PermissionSet s : state.permissionSets().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("roleName", s.roleName());
            m.put("inlinePolicy", s.inlinePolicy());
            m.put("managedPolicyArns", s.managedPolicyArns());
            m.put("sessionSeconds", (long) s.sessionSeconds());
            sets.add(m);
        }
        root.put("permissionSets", sets);
        List<Object> assigned = new ArrayList<>();
        for (SsoState.Assignment a : state.assignments()) {
            assigned.add(Map.of("user", a.user(), "accountId", a.accountId(), "permissionSet", a.permissionSet()));
        }
        root.put("assignments", assigned);
        Map<String, Object> deviceMap = new LinkedHashMap<>();
        state.devices().forEach((hash, d) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clientId", d.clientId());
            m.put("userCode", d.userCode());
            m.put("expires", seconds(d.expires()));
            m.put("lastPoll", d.lastPoll() == null ? null : d.lastPoll().toEpochMilli());
            m.put("status", d.status());
            m.put("user", d.user());
            m.put("scopes", d.scopes());
            deviceMap.put(hash, m);
        });
        root.put("devices", deviceMap);
        Map<String, Object> codeMap = new LinkedHashMap<>();
        state.codes().forEach((hash, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clientId", c.clientId());
            m.put("redirectUri", c.redirectUri());
            m.put("challenge", c.challenge());
            m.put("user", c.user());
            m.put("expires", seconds(c.expires()));
            m.put("scopes", c.scopes());
            codeMap.put(hash, m);
        });
        root.put("codes", codeMap);
        Map<String, Object> outMap = new LinkedHashMap<>();
        state.loggedOut().forEach((session, until) -> outMap.put(session, seconds(until)));
        root.put("loggedOut", outMap);
        return Json.write(root) + "\n";
    }

    @SuppressWarnings("unchecked")
    static SsoState fromJson(String text) {
        Map<String, Object> root = Json.parseObject(text);
        if (!Long.valueOf(1).equals(root.get("version"))) {
            throw new IllegalArgumentException("unknown version " + root.get("version"));
        }
        byte[] key = Base64.getDecoder().decode(string(root, "key"));
        Map<String, SsoState.Client> clients = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("clients")) {
            Map<String, Object> m = (Map<String, Object>) o;
            SsoState.Client c = new SsoState.Client(
                    string(m, "clientId"),
                    string(m, "name"),
                    string(m, "secretHash"),
                    instant(m.get("expires")),
                    strings(m.get("redirectUris")),
                    strings(m.get("grantTypes")),
                    strings(m.get("scopes")));
            clients.put(c.clientId(), c);
        }
        Map<String, SsoState.User> users = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("users")) {
            Map<String, Object> m = (Map<String, Object>) o;
            SsoState.User u = new SsoState.User(
                    string(m, "name"),
                    string(m, "userId"),
                    string(m, "salt"),
                    string(m, "hash"),
                    string(m, "mfaSeed"),
                    (Long) m.get("lastUsedStep"),
                    ((Long) m.get("failures")).intValue(),
                    instant(m.get("lastFailure")));
            users.put(u.name(), u);
        }
        Map<String, SsoState.PermissionSet> sets = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("permissionSets")) {
            Map<String, Object> m = (Map<String, Object>) o;
            SsoState.PermissionSet s = new SsoState.PermissionSet(
                    string(m, "name"),
                    string(m, "roleName"),
                    (String) m.get("inlinePolicy"),
                    strings(m.get("managedPolicyArns")),
                    ((Long) m.get("sessionSeconds")).intValue());
            sets.put(s.name(), s);
        }
        List<SsoState.Assignment> assignments = new ArrayList<>();
        for (Object o : (List<Object>) root.get("assignments")) {
            Map<String, Object> m = (Map<String, Object>) o;
            assignments.add(
                    new SsoState.Assignment(string(m, "user"), string(m, "accountId"), string(m, "permissionSet")));
        }
        Map<String, SsoState.DeviceFlow> devices = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("devices")).forEach((hash, o) -> {
            Map<String, Object> m = (Map<String, Object>) o;
            Object lastPoll = m.get("lastPoll");
            devices.put(
                    hash,
                    new SsoState.DeviceFlow(
                            string(m, "clientId"),
                            string(m, "userCode"),
                            instant(m.get("expires")),
                            lastPoll == null ? null : Instant.ofEpochMilli((Long) lastPoll),
                            string(m, "status"),
                            (String) m.get("user"),
                            strings(m.get("scopes"))));
        });
        Map<String, SsoState.AuthCode> codes = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("codes")).forEach((hash, o) -> {
            Map<String, Object> m = (Map<String, Object>) o;
            codes.put(
                    hash,
                    new SsoState.AuthCode(
                            string(m, "clientId"),
                            string(m, "redirectUri"),
                            string(m, "challenge"),
                            string(m, "user"),
                            instant(m.get("expires")),
                            strings(m.get("scopes"))));
        });
        Map<String, Instant> loggedOut = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("loggedOut")).forEach((k, v) -> loggedOut.put(k, instant(v)));
        return new SsoState(key, clients, users, sets, assignments, devices, codes, loggedOut);
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    private static Instant instant(Object seconds) {
        return seconds == null ? null : Instant.ofEpochSecond((Long) seconds);
    }

    private static String string(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) list) {
            out.add((String) o);
        }
        return out;
    }
}
