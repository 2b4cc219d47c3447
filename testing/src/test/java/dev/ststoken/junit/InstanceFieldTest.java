package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance field works too (each test instance has its own emulator), as for tests run concurrently. */
class InstanceFieldTest {
    static final Set<String> accounts = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    StsEmulatorExtension sts = StsEmulatorExtension.create();

    @RepeatedTest(3)
    void each_test_gets_its_own_running_emulator() {
        TestUser alice = sts.user("alice").withAccessKey();

        assertThat(alice.session().accessKeyId()).startsWith("ASIA");
        assertThat(accounts.add(sts.accountId())).as("a new account").isTrue();
    }
}
