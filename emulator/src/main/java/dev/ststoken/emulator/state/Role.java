package dev.ststoken.emulator.state;

import java.time.Instant;

/**
 * An IAM role: its trust policy ({@code assumeRolePolicyDocument}, JSON text) and its permissions.
 *
 * @param maxSessionDuration in seconds, the longest session AssumeRole may give
 */
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
        this(name, roleId, path, maxSessionDuration, assumeRolePolicyDocument, description, created, Permissions.NONE);
    }

    public Role withPermissions(Permissions newPermissions) {
        return new Role(
                name, roleId, path, maxSessionDuration, assumeRolePolicyDocument, description, created, newPermissions);
    }

    public Role withTrustPolicy(String document) {
        return new Role(name, roleId, path, maxSessionDuration, document, description, created, permissions);
    }
}
