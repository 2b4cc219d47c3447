package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileEditorSectionTest {
    @TempDir
    Path tmp;

    static final String ORIGINAL = String.join(
            "\n",
            "# my credentials, hand-written",
            "[default]",
            "aws_access_key_id=AKIADEFAULT   ",
            "  aws_secret_access_key =   spaced ",
            "",
            "; a comment about work",
            "[work]",
            "aws_access_key_id = AKIAWORK",
            "aws_secret_access_key = w",
            "",
            "# comment that belongs to [tail]",
            "[tail]",
            "region=eu-west-1");

    static Map<String, String> keys(String id) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("aws_access_key_id", id);
        keys.put("aws_secret_access_key", "s-" + id);
        keys.put("aws_session_token", "t-" + id);
        return keys;
    }

    Path lock() {
        return tmp.resolve("locks/creds.lock");
    }

    @Test
    void a_new_section_is_appended_and_nothing_else_changes() throws Exception {
        Path file = tmp.resolve("credentials");
        Files.writeString(file, ORIGINAL);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        ConfigFileEditor.writeSection(file, "session", keys("ASIA1"), "expires x", false, lock());
        String updated = Files.readString(file);
        assertThat(updated).startsWith(ORIGINAL + "\n\n[session]\n# managed by sts-session-token; expires x\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
    }

    @Test
    void our_own_section_is_replaced_in_place_keeping_neighbours_byte_for_byte() throws Exception {
        Path file = tmp.resolve("credentials");
        String withOurs = ORIGINAL.replace(
                "; a comment about work\n[work]",
                "[mfa]\n# managed by sts-session-token; old\naws_access_key_id = ASIAOLD\n\n; a comment about work\n[work]");
        Files.writeString(file, withOurs);
        ConfigFileEditor.writeSection(file, "mfa", keys("ASIANEW"), "new", false, lock());
        String updated = Files.readString(file);
        assertThat(updated)
                .isEqualTo(withOurs.replace(
                        "# managed by sts-session-token; old\naws_access_key_id = ASIAOLD\n",
                        "# managed by sts-session-token; new\naws_access_key_id = ASIANEW\naws_secret_access_key = s-ASIANEW\n"
                                + "aws_session_token = t-ASIANEW\n"));
        // And again: stable.
        ConfigFileEditor.writeSection(file, "mfa", keys("ASIANEW"), "new", false, lock());
        assertThat(Files.readString(file)).isEqualTo(updated);
    }

    @Test
    void a_section_we_did_not_write_is_refused_unless_forced() throws Exception {
        Path file = tmp.resolve("credentials");
        Files.writeString(file, ORIGINAL);
        assertThatThrownBy(() -> ConfigFileEditor.writeSection(file, "work", keys("ASIA1"), null, false, lock()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[work]")
                .hasMessageContaining("use the force option to replace it");
        assertThat(Files.readString(file)).isEqualTo(ORIGINAL);
        ConfigFileEditor.writeSection(file, "work", keys("ASIA1"), null, true, lock());
        String updated = Files.readString(file);
        assertThat(updated)
                .contains("[work]\n# managed by sts-session-token\naws_access_key_id = ASIA1\n")
                .contains("\n\n# comment that belongs to [tail]\n[tail]\nregion=eu-west-1")
                .startsWith(ORIGINAL.substring(0, ORIGINAL.indexOf("[work]")));
    }

    @Test
    void a_missing_file_is_created_private_and_crlf_files_stay_crlf() throws Exception {
        Path file = tmp.resolve("new/credentials");
        ConfigFileEditor.writeSection(file, "s", keys("ASIA1"), null, false, lock());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("[s]\n");
        Path crlf = tmp.resolve("crlf");
        Files.writeString(crlf, "[a]\r\nk = v\r\n");
        ConfigFileEditor.writeSection(crlf, "s", keys("ASIA1"), null, false, lock());
        assertThat(Files.readString(crlf))
                .startsWith("[a]\r\nk = v\r\n\r\n[s]\r\n")
                .doesNotContain("\n[s]\n");
    }

    @Test
    void a_symlinked_file_is_written_through_the_link() throws Exception {
        Path real = tmp.resolve("real-credentials");
        Files.writeString(real, "[a]\nk = v\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        ConfigFileEditor.writeSection(link, "s", keys("ASIA1"), null, false, lock());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("[s]");
    }

    @Test
    void odd_section_names_are_refused() {
        assertThatThrownBy(() -> ConfigFileEditor.writeSection(tmp.resolve("c"), "a]b", keys("x"), null, false, lock()))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void a_value_that_would_add_a_line_or_a_section_is_refused_and_the_file_stays_as_it_was() throws Exception {
        Path file = tmp.resolve("credentials");
        Files.writeString(file, ORIGINAL);
        for (String hostile : new String[] {
            "SECRET\n[default]\naws_secret_access_key = mine",
            "SECRET\r[default]",
            "SECRET[default]",
            "SECRET\u2028x",
            "SECRET\u001b[2J",
            " SECRET",
            "SECRET ",
            ""
        }) {
            Map<String, String> keys = keys("ASIA1");
            keys.put("aws_session_token", hostile);
            assertThatThrownBy(() -> ConfigFileEditor.writeSection(file, "session", keys, "expires x", false, lock()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("aws_session_token")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
            assertThat(Files.readString(file)).isEqualTo(ORIGINAL);
        }
        assertThat(IniFile.parse(ORIGINAL).sectionNames()).doesNotContain("session");
    }

    @Test
    void a_note_with_a_line_break_is_refused() {
        assertThatThrownBy(() -> ConfigFileEditor.writeSection(
                        tmp.resolve("c"), "s", keys("ASIA1"), "expires x\n[default]", false, lock()))
                .isInstanceOf(ConfigException.class);
        assertThat(tmp.resolve("c")).doesNotExist();
    }

    @Test
    void values_that_are_allowed_are_read_back_exactly_by_the_settings_parser() throws Exception {
        Path file = tmp.resolve("credentials");
        Map<String, String> keys = keys("ASIA1");
        keys.put("aws_session_token", "#not-a-comment;a=b:c%PATH%'\"$x\\");
        ConfigFileEditor.writeSection(file, "session", keys, "expires x", false, lock());
        assertThat(IniFile.parse(Files.readString(file)).section("session")).containsAllEntriesOf(keys);
    }
}
