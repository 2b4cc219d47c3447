package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.policy.Policy;
import dev.ststoken.emulator.policy.Trust;
import dev.ststoken.emulator.policy.TrustPrincipals;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Roles: what AssumeRole needs. With IAM enforced, trust policies are checked as IAM checks them
 * when saved and evaluated on AssumeRole ({@link Trust}); unenforced, they are stored as given.
 */
final class RoleActions {
    private final StateStore store;
    private final Ids ids;
    private final Clock clock;

    RoleActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateRole", this::createRole);
        table.put("GetRole", this::getRole);
        table.put("DeleteRole", this::deleteRole);
        table.put("ListRoles", this::listRoles);
        table.put("UpdateAssumeRolePolicy", this::updateAssumeRolePolicy);
        table.put("UpdateRole", this::updateRole);
        table.put("UpdateRoleDescription", this::updateRoleDescription);
    }

    static Role existingRole(Account account, String name) throws AwsError {
        Role role = account.roles().get(name);
        if (role == null) {
            throw AwsError.noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    /** A role as CreateRole and GetRole return it: with its tags, and GetRole's (empty) RoleLastUsed. */
    private static String roleXml(Role role, Account account, boolean lastUsed) {
        String xml = roleXml("Role", role, account);
        String extra = (role.tags().isEmpty() ? "" : TagActions.xml(role.tags())) + (lastUsed ? "<RoleLastUsed/>" : "");
        return xml.substring(0, xml.length() - "</Role>".length()) + extra + "</Role>";
    }

    /** A role as lists show it (ListRoles, an instance profile's Roles): no tags, as in IAM. */
    static String roleXml(String element, Role role, Account account) {
        return new XmlResponse()
                .open(element)
                .element("Path", role.path())
                .element("RoleName", role.name())
                .element("RoleId", role.roleId())
                .element("Arn", account.roleArn(role))
                .element("CreateDate", role.created())
                // IAM returns policy documents URL-encoded; the CLI and SDKs decode them.
                .element(
                        "AssumeRolePolicyDocument",
                        role.assumeRolePolicyDocument() == null
                                ? null
                                : PercentEncoding.encode(
                                        TrustPrincipals.show(role.assumeRolePolicyDocument(), account)))
                .element("Description", role.description())
                .element("MaxSessionDuration", role.maxSessionDuration())
                .close(element)
                .body();
    }

    private String createRole(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("RoleName");
        String document = params.required("AssumeRolePolicyDocument");
        IamParameters.checkName("roleName", name, 64);
        String path = params.path();
        String description = params.optional("Description");
        Map<String, String> tags = TagActions.requested(params);
        Constraints c = new Constraints();
        Integer max = c.integer("maxSessionDuration", params.optional("MaxSessionDuration"), 3600, 43200);
        c.string("assumeRolePolicyDocument", document, 1, 131072, null);
        c.string("description", description, 0, 1000, IamParameters.DESCRIPTION);
        c.check();
        IamAuthorizer.requireRoot(caller, account, "CreateRole", Arns.role(account.accountId(), path, name));
        if (caller.enforced()) {
            Policy.parse(document, true);
        }
        String roleId = ids.uniqueId("AROA");
        java.time.Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean bind = caller.enforced();
        return store.mutate(current -> {
            if (current.roles().containsKey(name)) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("Role with name " + name + " already exists.");
            }
            Role role = Role.builder()
                    .name(name)
                    .roleId(roleId)
                    .path(path)
                    .maxSessionDuration(max == null ? 3600 : max)
                    .assumeRolePolicyDocument(bind ? TrustPrincipals.bind(document, current) : document)
                    .description(description)
                    .created(created)
                    .tags(tags)
                    .build();
            Account next = current.withRole(role);
            return StateStore.Changed.to(next, roleXml(role, next, false));
        });
    }

    private String getRole(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = params.required("RoleName");
        IamAuthorizer.requireRoleReader(caller, account, "GetRole", name);
        return roleXml(existingRole(account, name), account, true);
    }

    private String deleteRole(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("RoleName");
        IamAuthorizer.requireRoot(caller, account, "DeleteRole", IamAuthorizer.roleArn(account, name));
        return store.mutate(current -> {
            Role role = existingRole(current, name);
            if (!InstanceProfileActions.holding(current, name).isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error(
                        "Cannot delete entity, must remove roles from instance profile first.");
            }
            if (!role.permissions().inline().isEmpty()
                    || !role.permissions().attached().isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must "
                        + (role.permissions().attached().isEmpty() ? "delete policies" : "detach all policies")
                        + " first.");
            }
            return StateStore.Changed.to(current.withoutRole(name), null);
        });
    }

    private String listRoles(IamParameters params, Caller caller, Account account) throws AwsError {
        String prefix = params.optional("PathPrefix", "/");
        IamAuthorizer.requireRoot(caller, account, "ListRoles", Arns.role(account.accountId(), "/", ""));
        java.util.List<Role> matching = new java.util.ArrayList<>();
        for (Role role : account.roles().values()) {
            if (role.path().startsWith(prefix)) {
                matching.add(role);
            }
        }
        Page<Role> page = Page.of(matching, params);
        XmlResponse xml = new XmlResponse().open("Roles");
        for (Role role : page.items()) {
            xml.raw(roleXml("member", role, account));
        }
        return page.close(xml.close("Roles")).body();
    }

    private String updateAssumeRolePolicy(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = params.requiredName("RoleName", 64);
        String document = params.policyDocument("PolicyDocument", true);
        IamAuthorizer.requireRoot(caller, account, "UpdateAssumeRolePolicy", IamAuthorizer.roleArn(account, name));
        boolean bind = caller.enforced();
        return store.mutate(current -> StateStore.Changed.to(
                current.withRole(existingRole(current, name)
                        .withTrustPolicy(bind ? TrustPrincipals.bind(document, current) : document)),
                null));
    }

    private String updateRole(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("RoleName", 64);
        String description = params.optional("Description");
        Constraints c = new Constraints();
        Integer max = c.integer("maxSessionDuration", params.optional("MaxSessionDuration"), 3600, 43200);
        c.string("description", description, 0, 1000, IamParameters.DESCRIPTION);
        c.check();
        IamAuthorizer.requireRoot(caller, account, "UpdateRole", IamAuthorizer.roleArn(account, name));
        return store.mutate(current -> StateStore.Changed.to(
                current.withRole(existingRole(current, name).withSettings(description, max)), ""));
    }

    private String updateRoleDescription(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = params.requiredName("RoleName", 64);
        String description = params.required("Description");
        Constraints c = new Constraints();
        c.string("description", description, 0, 1000, IamParameters.DESCRIPTION);
        c.check();
        IamAuthorizer.requireRoot(caller, account, "UpdateRoleDescription", IamAuthorizer.roleArn(account, name));
        return store.mutate(current -> {
            Role role = existingRole(current, name).withSettings(description, null);
            Account next = current.withRole(role);
            return StateStore.Changed.to(next, roleXml(role, next, false));
        });
    }
}
