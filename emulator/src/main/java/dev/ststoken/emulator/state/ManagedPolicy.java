package dev.ststoken.emulator.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A managed policy: a customer managed one of the account, or one of AWS's ({@link AwsManagedPolicies}),
 * which the account can attach but not change.
 *
 * @param nextVersion the number of the next version IAM will create (v1, v2...; never reused)
 * @param tags        IAM tags by key, in the order they were added
 * @param awsManaged  whether AWS owns it: its ARN names the account {@code aws}
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
        int nextVersion,
        Map<String, String> tags,
        boolean awsManaged) {
    public ManagedPolicy {
        versions = List.copyOf(versions);
        tags = Tags.copy(tags);
    }

    /** A customer managed policy without tags. */
    public ManagedPolicy(
            String name,
            String policyId,
            String path,
            String description,
            Instant created,
            Instant updated,
            String defaultVersionId,
            List<PolicyVersion> versions,
            int nextVersion) {
        this(name, policyId, path, description, created, updated, defaultVersionId, versions, nextVersion, null, false);
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
        return new ManagedPolicy(
                name, policyId, path, description, created, at, newDefault, newVersions, newNext, tags, awsManaged);
    }

    public ManagedPolicy withTags(Map<String, String> newTags) {
        return new ManagedPolicy(
                name,
                policyId,
                path,
                description,
                created,
                updated,
                defaultVersionId,
                versions,
                nextVersion,
                newTags,
                awsManaged);
    }
}
