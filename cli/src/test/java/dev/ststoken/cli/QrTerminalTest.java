package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QrTerminalTest {
    @Test
    void the_uri_is_labelled_as_aws_labels_its_devices_and_carries_the_seed() {
        assertThat(QrTerminal.otpauthUri("arn:aws:iam::123456789012:mfa/alice-phone", "JBSWY3DPEHPK3PXP"))
                .isEqualTo("otpauth://totp/Amazon%20Web%20Services%3Aalice-phone%40123456789012"
                        + "?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services");
    }

    @Test
    void a_code_is_drawn_two_module_rows_per_line_inside_a_light_quiet_zone() {
        boolean[][] modules = QrTerminal.modules("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP");
        assertThat(modules.length).isGreaterThanOrEqualTo(21).isEqualTo(modules[0].length);
        assertThat(modules[0][0]).as("finder pattern corner").isTrue();
        String[] lines = QrTerminal.render(modules).split("\n");
        assertThat(lines).hasSize((modules.length + 4 + 1) / 2);
        assertThat(lines[0]).hasSize(modules.length + 4).matches("\u2588+");
    }
}
