package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Group;
import dev.ststoken.emulator.state.Permissions;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ListEntitiesForPolicy: the users, groups and roles a managed policy (the account's or AWS's) is
 * attached to, as a tool asks before it deletes the policy (Ansible's {@code iam_managed_policy}
 * detaches them all). One page runs over groups, then users, then roles.
 */
final class PolicyEntities {
    private static final List<String> FILTERS =
            List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");

    /** One attachment: which kind of identity, its name and its unique id. */
    record Entity(String kind, String name, String id) {}

    void register(Map<String, IamAction> table) {
        table.put("ListEntitiesForPolicy", this::list);
    }

    private String list(IamParameters params, Caller caller, Account account) throws AwsError {
        String arn = params.policyArn();
        String filter = params.optional("EntityFilter");
        String usage = params.optional("PolicyUsageFilter");
        String prefix = params.optional("PathPrefix", "/");
        if (filter != null && !FILTERS.contains(filter)) {
            throw AwsError.validation("1 validation error detected: Value '" + filter + "' at 'entityFilter' failed "
                    + "to satisfy constraint: Member must satisfy enum value set: " + FILTERS);
        }
        if (usage != null
                && !List.of("PermissionsPolicy", "PermissionsBoundary").contains(usage)) {
            throw AwsError.validation("1 validation error detected: Value '" + usage + "' at 'policyUsageFilter' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[PermissionsPolicy, PermissionsBoundary]");
        }
        IamAuthorizer.requireRoot(caller, account, "ListEntitiesForPolicy", arn);
        boolean aws = PolicyActions.existingPolicy(account, arn).awsManaged();
        // The emulator has no permissions boundaries: asking for those finds nothing.
        boolean none = "PermissionsBoundary".equals(usage)
                || ("LocalManagedPolicy".equals(filter) && aws)
                || ("AWSManagedPolicy".equals(filter) && !aws);
        List<Entity> entities = new ArrayList<>();
        if (!none) {
            if (filter == null || !List.of("User", "Role").contains(filter)) {
                for (Group group : account.groups().values()) {
                    add(
                            entities,
                            "Group",
                            group.name(),
                            group.groupId(),
                            group.path(),
                            group.permissions(),
                            arn,
                            prefix);
                }
            }
            if (filter == null || !List.of("Group", "Role").contains(filter)) {
                for (User user : account.users().values()) {
                    add(entities, "User", user.name(), user.userId(), user.path(), user.permissions(), arn, prefix);
                }
            }
            if (filter == null || !List.of("User", "Group").contains(filter)) {
                for (Role role : account.roles().values()) {
                    add(entities, "Role", role.name(), role.roleId(), role.path(), role.permissions(), arn, prefix);
                }
            }
        }
        Page<Entity> page = Page.of(entities, params);
        XmlResponse xml = new XmlResponse();
        for (String kind : List.of("Group", "User", "Role")) {
            xml.open("Policy" + kind + "s");
            for (Entity entity : page.items()) {
                if (entity.kind().equals(kind)) {
                    xml.open("member")
                            .element(kind + "Name", entity.name())
                            .element(kind + "Id", entity.id())
                            .close("member");
                }
            }
            xml.close("Policy" + kind + "s");
        }
        return page.close(xml).body();
    }

    private static void add(
            List<Entity> out,
            String kind,
            String name,
            String id,
            String path,
            Permissions permissions,
            String arn,
            String prefix) {
        if (path.startsWith(prefix) && permissions.attached().contains(arn)) {
            out.add(new Entity(kind, name, id));
        }
    }
}
