package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlTest {
    @Test
    void reads_an_sts_response_with_namespace_declaration_and_entities() {
        Xml.Element root = Xml.parse("<?xml version=\"1.0\"?>\n<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetSessionTokenResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                + "<SecretAccessKey>a&amp;b&lt;c&#x41;&#66;</SecretAccessKey></Credentials></GetSessionTokenResult>"
                + "<!-- comment --><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetSessionTokenResponse>");
        assertThat(root.name()).isEqualTo("GetSessionTokenResponse");
        assertThat(root.textAt("GetSessionTokenResult", "Credentials", "SecretAccessKey")).isEqualTo("a&b<cAB");
        assertThat(root.textAt("ResponseMetadata", "RequestId")).isEqualTo("r-1");
        assertThat(root.textAt("Nope")).isNull();
    }

    @Test
    void prefixes_are_dropped_and_cdata_is_text() {
        Xml.Element root = Xml.parse("<a:Root xmlns:a='x'><a:V><![CDATA[<raw>]]></a:V><Empty/></a:Root>");
        assertThat(root.name()).isEqualTo("Root");
        assertThat(root.textAt("V")).isEqualTo("<raw>");
        assertThat(root.child("Empty")).isNotNull();
    }

    @Test
    void doctype_html_and_truncation_are_refused() {
        assertThatThrownBy(() -> Xml.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("<html><body>Proxy error<br></body></html>")).isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("<A><B>text</B>")).isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("")).isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("<a></b>")).isInstanceOf(Xml.ParseException.class);
    }

    @Test
    void escape_covers_the_five_predefined_entities() {
        assertThat(Xml.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
        assertThat(Xml.escape("plain")).isEqualTo("plain");
    }
}
