package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ststoken.errors.ConfigException;
import org.junit.jupiter.api.Test;

class SupplierPromptTest {
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/me";

    @Test
    void a_code_shown_with_a_space_as_apps_show_it_is_accepted() throws Exception {
        assertThat(new SupplierPrompt(serial -> " 123 456 ").ask(SERIAL)).isEqualTo("123456");
    }

    @Test
    void what_the_supplier_returns_is_never_echoed_when_it_is_not_a_code() {
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> new SupplierPrompt(serial -> "hunter2").ask(SERIAL));
        assertThat(e.getMessage())
                .isEqualTo(
                        "the MFA code supplier returned no six-digit code for " + SERIAL + "; no session was requested")
                .doesNotContain("hunter2");
    }

    @Test
    void a_null_code_is_no_code() {
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> new SupplierPrompt(serial -> null).ask(SERIAL));
        assertThat(e.getMessage()).contains("returned no six-digit code");
    }

    @Test
    void a_checked_exception_is_named_by_its_type_and_never_chained() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> new SupplierPrompt(serial -> {
                            throw new java.io.IOException("token 987654 for user bob");
                        })
                        .ask(SERIAL));
        assertThat(e.getMessage())
                .isEqualTo("the MFA code supplier failed for " + SERIAL + " (IOException); no session was requested");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void an_interrupted_supplier_keeps_the_interrupt_for_the_caller() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> new SupplierPrompt(serial -> {
                            throw new InterruptedException();
                        })
                        .ask(SERIAL));
        assertThat(e.getMessage()).startsWith("interrupted while the MFA code supplier");
        assertThat(Thread.interrupted()).isTrue();
    }
}
