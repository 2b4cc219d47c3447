package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/** sharedPerClass(): one emulator for the class, set up once; each test's request log starts empty. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedPerClassTest {
    @RegisterExtension
    static StsEmulatorExtension sts =
            StsEmulatorExtension.builder().sharedPerClass().build();

    static String account;

    @BeforeAll
    static void setUp() {
        sts.user("alice").withAccessKey();
        account = sts.accountId();
    }

    @Test
    @Order(1)
    void the_code_under_test_creates_a_user() {
        try (IamClient iam = sts.iamClient(sts.rootCredentialsProvider())) {
            iam.createUser(r -> r.userName("carol"));
        }
        assertThat(sts.requestCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void the_next_test_sees_it_and_the_class_fixtures_in_the_same_account() {
        assertThat(sts.requests()).as("a new log for each test").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(sts::takeRequest).isInstanceOf(NoSuchElementException.class);
        try (IamClient iam = sts.iamClient(sts.rootCredentialsProvider())) {
            assertThat(iam.listUsers().users()).extracting(User::userName).contains("alice", "carol", "demo");
        }
        assertThat(sts.accountId()).isEqualTo(account);
        assertThat(sts.user("alice").credentials().accessKeyId())
                .as("the same fixture object")
                .startsWith("AKIA");
    }
}
