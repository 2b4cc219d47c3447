package dev.ststoken.junit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What a test in a user's suite does, 500 times: a user with an access key made through IAM, then
 * an STS call signed with that key. The two subclasses differ only in the extension's lifecycle;
 * {@link LibraryBench} runs each through JUnit and times the class. Named {@code *Bench}/{@code
 * *Tests} so that surefire does not run them in the build.
 */
abstract class FiveHundredTests {
    abstract StsEmulatorExtension sts();

    @RepeatedTest(500)
    void a_user_made_for_the_test_calls_sts(RepetitionInfo repetition) {
        TestUser user = sts().user("user" + repetition.getCurrentRepetition()).withAccessKey();
        try (StsClient client = sts().stsClient(user.credentialsProvider())) {
            assertThat(client.getCallerIdentity().arn()).isEqualTo(user.arn());
        }
    }

    /** A fresh emulator (and account) for each of the 500 tests: the extension's default. */
    static class FreshPerTestBench extends FiveHundredTests {
        @org.junit.jupiter.api.extension.RegisterExtension
        static StsEmulatorExtension sts = StsEmulatorExtension.create();

        @Override
        StsEmulatorExtension sts() {
            return sts;
        }
    }

    /** One emulator shared by the 500 tests. */
    static class SharedPerClassBench extends FiveHundredTests {
        @org.junit.jupiter.api.extension.RegisterExtension
        static StsEmulatorExtension sts =
                StsEmulatorExtension.builder().sharedPerClass().build();

        @Override
        StsEmulatorExtension sts() {
            return sts;
        }
    }
}
