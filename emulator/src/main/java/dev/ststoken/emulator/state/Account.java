package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's account as one immutable value: identities, keys, MFA devices, roles, groups,
 * managed policies, and the key that seals session tokens. A change makes a new value
 * ({@code withUser}, {@code withoutKey}...); {@link StateStore} publishes it whole, so a request
 * never sees a half-applied change.
 *
 * @param revision   counts the writes of the state file; a fresh read tells whether anything changed
 * @param policies   customer managed policies by ARN
 * @param enforceIam whether policies decide what identities may do: true for accounts created since
 *                   policies exist, false for older state files (which keep the earlier fixed rules)
 */
public record Account(
        long revision,
        String accountId,
        byte[] tokenKey,
        Instant created,
        Map<String, User> users,
        Map<String, AccessKey> accessKeys,
        Map<String, MfaDevice> mfaDevices,
        Map<String, Role> roles,
        Map<String, Group> groups,
        Map<String, ManagedPolicy> policies,
        boolean enforceIam,
        String rootLoginPassword) {
    public static final String DEMO_USER = "demo";
    /** The name AWS gives the root user's virtual MFA device: arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device. */
    public static final String ROOT_MFA_DEVICE = "root-account-mfa-device";

    public Account {
        users = frozen(users);
        accessKeys = frozen(accessKeys);
        mfaDevices = frozen(mfaDevices);
        roles = frozen(roles);
        groups = frozen(groups);
        policies = frozen(policies);
    }

    /** An account whose root has no console password (one is made on the sign-in page's first use). */
    public Account(
            long revision,
            String accountId,
            byte[] tokenKey,
            Instant created,
            Map<String, User> users,
            Map<String, AccessKey> accessKeys,
            Map<String, MfaDevice> mfaDevices,
            Map<String, Role> roles,
            Map<String, Group> groups,
            Map<String, ManagedPolicy> policies,
            boolean enforceIam) {
        this(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                roles,
                groups,
                policies,
                enforceIam,
                null);
    }

    /** An account as state files before policies described it: no groups, no policies, not enforced. */
    Account(
            long revision,
            String accountId,
            byte[] tokenKey,
            Instant created,
            Map<String, User> users,
            Map<String, AccessKey> accessKeys,
            Map<String, MfaDevice> mfaDevices,
            Map<String, Role> roles) {
        this(revision, accountId, tokenKey, created, users, accessKeys, mfaDevices, roles, Map.of(), Map.of(), false);
    }

    /**
     * Where an identity's permissions come from: inline policies by name (their JSON text) and the
     * ARNs of attached managed policies, in the order they were added.
     */
    public record Permissions(Map<String, String> inline, List<String> attached) {
        public static final Permissions NONE = new Permissions(Map.of(), List.of());

        public Permissions {
            inline = Collections.unmodifiableMap(new LinkedHashMap<>(inline));
            attached = List.copyOf(attached);
        }

        public Permissions withInline(String name, String document) {
            LinkedHashMap<String, String> copy = new LinkedHashMap<>(inline);
            copy.put(name, document);
            return new Permissions(copy, attached);
        }

        public Permissions withoutInline(String name) {
            LinkedHashMap<String, String> copy = new LinkedHashMap<>(inline);
            copy.remove(name);
            return new Permissions(copy, attached);
        }

        public Permissions withAttached(String arn) {
            if (attached.contains(arn)) {
                return this;
            }
            List<String> copy = new ArrayList<>(attached);
            copy.add(arn);
            return new Permissions(inline, copy);
        }

        public Permissions withoutAttached(String arn) {
            List<String> copy = new ArrayList<>(attached);
            copy.remove(arn);
            return new Permissions(inline, copy);
        }
    }

    /**
     * @param mfaFailures    wrong MFA codes not yet forgiven (see {@link MfaThrottle})
     * @param lastMfaFailure when the last wrong code came, or null
     * @param loginPassword  the console password's hash (CreateLoginProfile), or null when the user has none
     */
    public record User(
            String name,
            String userId,
            String path,
            Instant created,
            int mfaFailures,
            Instant lastMfaFailure,
            List<String> groups,
            Permissions permissions,
            String loginPassword) {
        public User {
            groups = List.copyOf(groups);
        }

        public User(String name, String userId, String path, Instant created, int mfaFailures, Instant lastMfaFailure) {
            this(name, userId, path, created, mfaFailures, lastMfaFailure, List.of(), Permissions.NONE, null);
        }

        User withMfaFailures(int failures, Instant last) {
            return new User(name, userId, path, created, failures, last, groups, permissions, loginPassword);
        }

        public User withPermissions(Permissions newPermissions) {
            return new User(
                    name, userId, path, created, mfaFailures, lastMfaFailure, groups, newPermissions, loginPassword);
        }

        public User withGroups(List<String> newGroups) {
            return new User(
                    name, userId, path, created, mfaFailures, lastMfaFailure, newGroups, permissions, loginPassword);
        }

        /** The console password's hash ({@link LoginPasswords}), or null to remove the login profile. */
        public User withLoginPassword(String hash) {
            return new User(name, userId, path, created, mfaFailures, lastMfaFailure, groups, permissions, hash);
        }

        @Override
        public String toString() {
            // The password hash stays out of logs and assertion messages.
            return "User[" + name + ", " + userId + (loginPassword == null ? "" : ", login profile") + "]";
        }
    }

    /** @param owner the user's name, or null for a root key */
    public record AccessKey(String id, String secret, String owner, boolean active, Instant created) {
        public AccessKey withActive(boolean newActive) {
            return new AccessKey(id, secret, owner, newActive, created);
        }

        @Override
        public String toString() {
            return "AccessKey[" + id + ", owner=" + owner + ", active=" + active + "]";
        }
    }

    /**
     * @param user      the user it is enabled for (by name); null while unassigned, and for the root
     *                  user's own device ({@link Account#rootDevice}), which is enabled with no user
     * @param creatorId the unique id of the user that created it, or null when root did
     */
    public record MfaDevice(
            String serial,
            String seed,
            String user,
            boolean enabled,
            Instant created,
            Instant enabledAt,
            long lastUsedStep,
            String creatorId) {
        /** A new virtual device, not yet enabled for any user; creatorId null when root made it. */
        public static MfaDevice created(String serial, String seed, Instant created, String creatorId) {
            return new MfaDevice(serial, seed, null, false, created, null, -1, creatorId);
        }

        public MfaDevice enabledFor(String userName, Instant at, long usedStep) {
            return new MfaDevice(serial, seed, userName, true, created, at, usedStep, creatorId);
        }

        public MfaDevice deactivated() {
            return new MfaDevice(serial, seed, null, false, created, null, lastUsedStep, creatorId);
        }

        public MfaDevice withLastUsedStep(long step) {
            return new MfaDevice(serial, seed, user, enabled, created, enabledAt, step, creatorId);
        }

        @Override
        public String toString() {
            return "MfaDevice[" + serial + ", user=" + user + ", enabled=" + enabled + "]";
        }
    }

    public record Role(
            String name,
            String roleId,
            String path,
            int maxSessionDuration,
            String assumeRolePolicyDocument,
            String description,
            Instant created,
            Permissions permissions) {
        public Role(
                String name,
                String roleId,
                String path,
                int maxSessionDuration,
                String assumeRolePolicyDocument,
                String description,
                Instant created) {
            this(
                    name,
                    roleId,
                    path,
                    maxSessionDuration,
                    assumeRolePolicyDocument,
                    description,
                    created,
                    Permissions.NONE);
        }

        public Role withPermissions(Permissions newPermissions) {
            return new Role(
                    name,
                    roleId,
                    path,
                    maxSessionDuration,
                    assumeRolePolicyDocument,
                    description,
                    created,
                    newPermissions);
        }

        public Role withTrustPolicy(String document) {
            return new Role(name, roleId, path, maxSessionDuration, document, description, created, permissions);
        }
    }

    public record Group(String name, String groupId, String path, Instant created, Permissions permissions) {
        public Group withPermissions(Permissions newPermissions) {
            return new Group(name, groupId, path, created, newPermissions);
        }
    }

    /** One version of a managed policy's document; IAM keeps at most five. */
    public record PolicyVersion(String versionId, String document, Instant created) {}

    /**
     * A customer managed policy.
     *
     * @param nextVersion the number of the next version IAM will create (v1, v2...; never reused)
     */
    public record ManagedPolicy(
            String name,
            String policyId,
            String path,
            String description,
            Instant created,
            Instant updated,
            String defaultVersionId,
            List<PolicyVersion> versions,
            int nextVersion) {
        public ManagedPolicy {
            versions = List.copyOf(versions);
        }

        public PolicyVersion defaultVersion() {
            return version(defaultVersionId);
        }

        public PolicyVersion version(String versionId) {
            for (PolicyVersion version : versions) {
                if (version.versionId().equals(versionId)) {
                    return version;
                }
            }
            return null;
        }

        public ManagedPolicy withVersions(List<PolicyVersion> newVersions, String newDefault, int newNext, Instant at) {
            return new ManagedPolicy(name, policyId, path, description, created, at, newDefault, newVersions, newNext);
        }
    }

    @Override
    public String toString() {
        // Secrets, seeds and the token key stay out of logs and assertion messages.
        return "Account[" + accountId + ", revision " + revision + ", " + users.size() + " users, " + accessKeys.size()
                + " keys, " + mfaDevices.size() + " MFA devices, " + roles.size() + " roles, " + groups.size()
                + " groups, " + policies.size() + " policies" + (enforceIam ? "" : ", IAM not enforced") + "]";
    }

    Account withRevision(long newRevision) {
        return new Account(
                newRevision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                roles,
                groups,
                policies,
                enforceIam,
                rootLoginPassword);
    }

    Account withEnforceIam(boolean enforce) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                roles,
                groups,
                policies,
                enforce,
                rootLoginPassword);
    }

    public Account withUser(User user) {
        return withUsers(put(users, user.name(), user));
    }

    public Account withoutUser(String name) {
        return withUsers(remove(users, name));
    }

    private Account withUsers(Map<String, User> newUsers) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                newUsers,
                accessKeys,
                mfaDevices,
                roles,
                groups,
                policies,
                enforceIam,
                rootLoginPassword);
    }

    public Account withKey(AccessKey key) {
        return withKeys(put(accessKeys, key.id(), key));
    }

    public Account withoutKey(String id) {
        return withKeys(remove(accessKeys, id));
    }

    private Account withKeys(Map<String, AccessKey> newKeys) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                newKeys,
                mfaDevices,
                roles,
                groups,
                policies,
                enforceIam,
                rootLoginPassword);
    }

    public Account withDevice(MfaDevice device) {
        return withDevices(put(mfaDevices, device.serial(), device));
    }

    public Account withoutDevice(String serial) {
        return withDevices(remove(mfaDevices, serial));
    }

    private Account withDevices(Map<String, MfaDevice> newDevices) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                newDevices,
                roles,
                groups,
                policies,
                enforceIam,
                rootLoginPassword);
    }

    public Account withRole(Role role) {
        return withRoles(put(roles, role.name(), role));
    }

    public Account withoutRole(String name) {
        return withRoles(remove(roles, name));
    }

    private Account withRoles(Map<String, Role> newRoles) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                newRoles,
                groups,
                policies,
                enforceIam,
                rootLoginPassword);
    }

    public Account withGroup(Group group) {
        return withGroups(put(groups, group.name(), group));
    }

    public Account withoutGroup(String name) {
        return withGroups(remove(groups, name));
    }

    private Account withGroups(Map<String, Group> newGroups) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                roles,
                newGroups,
                policies,
                enforceIam,
                rootLoginPassword);
    }

    public Account withPolicy(ManagedPolicy policy) {
        return withPolicies(put(policies, policyArn(policy), policy));
    }

    public Account withoutPolicy(String arn) {
        return withPolicies(remove(policies, arn));
    }

    private Account withPolicies(Map<String, ManagedPolicy> newPolicies) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                roles,
                groups,
                newPolicies,
                enforceIam,
                rootLoginPassword);
    }

    public String policyArn(ManagedPolicy policy) {
        return Arns.policy(accountId, policy.path(), policy.name());
    }

    public String groupArn(Group group) {
        return Arns.group(accountId, group.path(), group.name());
    }

    /** The root user's console password hash ({@link LoginPasswords}), or null for none. */
    public Account withRootLoginPassword(String hash) {
        return new Account(
                revision,
                accountId,
                tokenKey,
                created,
                users,
                accessKeys,
                mfaDevices,
                roles,
                groups,
                policies,
                enforceIam,
                hash);
    }

    /** The root user's enabled MFA device (enabled, with no user: root's), or null. */
    public MfaDevice rootDevice() {
        MfaDevice device = mfaDevices.get(Arns.mfa(accountId, "/", ROOT_MFA_DEVICE));
        return device != null && device.enabled() && device.user() == null ? device : null;
    }

    public AccessKey rootKey() {
        for (AccessKey key : accessKeys.values()) {
            if (key.owner() == null) {
                return key;
            }
        }
        return null;
    }

    public AccessKey firstKeyOf(String userName) {
        for (AccessKey key : accessKeys.values()) {
            if (userName.equals(key.owner())) {
                return key;
            }
        }
        return null;
    }

    public long keyCount(String ownerOrNull) {
        long count = 0;
        for (AccessKey key : accessKeys.values()) {
            if (ownerOrNull == null ? key.owner() == null : ownerOrNull.equals(key.owner())) {
                count++;
            }
        }
        return count;
    }

    /** The user's enabled MFA device, or null. */
    public MfaDevice deviceOf(String userName) {
        for (MfaDevice device : mfaDevices.values()) {
            if (userName.equals(device.user()) && device.enabled()) {
                return device;
            }
        }
        return null;
    }

    public String rootArn() {
        return Arns.root(accountId);
    }

    public String userArn(String userName) {
        User user = users.get(userName);
        return Arns.user(accountId, user == null ? "/" : user.path(), userName);
    }

    public String roleArn(Role role) {
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
