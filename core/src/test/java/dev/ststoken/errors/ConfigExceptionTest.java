package dev.ststoken.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {
    final ConfigException e = new ConfigException("no serial: set {MFA_SERIAL} or use {PROFILE}{LOCAL_HINT}");

    @Test
    void the_plain_message_names_settings_in_neutral_words() {
        assertThat(e.getMessage()).isEqualTo("no serial: set the MFA serial number or use a profile");
    }

    @Test
    void each_adapter_names_settings_in_its_own_words() {
        assertThat(e.message(Map.of(
                        Setting.MFA_SERIAL,
                        "--mfa-serial-number",
                        Setting.PROFILE,
                        "--profile",
                        Setting.LOCAL_HINT,
                        ", or try --local")))
                .isEqualTo("no serial: set --mfa-serial-number or use --profile, or try --local");
        assertThat(e.message(Map.of(Setting.MFA_SERIAL, "serial_number")))
                .isEqualTo("no serial: set serial_number or use a profile");
    }

    @Test
    void a_message_without_placeholders_is_kept_as_is() {
        assertThat(new ConfigException("plain {text}").message(Map.of(Setting.PROFILE, "x")))
                .isEqualTo("plain {text}");
    }

    @Test
    void a_layer_can_name_some_settings_and_leave_the_others_to_the_adapter() {
        ConfigException chain = e.naming(Map.of(Setting.MFA_SERIAL, "the profile's mfa_serial"));
        assertThat(chain.message(Map.of(Setting.MFA_SERIAL, "serial_number", Setting.PROFILE, "profile")))
                .isEqualTo("no serial: set the profile's mfa_serial or use profile");
    }
}
