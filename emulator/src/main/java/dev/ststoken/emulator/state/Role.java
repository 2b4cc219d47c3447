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

    /** A role with no permissions and no tags until they are set. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .roleId(roleId)
                .path(path)
                .maxSessionDuration(maxSessionDuration)
                .assumeRolePolicyDocument(assumeRolePolicyDocument)
                .description(description)
                .created(created)
                .permissions(permissions)
                .tags(tags);
    }

    public Role withPermissions(Permissions newPermissions) {
        return toBuilder().permissions(newPermissions).build();
    }

    public Role withTrustPolicy(String document) {
        return toBuilder().assumeRolePolicyDocument(document).build();
    }

    /** UpdateRole's changes: a null description or duration leaves that one as it is. */
    public Role withSettings(String newDescription, Integer newMaxSessionDuration) {
        return toBuilder()
                .maxSessionDuration(newMaxSessionDuration == null ? maxSessionDuration : newMaxSessionDuration)
                .description(newDescription == null ? description : newDescription)
                .build();
    }

    public Role withTags(Map<String, String> newTags) {
        return toBuilder().tags(newTags).build();
    }

    /** Names each part it sets, so that a change or a new field touches only what it concerns. */
    public static final class Builder {
        private String name;
        private String roleId;
        private String path;
        private int maxSessionDuration;
        private String assumeRolePolicyDocument;
        private String description;
        private Instant created;
        private Permissions permissions = Permissions.NONE;
        private Map<String, String> tags;

        private Builder() {}

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder roleId(String value) {
            roleId = value;
            return this;
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        /** In seconds. */
        public Builder maxSessionDuration(int value) {
            maxSessionDuration = value;
            return this;
        }

        public Builder assumeRolePolicyDocument(String value) {
            assumeRolePolicyDocument = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder created(Instant value) {
            created = value;
            return this;
        }

        public Builder permissions(Permissions value) {
            permissions = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            tags = value;
            return this;
        }

        public Role build() {
            return new Role(
                    name,
                    roleId,
                    path,
                    maxSessionDuration,
                    assumeRolePolicyDocument,
                    description,
                    created,
                    permissions,
                    tags);
        }
    }
}
