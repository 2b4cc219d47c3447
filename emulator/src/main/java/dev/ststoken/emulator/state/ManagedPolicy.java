package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.List;

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
