package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance profile: the container EC2 hands a role through. IAM allows one role per profile.
 *
 * @param roles the names of its roles, at most one
 * @param tags  IAM tags by key, in the order they were added
 */
public record InstanceProfile(
        String name,
        String instanceProfileId,
        String path,
        Instant created,
        List<String> roles,
        Map<String, String> tags) {
    public InstanceProfile {
        roles = List.copyOf(roles);
        tags = Tags.copy(tags);
    }

    public InstanceProfile withRoles(List<String> newRoles) {
        return new InstanceProfile(name, instanceProfileId, path, created, newRoles, tags);
    }

    public InstanceProfile withTags(Map<String, String> newTags) {
        return new InstanceProfile(name, instanceProfileId, path, created, roles, newTags);
    }
}
