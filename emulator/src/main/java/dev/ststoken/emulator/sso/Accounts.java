package dev.ststoken.emulator.sso;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What Identity Center needs of the emulated account: the roles permission sets become, and role
 * sessions made by the emulator's own session machinery (so IAM policies apply to them as to any
 * AssumeRole session). Implemented beside the account, so this package sees none of its internals.
 */
public interface Accounts {
    String accountId();

    /**
     * Creates the role, or replaces the trust policy, policies and maximum duration of the one of
     * that name: a permission set's role follows the set.
     */
    void putRole(RoleSpec role) throws IOException;

    boolean hasRole(String roleName);

    /** A session of the role for {@code seconds}; null when the account has no such role. */
    RoleCredentials roleSession(String roleName, String sessionName, int seconds);

    /**
     * @param inline  inline policies by name
     * @param managed managed policy ARNs attached to the role
     */
    record RoleSpec(
            String name,
            String path,
            String description,
            String trustPolicy,
            java.util.Map<String, String> inline,
            List<String> managed,
            int maxSessionSeconds) {}

    record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {}
}
