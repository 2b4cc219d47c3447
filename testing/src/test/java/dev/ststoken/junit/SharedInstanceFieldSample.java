package dev.ststoken.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A mistake {@link ExtensionConfigurationTest} runs through JUnit (not surefire: its name is no test's). */
class SharedInstanceFieldSample {
    @RegisterExtension
    StsEmulatorExtension sts = StsEmulatorExtension.builder().sharedPerClass().build();

    @Test
    void uses_it() {
        sts.user("alice");
    }
}
