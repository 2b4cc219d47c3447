package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.Map;

/**
 * The emulator's account as one immutable value: identities, keys, MFA devices, roles, groups,
 * managed policies, and the key that seals session tokens. A change makes a new value
 * ({@code withUser}, {@code withoutKey}...); {@link StateStore} publishes it whole, so a request
 * never sees a half-applied change.
 *
 * @param revision   counts the writes of the state file; a fresh read tells whether anything changed
 * @param policies   customer managed policies by ARN (AWS's are {@link AwsManagedPolicies}; see
 *                   {@link #managedPolicy})
 * @param instanceProfiles instance profiles by name
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
        Map<String, InstanceProfile> instanceProfiles,
        boolean enforceIam,
        String rootLoginPassword) {
    public static final String DEMO_USER = "demo";
    /** The name AWS gives the root user's virtual MFA device: arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device. */
    public static final String ROOT_MFA_DEVICE = "root-account-mfa-device";

    public Account {
        users = FrozenMaps.frozen(users);
        accessKeys = FrozenMaps.frozen(accessKeys);
        mfaDevices = FrozenMaps.frozen(mfaDevices);
        roles = FrozenMaps.frozen(roles);
        groups = FrozenMaps.frozen(groups);
        policies = FrozenMaps.frozen(policies);
        instanceProfiles = FrozenMaps.frozen(instanceProfiles);
    }

    /** A new account's parts, all empty; {@link #toBuilder} starts from an existing one. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .revision(revision)
                .accountId(accountId)
                .tokenKey(tokenKey)
                .created(created)
                .users(users)
                .accessKeys(accessKeys)
                .mfaDevices(mfaDevices)
                .roles(roles)
                .groups(groups)
                .policies(policies)
                .instanceProfiles(instanceProfiles)
                .enforceIam(enforceIam)
                .rootLoginPassword(rootLoginPassword);
    }

    /**
     * Names each part it sets, so that a change says only what it changes and a new part does not
     * grow every caller's argument list. Unset maps are empty; enforceIam is false (as state files
     * written before policies existed); the root has no console password.
     */
    public static final class Builder {
        private long revision;
        private String accountId;
        private byte[] tokenKey;
        private Instant created;
        private Map<String, User> users = Map.of();
        private Map<String, AccessKey> accessKeys = Map.of();
        private Map<String, MfaDevice> mfaDevices = Map.of();
        private Map<String, Role> roles = Map.of();
        private Map<String, Group> groups = Map.of();
        private Map<String, ManagedPolicy> policies = Map.of();
        private Map<String, InstanceProfile> instanceProfiles = Map.of();
        private boolean enforceIam;
        private String rootLoginPassword;

        private Builder() {}

        public Builder revision(long value) {
            revision = value;
            return this;
        }

        public Builder accountId(String value) {
            accountId = value;
            return this;
        }

        public Builder tokenKey(byte[] value) {
            tokenKey = value;
            return this;
        }

        public Builder created(Instant value) {
            created = value;
            return this;
        }

        public Builder users(Map<String, User> value) {
            users = value;
            return this;
        }

        public Builder accessKeys(Map<String, AccessKey> value) {
            accessKeys = value;
            return this;
        }

        public Builder mfaDevices(Map<String, MfaDevice> value) {
            mfaDevices = value;
            return this;
        }

        public Builder roles(Map<String, Role> value) {
            roles = value;
            return this;
        }

        public Builder groups(Map<String, Group> value) {
            groups = value;
            return this;
        }

        public Builder policies(Map<String, ManagedPolicy> value) {
            policies = value;
            return this;
        }

        public Builder instanceProfiles(Map<String, InstanceProfile> value) {
            instanceProfiles = value;
            return this;
        }

        public Builder enforceIam(boolean value) {
            enforceIam = value;
            return this;
        }

        /** The root user's console password hash ({@link LoginPasswords}), or null for none. */
        public Builder rootLoginPassword(String value) {
            rootLoginPassword = value;
            return this;
        }

        public Account build() {
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
                    instanceProfiles,
                    enforceIam,
                    rootLoginPassword);
        }
    }

    @Override
    public String toString() {
        // Secrets, seeds and the token key stay out of logs and assertion messages.
        return "Account[" + accountId + ", revision " + revision + ", " + users.size() + " users, " + accessKeys.size()
                + " keys, " + mfaDevices.size() + " MFA devices, " + roles.size() + " roles, " + groups.size()
                + " groups, " + policies.size() + " policies, " + instanceProfiles.size() + " instance profiles"
                + (enforceIam ? "" : ", IAM not enforced") + "]";
    }

    Account withRevision(long newRevision) {
        return toBuilder().revision(newRevision).build();
    }

    Account withEnforceIam(boolean enforce) {
        return toBuilder().enforceIam(enforce).build();
    }

    public Account withUser(User user) {
        return withUsers(FrozenMaps.put(users, user.name(), user));
    }

    public Account withoutUser(String name) {
        return withUsers(FrozenMaps.remove(users, name));
    }

    private Account withUsers(Map<String, User> newUsers) {
        return toBuilder().users(newUsers).build();
    }

    public Account withKey(AccessKey key) {
        return withKeys(FrozenMaps.put(accessKeys, key.id(), key));
    }

    public Account withoutKey(String id) {
        return withKeys(FrozenMaps.remove(accessKeys, id));
    }

    private Account withKeys(Map<String, AccessKey> newKeys) {
        return toBuilder().accessKeys(newKeys).build();
    }

    public Account withDevice(MfaDevice device) {
        return withDevices(FrozenMaps.put(mfaDevices, device.serial(), device));
    }

    public Account withoutDevice(String serial) {
        return withDevices(FrozenMaps.remove(mfaDevices, serial));
    }

    private Account withDevices(Map<String, MfaDevice> newDevices) {
        return toBuilder().mfaDevices(newDevices).build();
    }

    public Account withRole(Role role) {
        return withRoles(FrozenMaps.put(roles, role.name(), role));
    }

    public Account withoutRole(String name) {
        return withRoles(FrozenMaps.remove(roles, name));
    }

    private Account withRoles(Map<String, Role> newRoles) {
        return toBuilder().roles(newRoles).build();
    }

    public Account withGroup(Group group) {
        return withGroups(FrozenMaps.put(groups, group.name(), group));
    }

    public Account withoutGroup(String name) {
        return withGroups(FrozenMaps.remove(groups, name));
    }

    private Account withGroups(Map<String, Group> newGroups) {
        return toBuilder().groups(newGroups).build();
    }

    public Account withPolicy(ManagedPolicy policy) {
        return withPolicies(FrozenMaps.put(policies, policyArn(policy), policy));
    }

    public Account withoutPolicy(String arn) {
        return withPolicies(FrozenMaps.remove(policies, arn));
    }

    private Account withPolicies(Map<String, ManagedPolicy> newPolicies) {
        return toBuilder().policies(newPolicies).build();
    }

    /** A managed policy by ARN: the account's own, or AWS's; null when neither has it. */
    public ManagedPolicy managedPolicy(String arn) {
        ManagedPolicy own = policies.get(arn);
        return own != null ? own : AwsManagedPolicies.get(arn);
    }

    public String policyArn(ManagedPolicy policy) {
        return policy.awsManaged()
                ? AwsManagedPolicies.arn(policy)
                : Arns.policy(accountId, policy.path(), policy.name());
    }

    public Account withInstanceProfile(InstanceProfile profile) {
        return withInstanceProfiles(FrozenMaps.put(instanceProfiles, profile.name(), profile));
    }

    public Account withoutInstanceProfile(String name) {
        return withInstanceProfiles(FrozenMaps.remove(instanceProfiles, name));
    }

    private Account withInstanceProfiles(Map<String, InstanceProfile> newProfiles) {
        return toBuilder().instanceProfiles(newProfiles).build();
    }

    public String instanceProfileArn(InstanceProfile profile) {
        return Arns.instanceProfile(accountId, profile.path(), profile.name());
    }

    public String groupArn(Group group) {
        return Arns.group(accountId, group.path(), group.name());
    }

    /** The root user's console password hash ({@link LoginPasswords}), or null for none. */
    public Account withRootLoginPassword(String hash) {
        return toBuilder().rootLoginPassword(hash).build();
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
}
