package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Misuse fails the test with a sentence that says what to change. */
class ExtensionConfigurationTest {
    @Test
    void a_shared_emulator_in_an_instance_field_is_refused_with_what_to_do() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass(SharedInstanceFieldSample.class))
                                .build(),
                        listener);

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("sharedPerClass() needs a static @RegisterExtension field");
    }

    @Test
    void using_it_when_it_is_not_running_says_how_to_register_it() {
        StsEmulatorExtension sts = StsEmulatorExtension.create();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sts.user("alice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the emulator is not running: register StsEmulatorExtension");
    }
}
