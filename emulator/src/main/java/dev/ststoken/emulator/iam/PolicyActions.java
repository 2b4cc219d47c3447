package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.AwsManagedPolicies;
import dev.ststoken.emulator.state.Group;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.ManagedPolicy;
import dev.ststoken.emulator.state.PolicyVersion;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Customer managed policies and their versions (at most five, one of them the default). */
final class PolicyActions {
    static final int MAX_VERSIONS = 5;
    static final int MANAGED_POLICY_QUOTA = 6144;

    private final StateStore store;
    private final Ids ids;
    private final Clock clock;

    PolicyActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreatePolicy", this::createPolicy);
        table.put("GetPolicy", this::getPolicy);
        table.put("ListPolicies", this::listPolicies);
        table.put("DeletePolicy", this::deletePolicy);
        table.put("CreatePolicyVersion", this::createPolicyVersion);
        table.put("GetPolicyVersion", this::getPolicyVersion);
        table.put("ListPolicyVersions", this::listPolicyVersions);
        table.put("DeletePolicyVersion", this::deletePolicyVersion);
        table.put("SetDefaultPolicyVersion", this::setDefaultPolicyVersion);
        new PolicyEntities().register(table);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A policy of the account or of AWS, to read or attach. */
    static ManagedPolicy existingPolicy(Account account, String arn) throws AwsError {
        ManagedPolicy policy = account.managedPolicy(arn);
        if (policy == null) {
            throw AwsError.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
        }
        return policy;
    }

    /** A customer managed policy, to change: AWS's own cannot be changed by an account. */
    static ManagedPolicy ownPolicy(Account account, String arn) throws AwsError {
        ManagedPolicy policy = existingPolicy(account, arn);
        if (policy.awsManaged()) {
            throw AwsErrorCode.INVALID_INPUT.error("Cannot modify an AWS managed policy: " + arn + ".");
        }
        return policy;
    }

    /** How many users, roles and groups have the policy attached. */
    static long attachments(Account account, String arn) {
        long count = 0;
        for (User user : account.users().values()) {
            count += user.permissions().attached().contains(arn) ? 1 : 0;
        }
        for (Role role : account.roles().values()) {
            count += role.permissions().attached().contains(arn) ? 1 : 0;
        }
        for (Group group : account.groups().values()) {
            count += group.permissions().attached().contains(arn) ? 1 : 0;
        }
        return count;
    }

    static String policyXml(String element, ManagedPolicy policy, Account account) {
        return new XmlResponse()
                .open(element)
                .element("PolicyName", policy.name())
                .element("PolicyId", policy.policyId())
                .element("Arn", account.policyArn(policy))
                .element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersionId())
                .element("AttachmentCount", attachments(account, account.policyArn(policy)))
                .element("PermissionsBoundaryUsageCount", 0L)
                .element("IsAttachable", true)
                .element("Description", policy.description())
                .element("CreateDate", policy.created())
                .element("UpdateDate", policy.updated())
                // Only the one-policy results carry tags; ListPolicies leaves them out, as IAM does.
                .raw(element.equals("Policy") && !policy.tags().isEmpty() ? TagActions.xml(policy.tags()) : "")
                .close(element)
                .body();
    }

    private static String versionXml(PolicyVersion version, ManagedPolicy policy, boolean document) {
        XmlResponse xml = new XmlResponse();
        if (document) {
            xml.element("Document", PercentEncoding.encode(version.document()));
        }
        return xml.element("VersionId", version.versionId())
                .element("IsDefaultVersion", version.versionId().equals(policy.defaultVersionId()))
                .element("CreateDate", version.created())
                .body();
    }

    private static String document(IamParameters params) throws AwsError {
        String document = params.policyDocument("PolicyDocument", false);
        if (IdentityPolicyActions.withoutWhitespace(document) > MANAGED_POLICY_QUOTA) {
            throw AwsErrorCode.LIMIT_EXCEEDED.error("Cannot exceed quota for PolicySize: " + MANAGED_POLICY_QUOTA);
        }
        return document;
    }

    private String createPolicy(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("PolicyName", 128);
        String path = params.path();
        String description = params.optional("Description");
        Constraints c = new Constraints();
        c.string("description", description, 0, 1000, IamParameters.DESCRIPTION);
        c.check();
        Map<String, String> tags = TagActions.requested(params);
        String document = document(params);
        String arn = Arns.policy(account.accountId(), path, name);
        IamAuthorizer.requireRoot(caller, account, "CreatePolicy", arn);
        Instant now = now();
        ManagedPolicy policy = new ManagedPolicy(
                name,
                ids.uniqueId("ANPA"),
                path,
                description,
                now,
                now,
                "v1",
                List.of(new PolicyVersion("v1", document, now)),
                2,
                tags,
                false);
        return store.mutate(current -> {
            for (ManagedPolicy existing : current.policies().values()) {
                if (existing.name().equals(name)) {
                    throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error(
                            "A policy called " + name + " already exists. Duplicate names are not allowed.");
                }
            }
            Account next = current.withPolicy(policy);
            return StateStore.Changed.to(next, policyXml("Policy", policy, next));
        });
    }

    private String getPolicy(IamParameters params, Caller caller, Account account) throws AwsError {
        String arn = params.policyArn();
        IamAuthorizer.requireRoot(caller, account, "GetPolicy", arn);
        return policyXml("Policy", existingPolicy(account, arn), account);
    }

    private String listPolicies(IamParameters params, Caller caller, Account account) throws AwsError {
        String scope = params.optional("Scope", "All");
        boolean onlyAttached = "true".equalsIgnoreCase(params.optional("OnlyAttached"));
        String prefix = params.optional("PathPrefix", "/");
        if (!List.of("All", "AWS", "Local").contains(scope)) {
            throw AwsError.validation("1 validation error detected: Value '" + scope + "' at 'scope' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [All, AWS, Local]");
        }
        IamAuthorizer.requireRoot(caller, account, "ListPolicies", Arns.policy(account.accountId(), "/", ""));
        List<ManagedPolicy> candidates = new ArrayList<>();
        if (!scope.equals("Local")) {
            candidates.addAll(AwsManagedPolicies.all());
        }
        if (!scope.equals("AWS")) {
            candidates.addAll(account.policies().values());
        }
        List<ManagedPolicy> matching = new ArrayList<>();
        for (ManagedPolicy policy : candidates) {
            if (policy.path().startsWith(prefix)
                    && (!onlyAttached || attachments(account, account.policyArn(policy)) > 0)) {
                matching.add(policy);
            }
        }
        Page<ManagedPolicy> page = Page.of(matching, params);
        XmlResponse xml = new XmlResponse().open("Policies");
        for (ManagedPolicy policy : page.items()) {
            xml.raw(policyXml("member", policy, account));
        }
        return page.close(xml.close("Policies")).body();
    }

    private String deletePolicy(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String arn = params.policyArn();
        IamAuthorizer.requireRoot(caller, account, "DeletePolicy", arn);
        return store.mutate(current -> {
            ManagedPolicy policy = ownPolicy(current, arn);
            if (attachments(current, arn) > 0) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete a policy attached to entities.");
            }
            if (policy.versions().size() > 1) {
                throw AwsErrorCode.DELETE_CONFLICT.error(
                        "This policy has more than one version. Before you delete a "
                                + "policy, you must delete the policy's versions. The default version is deleted with the policy.");
            }
            return StateStore.Changed.to(current.withoutPolicy(arn), null);
        });
    }

    private String createPolicyVersion(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String arn = params.policyArn();
        String document = document(params);
        boolean setAsDefault = "true".equalsIgnoreCase(params.optional("SetAsDefault"));
        IamAuthorizer.requireRoot(caller, account, "CreatePolicyVersion", arn);
        Instant now = now();
        return store.mutate(current -> {
            ManagedPolicy policy = ownPolicy(current, arn);
            if (policy.versions().size() >= MAX_VERSIONS) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error("A managed policy can have up to " + MAX_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            PolicyVersion version = new PolicyVersion("v" + policy.nextVersion(), document, now);
            List<PolicyVersion> versions = new ArrayList<>(policy.versions());
            versions.add(version);
            ManagedPolicy changed = policy.withVersions(
                    versions,
                    setAsDefault ? version.versionId() : policy.defaultVersionId(),
                    policy.nextVersion() + 1,
                    now);
            return StateStore.Changed.to(
                    current.withPolicy(changed),
                    "<PolicyVersion>" + versionXml(version, changed, false) + "</PolicyVersion>");
        });
    }

    private PolicyVersion existingVersion(ManagedPolicy policy, String arn, String versionId) throws AwsError {
        PolicyVersion version = policy.version(versionId);
        if (version == null) {
            throw AwsError.noSuchEntity(
                    "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
        }
        return version;
    }

    private static String versionId(IamParameters params) throws AwsError {
        String versionId = params.required("VersionId");
        Constraints c = new Constraints();
        c.string("versionId", versionId, 1, 128, IamParameters.VERSION_ID);
        c.check();
        return versionId;
    }

    private String getPolicyVersion(IamParameters params, Caller caller, Account account) throws AwsError {
        String arn = params.policyArn();
        String versionId = versionId(params);
        IamAuthorizer.requireRoot(caller, account, "GetPolicyVersion", arn);
        ManagedPolicy policy = existingPolicy(account, arn);
        return "<PolicyVersion>" + versionXml(existingVersion(policy, arn, versionId), policy, true)
                + "</PolicyVersion>";
    }

    private String listPolicyVersions(IamParameters params, Caller caller, Account account) throws AwsError {
        String arn = params.policyArn();
        IamAuthorizer.requireRoot(caller, account, "ListPolicyVersions", arn);
        ManagedPolicy policy = existingPolicy(account, arn);
        List<PolicyVersion> newestFirst = new ArrayList<>(policy.versions());
        java.util.Collections.reverse(newestFirst);
        Page<PolicyVersion> page = Page.of(newestFirst, params);
        XmlResponse xml = new XmlResponse().open("Versions");
        for (PolicyVersion version : page.items()) {
            xml.open("member").raw(versionXml(version, policy, false)).close("member");
        }
        return page.close(xml.close("Versions")).body();
    }

    private String deletePolicyVersion(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String arn = params.policyArn();
        String versionId = versionId(params);
        IamAuthorizer.requireRoot(caller, account, "DeletePolicyVersion", arn);
        Instant now = now();
        return store.mutate(current -> {
            ManagedPolicy policy = ownPolicy(current, arn);
            PolicyVersion version = existingVersion(policy, arn, versionId);
            if (versionId.equals(policy.defaultVersionId())) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete the default version of a policy.");
            }
            List<PolicyVersion> versions = new ArrayList<>(policy.versions());
            versions.remove(version);
            return StateStore.Changed.to(
                    current.withPolicy(
                            policy.withVersions(versions, policy.defaultVersionId(), policy.nextVersion(), now)),
                    null);
        });
    }

    private String setDefaultPolicyVersion(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String arn = params.policyArn();
        String versionId = versionId(params);
        IamAuthorizer.requireRoot(caller, account, "SetDefaultPolicyVersion", arn);
        Instant now = now();
        return store.mutate(current -> {
            ManagedPolicy policy = ownPolicy(current, arn);
            existingVersion(policy, arn, versionId);
            return StateStore.Changed.to(
                    current.withPolicy(policy.withVersions(policy.versions(), versionId, policy.nextVersion(), now)),
                    null);
        });
    }
}
