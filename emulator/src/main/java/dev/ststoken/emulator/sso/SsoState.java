package dev.ststoken.emulator.sso;

import java.time.Instant;
import java.util.ArrayList;
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
}
