package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Group;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.Permissions;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** IAM groups: a user's permissions include those of every group it belongs to. */
final class GroupActions {
    private final StateStore store;
    private final Ids ids;
    private final Clock clock;

    GroupActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateGroup", this::createGroup);
        table.put("GetGroup", this::getGroup);
        table.put("ListGroups", this::listGroups);
        table.put("DeleteGroup", this::deleteGroup);
        table.put("AddUserToGroup", this::addUserToGroup);
        table.put("RemoveUserFromGroup", this::removeUserFromGroup);
        table.put("ListGroupsForUser", this::listGroupsForUser);
    }

    static Group existingGroup(Account account, String name) throws AwsError {
        Group group = account.groups().get(name);
        if (group == null) {
            throw AwsError.noSuchEntity("The group with name " + name + " cannot be found.");
        }
        return group;
    }

    private static String groupXml(String element, Group group, Account account) {
        return new XmlResponse()
                .open(element)
                .element("Path", group.path())
                .element("GroupName", group.name())
                .element("GroupId", group.groupId())
                .element("Arn", account.groupArn(group))
                .element("CreateDate", group.created())
                .close(element)
                .body();
    }

    private static String groupArn(Account account, String name) {
        Group group = account.groups().get(name);
        return group == null ? Arns.group(account.accountId(), "/", name) : account.groupArn(group);
    }

    private String createGroup(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("GroupName", 128);
        String path = params.path();
        IamAuthorizer.requireRoot(caller, account, "CreateGroup", Arns.group(account.accountId(), path, name));
        Group group = new Group(
                name, ids.uniqueId("AGPA"), path, clock.instant().truncatedTo(ChronoUnit.SECONDS), Permissions.NONE);
        return store.mutate(current -> {
            if (current.groups().containsKey(name)) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("Group with name " + name + " already exists.");
            }
            Account next = current.withGroup(group);
            return StateStore.Changed.to(next, groupXml("Group", group, next));
        });
    }

    private static List<User> members(Account account, String groupName) {
        List<User> members = new ArrayList<>();
        for (User user : account.users().values()) {
            if (user.groups().contains(groupName)) {
                members.add(user);
            }
        }
        return members;
    }

    private String getGroup(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = params.requiredName("GroupName", 128);
        IamAuthorizer.requireRoot(caller, account, "GetGroup", groupArn(account, name));
        Group group = existingGroup(account, name);
        Page<User> page = Page.of(members(account, name), params);
        XmlResponse xml =
                new XmlResponse().raw(groupXml("Group", group, account)).open("Users");
        for (User user : page.items()) {
            xml.raw(UserActions.userXml("member", user, account));
        }
        return page.close(xml.close("Users")).body();
    }

    private String listGroups(IamParameters params, Caller caller, Account account) throws AwsError {
        String prefix = params.optional("PathPrefix", "/");
        IamAuthorizer.requireRoot(caller, account, "ListGroups", Arns.group(account.accountId(), "/", ""));
        List<Group> matching = new ArrayList<>();
        for (Group group : account.groups().values()) {
            if (group.path().startsWith(prefix)) {
                matching.add(group);
            }
        }
        return groupList(Page.of(matching, params), account);
    }

    private static String groupList(Page<Group> page, Account account) {
        XmlResponse xml = new XmlResponse().open("Groups");
        for (Group group : page.items()) {
            xml.raw(groupXml("member", group, account));
        }
        return page.close(xml.close("Groups")).body();
    }

    private String deleteGroup(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("GroupName", 128);
        IamAuthorizer.requireRoot(caller, account, "DeleteGroup", groupArn(account, name));
        return store.mutate(current -> {
            Group group = existingGroup(current, name);
            if (!members(current, name).isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must remove users from group first.");
            }
            if (!group.permissions().inline().isEmpty()
                    || !group.permissions().attached().isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must delete policies first.");
            }
            return StateStore.Changed.to(current.withoutGroup(name), null);
        });
    }

    private String addUserToGroup(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("GroupName", 128);
        String userName = params.requiredName("UserName", 128);
        IamAuthorizer.requireRoot(caller, account, "AddUserToGroup", groupArn(account, name));
        return store.mutate(current -> {
            existingGroup(current, name);
            User user = UserActions.existingUser(current, userName);
            if (user.groups().contains(name)) {
                return StateStore.Changed.to(current, null);
            }
            List<String> groups = new ArrayList<>(user.groups());
            groups.add(name);
            return StateStore.Changed.to(current.withUser(user.withGroups(groups)), null);
        });
    }

    private String removeUserFromGroup(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = params.requiredName("GroupName", 128);
        String userName = params.requiredName("UserName", 128);
        IamAuthorizer.requireRoot(caller, account, "RemoveUserFromGroup", groupArn(account, name));
        return store.mutate(current -> {
            existingGroup(current, name);
            User user = UserActions.existingUser(current, userName);
            if (!user.groups().contains(name)) {
                throw AwsError.noSuchEntity(
                        "The user with name " + userName + " cannot be found in group " + name + ".");
            }
            List<String> groups = new ArrayList<>(user.groups());
            groups.remove(name);
            return StateStore.Changed.to(current.withUser(user.withGroups(groups)), null);
        });
    }

    private String listGroupsForUser(IamParameters params, Caller caller, Account account) throws AwsError {
        String userName = params.requiredName("UserName", 128);
        IamAuthorizer.requireSelfOrRoot(caller, account, "ListGroupsForUser", userName);
        List<Group> groups = new ArrayList<>();
        for (String name : UserActions.existingUser(account, userName).groups()) {
            Group group = account.groups().get(name);
            if (group != null) {
                groups.add(group);
            }
        }
        return groupList(Page.of(groups, params), account);
    }
}
