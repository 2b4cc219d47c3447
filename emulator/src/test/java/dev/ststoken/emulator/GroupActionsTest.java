package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sts.QueryResult;
import org.junit.jupiter.api.Test;

/** Groups, their members and the conflicts IAM reports on deletion. */
class GroupActionsTest extends PolicyTestBase {
    @Test
    void a_group_lists_its_members_and_a_user_its_groups() throws Exception {
        user("alice");
        QueryResult group = client.call(root, "CreateGroup", "GroupName", "ops", "Path", "/team/")
                .child("Group");
        assertThat(group.textAt("Arn")).isEqualTo("arn:aws:iam::" + account + ":group/team/ops");
        assertThat(group.textAt("GroupId")).matches("AGPA[A-Z2-7]{17}");
        client.call(root, "AddUserToGroup", "GroupName", "ops", "UserName", "alice");
        assertThat(client.call(root, "GetGroup", "GroupName", "ops")
                        .child("Users")
                        .children())
                .extracting(member -> member.textAt("UserName"))
                .containsExactly("alice");
        assertThat(client.call(root, "ListGroupsForUser", "UserName", "alice")
                        .child("Groups")
                        .children())
                .extracting(member -> member.textAt("GroupName"))
                .containsExactly("ops");
        assertThat(client.call(root, "ListGroups", "PathPrefix", "/team/")
                        .child("Groups")
                        .children())
                .hasSize(1);
        assertThat(client.call(root, "ListGroups", "PathPrefix", "/other/")
                        .child("Groups")
                        .children())
                .isEmpty();
    }

    @Test
    void a_group_with_members_or_policies_cannot_be_deleted_nor_a_member_user() throws Exception {
        user("alice");
        client.call(root, "CreateGroup", "GroupName", "ops");
        client.call(root, "AddUserToGroup", "GroupName", "ops", "UserName", "alice");
        assertThat(client.refusal(root, "DeleteGroup", "GroupName", "ops").awsMessage())
                .isEqualTo("Cannot delete entity, must remove users from group first.");
        client.call(root, "RemoveUserFromGroup", "GroupName", "ops", "UserName", "alice");
        client.call(root, "PutGroupPolicy", "GroupName", "ops", "PolicyName", "p", "PolicyDocument", LIST_ROLES);
        assertThat(client.refusal(root, "DeleteGroup", "GroupName", "ops").awsMessage())
                .isEqualTo("Cannot delete entity, must delete policies first.");
        client.call(root, "DeleteGroupPolicy", "GroupName", "ops", "PolicyName", "p");
        client.call(root, "DeleteGroup", "GroupName", "ops");
        assertThat(client.refusal(root, "GetGroup", "GroupName", "ops").awsMessage())
                .isEqualTo("The group with name ops cannot be found.");
    }
}
