package dev.ststoken.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulator's account as one immutable value: identities, keys, MFA devices, roles, and the key
 * that seals session tokens. A change makes a new value ({@code withUser}, {@code withoutKey}...);
 * {@link StateStore} publishes it whole, so a request never sees a half-applied change.
 *
 * @param revision counts the writes of the state file; a fresh read tells whether anything changed
 */
record Account(long revision, String accountId, byte[] tokenKey, Instant created, Map<String, User> users,
               Map<String, AccessKey> accessKeys, Map<String, MfaDevice> mfaDevices, Map<String, Role> roles) {
    static final String DEMO_USER = "demo";

    Account {
        users = frozen(users);
        accessKeys = frozen(accessKeys);
        mfaDevices = frozen(mfaDevices);
        roles = frozen(roles);
    }

    /**
     * @param mfaFailures    wrong MFA codes not yet forgiven (see {@link MfaThrottle})
     * @param lastMfaFailure when the last wrong code came, or null
     */
    record User(String name, String userId, String path, Instant created, int mfaFailures, Instant lastMfaFailure) {
        User withMfaFailures(int failures, Instant last) {
            return new User(name, userId, path, created, failures, last);
        }
    }

    /** @param owner the user's name, or null for a root key */
    record AccessKey(String id, String secret, String owner, boolean active, Instant created) {
        AccessKey withActive(boolean newActive) {
            return new AccessKey(id, secret, owner, newActive, created);
        }

        @Override
        public String toString() {
            return "AccessKey[" + id + ", owner=" + owner + ", active=" + active + "]";
        }
    }

    /**
     * @param user      the user it is enabled for (by name), or null while unassigned
     * @param creatorId the unique id of the user that created it, or null when root did
     */
    record MfaDevice(String serial, String seed, String user, boolean enabled, Instant created, Instant enabledAt,
                     long lastUsedStep, String creatorId) {
        MfaDevice enabledFor(String userName, Instant at, long usedStep) {
            return new MfaDevice(serial, seed, userName, true, created, at, usedStep, creatorId);
        }

        MfaDevice deactivated() {
            return new MfaDevice(serial, seed, null, false, created, null, lastUsedStep, creatorId);
        }

        MfaDevice withLastUsedStep(long step) {
            return new MfaDevice(serial, seed, user, enabled, created, enabledAt, step, creatorId);
        }

        @Override
        public String toString() {
            return "MfaDevice[" + serial + ", user=" + user + ", enabled=" + enabled + "]";
        }
    }

    record Role(String name, String roleId, String path, int maxSessionDuration, String assumeRolePolicyDocument,
                String description, Instant created) {}

    @Override
    public String toString() {
        // Secrets, seeds and the token key stay out of logs and assertion messages.
        return "Account[" + accountId + ", revision " + revision + ", " + users.size() + " users, " + accessKeys.size()
                + " keys, " + mfaDevices.size() + " MFA devices, " + roles.size() + " roles]";
    }

    Account withRevision(long newRevision) {
        return new Account(newRevision, accountId, tokenKey, created, users, accessKeys, mfaDevices, roles);
    }

    Account withUser(User user) {
        return new Account(revision, accountId, tokenKey, created, put(users, user.name(), user), accessKeys, mfaDevices,
                roles);
    }

    Account withoutUser(String name) {
        return new Account(revision, accountId, tokenKey, created, remove(users, name), accessKeys, mfaDevices, roles);
    }

    Account withKey(AccessKey key) {
        return new Account(revision, accountId, tokenKey, created, users, put(accessKeys, key.id(), key), mfaDevices,
                roles);
    }

    Account withoutKey(String id) {
        return new Account(revision, accountId, tokenKey, created, users, remove(accessKeys, id), mfaDevices, roles);
    }

    Account withDevice(MfaDevice device) {
        return new Account(revision, accountId, tokenKey, created, users, accessKeys,
                put(mfaDevices, device.serial(), device), roles);
    }

    Account withoutDevice(String serial) {
        return new Account(revision, accountId, tokenKey, created, users, accessKeys, remove(mfaDevices, serial), roles);
    }

    Account withRole(Role role) {
        return new Account(revision, accountId, tokenKey, created, users, accessKeys, mfaDevices,
                put(roles, role.name(), role));
    }

    Account withoutRole(String name) {
        return new Account(revision, accountId, tokenKey, created, users, accessKeys, mfaDevices, remove(roles, name));
    }

    AccessKey rootKey() {
        for (AccessKey key : accessKeys.values()) {
            if (key.owner() == null) {
                return key;
            }
        }
        return null;
    }

    AccessKey firstKeyOf(String userName) {
        for (AccessKey key : accessKeys.values()) {
            if (userName.equals(key.owner())) {
                return key;
            }
        }
        return null;
    }

    long keyCount(String ownerOrNull) {
        long count = 0;
        for (AccessKey key : accessKeys.values()) {
            if (ownerOrNull == null ? key.owner() == null : ownerOrNull.equals(key.owner())) {
                count++;
            }
        }
        return count;
    }

    /** The user's enabled MFA device, or null. */
    MfaDevice deviceOf(String userName) {
        for (MfaDevice device : mfaDevices.values()) {
            if (userName.equals(device.user()) && device.enabled()) {
                return device;
            }
        }
        return null;
    }

    String rootArn() {
        return Arns.root(accountId);
    }

    String userArn(String userName) {
        User user = users.get(userName);
        return Arns.user(accountId, user == null ? "/" : user.path(), userName);
    }

    String roleArn(Role role) {
        return Arns.role(accountId, role.path(), role.name());
    }

    /** Insertion order is kept: lists come out in creation order, as the state file has them. */
    private static <V> Map<String, V> frozen(Map<String, V> map) {
        if (map instanceof Frozen) {
            return map;
        }
        return new Frozen<>(new LinkedHashMap<>(map));
    }

    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        LinkedHashMap<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return new Frozen<>(copy);
    }

    private static <V> Map<String, V> remove(Map<String, V> map, String key) {
        LinkedHashMap<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return new Frozen<>(copy);
    }

    /** An unmodifiable view over a map nobody else holds, marked so that it is not copied again. */
    private static final class Frozen<V> extends java.util.AbstractMap<String, V> {
        private final Map<String, V> inner;

        Frozen(LinkedHashMap<String, V> inner) {
            this.inner = Collections.unmodifiableMap(inner);
        }

        @Override
        public java.util.Set<Entry<String, V>> entrySet() {
            return inner.entrySet();
        }

        @Override
        public V get(Object key) {
            return inner.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return inner.containsKey(key);
        }

        @Override
        public int size() {
            return inner.size();
        }
    }
}
