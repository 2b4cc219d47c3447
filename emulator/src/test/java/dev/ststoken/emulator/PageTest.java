package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.sts.QueryResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists come in pages: MaxItems, Marker and IsTruncated, as IAM's list calls return them. */
class PageTest extends PolicyTestBase {
    @Test
    void a_list_longer_than_max_items_comes_in_pages_that_join_up_exactly() throws Exception {
        for (int i = 0; i < 7; i++) {
            client.call(root, "CreateUser", "UserName", "u" + i);
        }
        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            QueryResult page = marker == null
                    ? client.call(root, "ListUsers", "MaxItems", "3")
                    : client.call(root, "ListUsers", "MaxItems", "3", "Marker", marker);
            for (QueryResult member : page.child("Users").children()) {
                names.add(member.textAt("UserName"));
            }
            boolean truncated = Boolean.parseBoolean(page.textAt("IsTruncated"));
            marker = truncated ? page.textAt("Marker") : null;
            assertThat(truncated)
                    .isEqualTo(page.child("Marker") != null
                            && !page.child("Marker").text().isEmpty());
            pages++;
        } while (marker != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("demo", "u0", "u1", "u2", "u3", "u4", "u5", "u6");
    }

    @Test
    void max_items_out_of_range_a_non_number_and_a_forged_marker_are_refused() throws Exception {
        assertThat(client.refusal(root, "ListUsers", "MaxItems", "0").awsMessage())
                .isEqualTo("1 validation error "
                        + "detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than "
                        + "or equal to 1");
        assertThat(client.refusal(root, "ListUsers", "MaxItems", "1001").code()).isEqualTo("ValidationError");
        assertThat(client.refusal(root, "ListUsers", "MaxItems", "ten").code()).isEqualTo("MalformedInput");
        assertThat(client.refusal(root, "ListUsers", "Marker", "not-ours").code())
                .isEqualTo("ValidationError");
    }

    @Test
    void every_list_call_pages() throws Exception {
        client.call(root, "CreateUser", "UserName", "alice");
        client.call(root, "CreateAccessKey", "UserName", "alice");
        client.call(root, "CreateAccessKey", "UserName", "alice");
        QueryResult keys = client.call(root, "ListAccessKeys", "UserName", "alice", "MaxItems", "1");
        assertThat(keys.child("AccessKeyMetadata").children()).hasSize(1);
        assertThat(keys.textAt("IsTruncated")).isEqualTo("true");
        client.call(root, "CreateVirtualMFADevice", "VirtualMFADeviceName", "spare");
        QueryResult devices = client.call(root, "ListVirtualMFADevices", "MaxItems", "1");
        assertThat(devices.child("VirtualMFADevices").children()).hasSize(1);
        assertThat(devices.textAt("IsTruncated")).isEqualTo("true");
        QueryResult rest =
                client.call(root, "ListVirtualMFADevices", "MaxItems", "1", "Marker", devices.textAt("Marker"));
        assertThat(rest.textAt("IsTruncated")).isEqualTo("false");
        assertThat(rest.child("VirtualMFADevices").children().get(0).textAt("SerialNumber"))
                .endsWith(":mfa/spare");
    }
}
