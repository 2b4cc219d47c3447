package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IniFileTest {
    @Test
    void reads_sections_keys_comments_and_sub_sections_like_botocore() {
        IniFile ini = IniFile.parse("# comment\n; other\n[default]\nRegion = eu-west-1\nkey: value: with colon\n"
                + "[services local]\nsts =\n  endpoint_url = http://x:1\n\tsigning_name = sts\nafter = 1\n"
                + "[ spaced ]\nk=v = w\n");
        assertThat(ini.section("default")).containsEntry("region", "eu-west-1").containsEntry("key", "value: with colon");
        assertThat(ini.section("services local")).containsEntry("sts.endpoint_url", "http://x:1")
                .containsEntry("sts.signing_name", "sts").containsEntry("after", "1");
        assertThat(ini.section("spaced")).containsEntry("k", "v = w");
        assertThat(ini.section("missing")).isNull();
    }

    @Test
    void crlf_files_read_the_same() {
        assertThat(IniFile.parse("[a]\r\nk = v\r\n").section("a")).containsEntry("k", "v");
    }
}
