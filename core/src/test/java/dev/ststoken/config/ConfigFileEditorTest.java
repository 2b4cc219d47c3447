package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileEditorTest {
    @TempDir
    Path tmp;

    static final String CONFIG =
            "# top\n[default]\nregion = us-east-1\n\n; about dev\n[profile dev]\nregion=eu-west-1\n"
                    + "mfa_serial = old\n# trailing comment\n\n[profile x]\nregion = a";

    @Test
    void setting_an_existing_key_replaces_only_its_line() {
        assertThat(ConfigFileEditor.setKey(CONFIG, "profile dev", "mfa_serial", "new"))
                .isEqualTo(CONFIG.replace("mfa_serial = old", "mfa_serial = new"));
    }

    @Test
    void a_new_key_goes_after_the_sections_last_setting() {
        assertThat(ConfigFileEditor.setKey(CONFIG, "profile dev", "key_store", "pass"))
                .isEqualTo(CONFIG.replace("mfa_serial = old\n", "mfa_serial = old\nkey_store = pass\n"));
        assertThat(ConfigFileEditor.setKey(CONFIG, "profile x", "key_store", "pass"))
                .isEqualTo(CONFIG + "\nkey_store = pass\n");
    }

    @Test
    void a_missing_section_is_appended_after_a_blank_line() {
        assertThat(ConfigFileEditor.setKey(CONFIG, "profile new", "key_store", "file"))
                .isEqualTo(CONFIG + "\n\n[profile new]\nkey_store = file\n");
        assertThat(ConfigFileEditor.setKey("", "profile new", "k", "v")).isEqualTo("[profile new]\nk = v\n");
    }

    @Test
    void crlf_files_keep_crlf() {
        String crlf = "[profile dev]\r\nregion = a\r\n";
        assertThat(ConfigFileEditor.setKey(crlf, "profile dev", "k", "v"))
                .isEqualTo("[profile dev]\r\nregion = a\r\nk = v\r\n");
    }

    @Test
    void removing_a_section_keeps_every_other_byte_including_the_next_sections_comments() {
        assertThat(ConfigFileEditor.removeSection(CONFIG, "default"))
                .isEqualTo(
                        "# top\n\n; about dev\n[profile dev]\nregion=eu-west-1\nmfa_serial = old\n# trailing comment\n\n"
                                + "[profile x]\nregion = a");
        assertThat(ConfigFileEditor.removeSection(CONFIG, "profile x"))
                .isEqualTo(CONFIG.substring(0, CONFIG.indexOf("[profile x]")));
        assertThat(ConfigFileEditor.removeSection(CONFIG, "absent")).isEqualTo(CONFIG);
    }

    @Test
    void removing_a_key_removes_only_its_line() {
        assertThat(ConfigFileEditor.removeKey(CONFIG, "profile dev", "mfa_serial"))
                .isEqualTo(CONFIG.replace("mfa_serial = old\n", ""));
        assertThat(ConfigFileEditor.removeKey(CONFIG, "profile dev", "region"))
                .isEqualTo(CONFIG.replace("region=eu-west-1\n", ""));
    }

    /** A section --write-profile wrote, removed (keys import of that profile): the old editor left our marker over the next section. */
    @Test
    void removing_a_section_we_wrote_takes_our_marker_with_it() {
        String text =
                "[s]\n" + ConfigFileEditor.MARKER + "; expires x\naws_access_key_id = ASIA1\n\n# next\n[next]\nk = v\n";
        assertThat(ConfigFileEditor.removeSection(text, "s")).isEqualTo("\n# next\n[next]\nk = v\n");
        String markerOnly = "[s]\n" + ConfigFileEditor.MARKER + "\n\n[next]\n";
        assertThat(ConfigFileEditor.removeSection(markerOnly, "s")).isEqualTo("\n[next]\n");
    }

    /** A Latin-1 comment (bytes that are not UTF-8) was read as U+FFFD and written back so: three bytes changed. */
    @Test
    void a_file_that_is_not_utf8_is_refused_and_left_byte_for_byte() throws Exception {
        byte[] latin1 = "# caf\u00e9\n[profile dev]\nregion = a\n".getBytes(StandardCharsets.ISO_8859_1);
        Path config = Files.write(tmp.resolve("config"), latin1);
        Path credentials = Files.write(tmp.resolve("credentials"), latin1);
        Path lock = tmp.resolve("locks/l.lock");
        assertThatThrownBy(() -> ConfigFileEditor.setInConfig(config, "dev", "mfa_serial", "arn", lock))
                .isInstanceOf(ConfigException.class)
                .hasMessage("refusing to edit " + config + ": it is not UTF-8 text");
        assertThatThrownBy(() -> ConfigFileEditor.removeSection(credentials, "profile dev", lock))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigFileEditor.writeSection(
                        credentials, "s", Map.of("aws_access_key_id", "ASIA1"), null, false, lock))
                .isInstanceOf(ConfigException.class);
        assertThat(Files.readAllBytes(config)).isEqualTo(latin1);
        assertThat(Files.readAllBytes(credentials)).isEqualTo(latin1);
    }
}
