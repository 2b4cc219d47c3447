package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.InstanceProfile;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instance profiles, which role tools make beside an EC2 role (Ansible's {@code iam_role} creates one
 * of the role's name by default and removes it with the role). A profile holds at most one role, and
 * a role in a profile cannot be deleted, as in IAM.
 */
final class InstanceProfileActions {
    static final int ROLES_PER_PROFILE = 1;

    private final StateStore store;
    private final Ids ids;
    private final Clock clock;

    InstanceProfileActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateInstanceProfile", this::create);
        table.put("GetInstanceProfile", this::get);
        table.put("DeleteInstanceProfile", this::delete);
        table.put("ListInstanceProfiles", this::list);
        table.put("ListInstanceProfilesForRole", this::listForRole);
        table.put("AddRoleToInstanceProfile", this::addRole);
        table.put("RemoveRoleFromInstanceProfile", this::removeRole);
    }

    static InstanceProfile existing(Account account, String name) throws AwsError {
        InstanceProfile profile = account.instanceProfiles().get(name);
        if (profile == null) {
            throw AwsError.noSuchEntity("Instance Profile " + name + " cannot be found.");
        }
        return profile;
    }

    /** The profiles that hold the role, in creation order. */
    static List<InstanceProfile> holding(Account account, String roleName) {
        List<InstanceProfile> out = new ArrayList<>();
        for (InstanceProfile profile : account.instanceProfiles().values()) {
            if (profile.roles().contains(roleName)) {
                out.add(profile);
            }
        }
        return out;
    }

    private static String arn(Account account, String name) {
        InstanceProfile profile = account.instanceProfiles().get(name);
        return profile == null
                ? Arns.instanceProfile(account.accountId(), "/", name)
                : account.instanceProfileArn(profile);
    }

    static String xml(String element, InstanceProfile profile, Account account) {
        XmlResponse xml = new XmlResponse()
                .open(element)
                .element("Path", profile.path())
                .element("InstanceProfileName", profile.name())
                .element("InstanceProfileId", profile.instanceProfileId())
                .element("Arn", account.instanceProfileArn(profile))
                .element("CreateDate", profile.created())
                .open("Roles");
        for (String roleName : profile.roles()) {
            Role role = account.roles().get(roleName);
            if (role != null) {
                xml.raw(RoleActions.roleXml("member", role, account));
            }
        }
        xml.close("Roles");
        if (!profile.tags().isEmpty()) {
            xml.raw(TagActions.xml(profile.tags()));
        }
        return xml.close(element).body();
    }

    private String create(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("InstanceProfileName", 128);
        String path = params.path();
        Map<String, String> tags = TagActions.requested(params);
        IamAuthorizer.requireRoot(
                caller, account, "CreateInstanceProfile", Arns.instanceProfile(account.accountId(), path, name));
        InstanceProfile profile = new InstanceProfile(
                name, ids.uniqueId("AIPA"), path, clock.instant().truncatedTo(ChronoUnit.SECONDS), List.of(), tags);
        return store.mutate(current -> {
            if (current.instanceProfiles().containsKey(name)) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("Instance Profile " + name + " already exists.");
            }
            Account next = current.withInstanceProfile(profile);
            return StateStore.Changed.to(next, xml("InstanceProfile", profile, next));
        });
    }

    private String get(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = params.requiredName("InstanceProfileName", 128);
        IamAuthorizer.requireRoot(caller, account, "GetInstanceProfile", arn(account, name));
        return xml("InstanceProfile", existing(account, name), account);
    }

    private String delete(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("InstanceProfileName", 128);
        IamAuthorizer.requireRoot(caller, account, "DeleteInstanceProfile", arn(account, name));
        return store.mutate(current -> {
            if (!existing(current, name).roles().isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error(
                        "Cannot delete entity, must remove roles from instance profile first.");
            }
            return StateStore.Changed.to(current.withoutInstanceProfile(name), null);
        });
    }

    private String list(IamParameters params, Caller caller, Account account) throws AwsError {
        String prefix = params.optional("PathPrefix", "/");
        IamAuthorizer.requireRoot(
                caller, account, "ListInstanceProfiles", Arns.instanceProfile(account.accountId(), "/", ""));
        List<InstanceProfile> matching = new ArrayList<>();
        for (InstanceProfile profile : account.instanceProfiles().values()) {
            if (profile.path().startsWith(prefix)) {
                matching.add(profile);
            }
        }
        return page(matching, params, account);
    }

    private String listForRole(IamParameters params, Caller caller, Account account) throws AwsError {
        String roleName = params.requiredName("RoleName", 64);
        IamAuthorizer.requireRoot(
                caller, account, "ListInstanceProfilesForRole", IamAuthorizer.roleArn(account, roleName));
        RoleActions.existingRole(account, roleName);
        return page(holding(account, roleName), params, account);
    }

    private static String page(List<InstanceProfile> profiles, IamParameters params, Account account) throws AwsError {
        Page<InstanceProfile> page = Page.of(profiles, params);
        XmlResponse xml = new XmlResponse().open("InstanceProfiles");
        for (InstanceProfile profile : page.items()) {
            xml.raw(xml("member", profile, account));
        }
        return page.close(xml.close("InstanceProfiles")).body();
    }

    private String addRole(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("InstanceProfileName", 128);
        String roleName = params.requiredName("RoleName", 64);
        IamAuthorizer.requireRoot(caller, account, "AddRoleToInstanceProfile", arn(account, name));
        return store.mutate(current -> {
            InstanceProfile profile = existing(current, name);
            RoleActions.existingRole(current, roleName);
            if (profile.roles().size() >= ROLES_PER_PROFILE) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error(
                        "Cannot exceed quota for InstanceSessionsPerInstanceProfile: " + ROLES_PER_PROFILE);
            }
            List<String> roles = new ArrayList<>(profile.roles());
            roles.add(roleName);
            return StateStore.Changed.to(current.withInstanceProfile(profile.withRoles(roles)), null);
        });
    }

    private String removeRole(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("InstanceProfileName", 128);
        String roleName = params.requiredName("RoleName", 64);
        IamAuthorizer.requireRoot(caller, account, "RemoveRoleFromInstanceProfile", arn(account, name));
        return store.mutate(current -> {
            InstanceProfile profile = existing(current, name);
            if (!profile.roles().contains(roleName)) {
                throw AwsError.noSuchEntity(
                        "The role with name " + roleName + " cannot be found in instance profile " + name + ".");
            }
            List<String> roles = new ArrayList<>(profile.roles());
            roles.remove(roleName);
            return StateStore.Changed.to(current.withInstanceProfile(profile.withRoles(roles)), null);
        });
    }
}
