package dev.ststoken.emulator.sso;

import dev.ststoken.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directory and the flows in progress, one immutable value published whole as the account is:
 * each change makes a new one. Device codes and authorization codes are kept by their SHA-256 only,
 * so the file does not hold a code anyone could redeem; tokens are not kept at all (they are
 * sealed), only the sessions ended by Logout until their tokens expire.
 *
 * @param key            sealing and CSRF key (32 random bytes), never sent
 * @param clients        registered OIDC clients by id, their secrets by hash
 * @param devices        device authorizations in progress, by the device code's hash
 * @param codes          authorization codes not yet redeemed, by the code's hash
 * @param loggedOut      sign-in sessions ended by Logout, with the time their last token expires
 */
record SsoState(
        byte[] key,
        Map<String, Client> clients,
        Map<String, User> users,
        Map<String, PermissionSet> permissionSets,
        List<Assignment> assignments,
        Map<String, DeviceFlow> devices,
        Map<String, AuthCode> codes,
        Map<String, Instant> loggedOut) {

    SsoState {
        clients = Map.copyOf(clients);
        users = Map.copyOf(users);
        permissionSets = Map.copyOf(permissionSets);
        assignments = List.copyOf(assignments);
        devices = Map.copyOf(devices);
        codes = Map.copyOf(codes);
        loggedOut = Map.copyOf(loggedOut);
    }

    static SsoState empty(byte[] key) {
        return new SsoState(key, Map.of(), Map.of(), Map.of(), List.of(), Map.of(), Map.of(), Map.of());
    }

    /** A client registered with RegisterClient: its secret by hash, until it expires. */
    record Client(
            String clientId,
            String name,
            String secretHash,
            Instant expires,
            List<String> redirectUris,
            List<String> grantTypes,
            List<String> scopes) {
        Client {
            redirectUris = List.copyOf(redirectUris);
            grantTypes = List.copyOf(grantTypes);
            scopes = List.copyOf(scopes);
        }
    }

    SsoState withClient(Client client) {
        return new SsoState(
                key,
                put(clients, client.clientId(), client),
                users,
                permissionSets,
                assignments,
                devices,
                codes,
                loggedOut);
    }

    /**
     * A directory user: a PBKDF2 hash of the password, a TOTP seed (Base32), the last step used (a
     * code is accepted once) and the wrong sign-ins still counted.
     */
    record User(
            String name,
            String userId,
            String passwordSalt,
            String passwordHash,
            String mfaSeed,
            long lastUsedStep,
            int failures,
            Instant lastFailure) {
        User withLastUsedStep(long step) {
            return new User(name, userId, passwordSalt, passwordHash, mfaSeed, step, failures, lastFailure);
        }

        User withFailures(int count, Instant last) {
            return new User(name, userId, passwordSalt, passwordHash, mfaSeed, lastUsedStep, count, last);
        }
    }

    /**
     * @param roleName the role it becomes in the account, AWSReservedSSO_name_16hex
     * @param inlinePolicy its inline policy, or null
     */
    record PermissionSet(
            String name, String roleName, String inlinePolicy, List<String> managedPolicyArns, int sessionSeconds) {
        PermissionSet {
            managedPolicyArns = List.copyOf(managedPolicyArns);
        }
    }

    record Assignment(String user, String accountId, String permissionSet) {}

    /** A device authorization: pending until a user approves or denies it on the verification page. */
    record DeviceFlow(
            String clientId,
            String userCode,
            Instant expires,
            Instant lastPoll,
            String status,
            String user,
            List<String> scopes) {
        static final String PENDING = "pending";
        static final String APPROVED = "approved";
        static final String DENIED = "denied";

        DeviceFlow {
            scopes = List.copyOf(scopes);
        }

        DeviceFlow polled(Instant at) {
            return new DeviceFlow(clientId, userCode, expires, at, status, user, scopes);
        }

        DeviceFlow decided(String newStatus, String byUser) {
            return new DeviceFlow(clientId, userCode, expires, lastPoll, newStatus, byUser, scopes);
        }
    }

    /** An authorization code of the PKCE flow, for one client, redirect URI and S256 challenge. */
    record AuthCode(
            String clientId, String redirectUri, String challenge, String user, Instant expires, List<String> scopes) {
        AuthCode {
            scopes = List.copyOf(scopes);
        }
    }

    SsoState withUser(User user) {
        return new SsoState(
                key, clients, put(users, user.name(), user), permissionSets, assignments, devices, codes, loggedOut);
    }

    SsoState withPermissionSet(PermissionSet set) {
        return new SsoState(
                key, clients, users, put(permissionSets, set.name(), set), assignments, devices, codes, loggedOut);
    }

    SsoState withAssignment(Assignment assignment) {
        if (assignments.contains(assignment)) {
            return this;
        }
        List<Assignment> more = new ArrayList<>(assignments);
        more.add(assignment);
        return new SsoState(key, clients, users, permissionSets, more, devices, codes, loggedOut);
    }

    SsoState withDevice(String hash, DeviceFlow flow) {
        return new SsoState(
                key, clients, users, permissionSets, assignments, put(devices, hash, flow), codes, loggedOut);
    }

    SsoState withoutDevice(String hash) {
        return new SsoState(key, clients, users, permissionSets, assignments, remove(devices, hash), codes, loggedOut);
    }

    SsoState withCode(String hash, AuthCode code) {
        return new SsoState(
                key, clients, users, permissionSets, assignments, devices, put(codes, hash, code), loggedOut);
    }

    SsoState withoutCode(String hash) {
        return new SsoState(key, clients, users, permissionSets, assignments, devices, remove(codes, hash), loggedOut);
    }

    SsoState withLoggedOut(String session, Instant until) {
        return new SsoState(
                key, clients, users, permissionSets, assignments, devices, codes, put(loggedOut, session, until));
    }

    /** Without the flows and logouts that ended before {@code now}: the file does not grow with use. */
    SsoState pruned(Instant now) {
        Map<String, DeviceFlow> liveDevices = new LinkedHashMap<>();
        devices.forEach((k, v) -> {
            if (v.expires().plus(java.time.Duration.ofHours(1)).isAfter(now)) {
                liveDevices.put(k, v);
            }
        });
        Map<String, AuthCode> liveCodes = new LinkedHashMap<>();
        codes.forEach((k, v) -> {
            if (v.expires().isAfter(now)) {
                liveCodes.put(k, v);
            }
        });
        Map<String, Instant> liveLogouts = new LinkedHashMap<>();
        loggedOut.forEach((k, v) -> {
            if (v.isAfter(now)) {
                liveLogouts.put(k, v);
            }
        });
        Map<String, Client> liveClients = new LinkedHashMap<>();
        clients.forEach((k, v) -> {
            if (v.expires().isAfter(now)) {
                liveClients.put(k, v);
            }
        });
        if (liveClients.size() == clients.size()
                && liveDevices.size() == devices.size()
                && liveCodes.size() == codes.size()
                && liveLogouts.size() == loggedOut.size()) {
            return this;
        }
        return new SsoState(key, liveClients, users, permissionSets, assignments, liveDevices, liveCodes, liveLogouts);
    }

    /** The permission sets assigned to a user in an account, in assignment order. */
    List<PermissionSet> assignedSets(String user, String accountId) {
        List<PermissionSet> sets = new ArrayList<>();
        for (Assignment a : assignments) {
            PermissionSet set = permissionSets.get(a.permissionSet());
            if (a.user().equals(user) && a.accountId().equals(accountId) && set != null && !sets.contains(set)) {
                sets.add(set);
            }
        }
        return sets;
    }

    private static <V> Map<String, V> put(Map<String, V> map, String k, V v) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(k, v);
        return copy;
    }

    private static <V> Map<String, V> remove(Map<String, V> map, String k) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(k);
        return copy;
    }

    // The file format: JSON, one object per record, times as epoch seconds.

    String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1L);
        root.put("key", Base64.getEncoder().encodeToString(key));
        List<Object> clientList = new ArrayList<>();
        for (Client c : clients.values()) {
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
        for (User u : users.values()) {
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
        for (PermissionSet s : permissionSets.values()) {
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
        for (Assignment a : assignments) {
            assigned.add(Map.of("user", a.user(), "accountId", a.accountId(), "permissionSet", a.permissionSet()));
        }
        root.put("assignments", assigned);
        Map<String, Object> deviceMap = new LinkedHashMap<>();
        devices.forEach((hash, d) -> {
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
        codes.forEach((hash, c) -> {
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
        loggedOut.forEach((session, until) -> outMap.put(session, seconds(until)));
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
        Map<String, Client> clients = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("clients")) {
            Map<String, Object> m = (Map<String, Object>) o;
            Client c = new Client(
                    string(m, "clientId"),
                    string(m, "name"),
                    string(m, "secretHash"),
                    instant(m.get("expires")),
                    strings(m.get("redirectUris")),
                    strings(m.get("grantTypes")),
                    strings(m.get("scopes")));
            clients.put(c.clientId(), c);
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("users")) {
            Map<String, Object> m = (Map<String, Object>) o;
            User u = new User(
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
        Map<String, PermissionSet> sets = new LinkedHashMap<>();
        for (Object o : (List<Object>) root.get("permissionSets")) {
            Map<String, Object> m = (Map<String, Object>) o;
            PermissionSet s = new PermissionSet(
                    string(m, "name"),
                    string(m, "roleName"),
                    (String) m.get("inlinePolicy"),
                    strings(m.get("managedPolicyArns")),
                    ((Long) m.get("sessionSeconds")).intValue());
            sets.put(s.name(), s);
        }
        List<Assignment> assignments = new ArrayList<>();
        for (Object o : (List<Object>) root.get("assignments")) {
            Map<String, Object> m = (Map<String, Object>) o;
            assignments.add(new Assignment(string(m, "user"), string(m, "accountId"), string(m, "permissionSet")));
        }
        Map<String, DeviceFlow> devices = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("devices")).forEach((hash, o) -> {
            Map<String, Object> m = (Map<String, Object>) o;
            Object lastPoll = m.get("lastPoll");
            devices.put(
                    hash,
                    new DeviceFlow(
                            string(m, "clientId"),
                            string(m, "userCode"),
                            instant(m.get("expires")),
                            lastPoll == null ? null : Instant.ofEpochMilli((Long) lastPoll),
                            string(m, "status"),
                            (String) m.get("user"),
                            strings(m.get("scopes"))));
        });
        Map<String, AuthCode> codes = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("codes")).forEach((hash, o) -> {
            Map<String, Object> m = (Map<String, Object>) o;
            codes.put(
                    hash,
                    new AuthCode(
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
