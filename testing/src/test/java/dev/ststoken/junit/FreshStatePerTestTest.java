package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/** By default each test has its own emulator: what one test's code made, the next one does not see. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshStatePerTestTest {
    @RegisterExtension
    static StsEmulatorExtension sts = StsEmulatorExtension.create();

    static String firstAccount;
    static java.net.URI firstEndpoint;

    @Test
    @Order(1)
    void the_code_under_test_creates_a_user() {
        try (IamClient iam = sts.iamClient(sts.rootCredentialsProvider())) {
            iam.createUser(r -> r.userName("carol"));
            assertThat(iam.listUsers().users()).extracting(User::userName).contains("carol");
        }
        firstAccount = sts.accountId();
        firstEndpoint = sts.endpoint();
        assertThat(sts.takeRequest().action()).isEqualTo("CreateUser");
    }

    @Test
    @Order(2)
    void the_next_test_has_a_new_account_without_it() {
        assertThat(firstAccount).as("runs after the first").isNotNull();
        try (IamClient iam = sts.iamClient(sts.rootCredentialsProvider())) {
            assertThat(iam.listUsers().users()).extracting(User::userName).containsExactly("demo");
        }
        assertThat(sts.accountId()).isNotEqualTo(firstAccount);
        assertThat(sts.requests())
                .as("the first test's requests are not in this one's log")
                .hasSize(1);
        assertThat(sts.takeRequest().action()).isEqualTo("ListUsers");
        assertThat(firstEndpoint).isNotNull();
    }
}
