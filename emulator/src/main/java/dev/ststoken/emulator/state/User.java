package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM user of the account (never root).
 *
 * @param mfaFailures    wrong MFA codes not yet forgiven (see {@link MfaThrottle})
 * @param lastMfaFailure when the last wrong code came, or null
 * @param loginPassword  the console password's hash (CreateLoginProfile), or null when the user has none
 * @param tags           IAM tags by key, in the order they were added
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
        String loginPassword,
        Map<String, String> tags) {
    public User {
        groups = List.copyOf(groups);
        tags = Tags.copy(tags);
    }

    public User(
            String name,
            String userId,
            String path,
            Instant created,
            int mfaFailures,
            Instant lastMfaFailure,
            List<String> groups,
            Permissions permissions,
            String loginPassword) {
        this(name, userId, path, created, mfaFailures, lastMfaFailure, groups, permissions, loginPassword, Map.of());
    }

    public User(String name, String userId, String path, Instant created, int mfaFailures, Instant lastMfaFailure) {
        this(name, userId, path, created, mfaFailures, lastMfaFailure, List.of(), Permissions.NONE, null);
    }

    User withMfaFailures(int failures, Instant last) {
        return new User(name, userId, path, created, failures, last, groups, permissions, loginPassword, tags);
    }

    public User withPermissions(Permissions newPermissions) {
        return new User(
                name, userId, path, created, mfaFailures, lastMfaFailure, groups, newPermissions, loginPassword, tags);
    }

    public User withGroups(List<String> newGroups) {
        return new User(
                name, userId, path, created, mfaFailures, lastMfaFailure, newGroups, permissions, loginPassword, tags);
    }

    /** The console password's hash ({@link LoginPasswords}), or null to remove the login profile. */
    public User withLoginPassword(String hash) {
        return new User(name, userId, path, created, mfaFailures, lastMfaFailure, groups, permissions, hash, tags);
    }

    public User withTags(Map<String, String> newTags) {
        return new User(
                name, userId, path, created, mfaFailures, lastMfaFailure, groups, permissions, loginPassword, newTags);
    }

    @Override
    public String toString() {
        // The password hash stays out of logs and assertion messages.
        return "User[" + name + ", " + userId + (loginPassword == null ? "" : ", login profile") + "]";
    }
}
