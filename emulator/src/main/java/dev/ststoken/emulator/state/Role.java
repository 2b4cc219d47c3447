package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.Map;

/**
 * An IAM role: its trust policy ({@code assumeRolePolicyDocument}, JSON text) and its permissions.
 *
 * @param maxSessionDuration in seconds, the longest session AssumeRole may give
 * @param tags               IAM tags by key, in the order they were added
 */
public record Role(
        String name,
        String roleId,
        String path,
        int maxSessionDuration,
        String assumeRolePolicyDocument,
        String description,
        Instant created,
        Permissions permissions,
        Map<String, String> tags) {
    public Role {
        tags = Tags.copy(tags);
    }

    public Role(
            String name,
            String roleId,
            String path,
            int maxSessionDuration,
            String assumeRolePolicyDocument,
            String description,
            Instant created,
            Permissions permissions) {
        this(name, roleId, path, maxSessionDuration, assumeRolePolicyDocument, description, created, permissions, null);
    }

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
                name,
                roleId,
                path,
                maxSessionDuration,
                assumeRolePolicyDocument,
                description,
                created,
                newPermissions,
                tags);
    }

    public Role withTrustPolicy(String document) {
        return new Role(name, roleId, path, maxSessionDuration, document, description, created, permissions, tags);
    }

    /** UpdateRole's changes: a null description or duration leaves that one as it is. */
    public Role withSettings(String newDescription, Integer newMaxSessionDuration) {
        return new Role(
                name,
                roleId,
                path,
                newMaxSessionDuration == null ? maxSessionDuration : newMaxSessionDuration,
                assumeRolePolicyDocument,
                newDescription == null ? description : newDescription,
                created,
                permissions,
                tags);
    }

    public Role withTags(Map<String, String> newTags) {
        return new Role(
                name,
                roleId,
                path,
                maxSessionDuration,
                assumeRolePolicyDocument,
                description,
                created,
                permissions,
                newTags);
    }
}
