package dev.ststoken.emulator.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Element text is escaped so that every answer parses, checked with the JDK's own XML parser. */
class XmlResponseTest {
    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void every_c0_control_and_non_character_still_gives_a_document_the_jdk_parses() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append("\uFFFE\uFFFF\uD800x\uDC00<&>\"'");
        String xml = XmlResponse.success(
                XmlResponse.IAM_NS,
                "GetRole",
                new XmlResponse().element("Description", all.toString()).body(),
                "r-1");
        String text = parse(xml).getElementsByTagName("Description").item(0).getTextContent();
        assertThat(text)
                .startsWith("\uFFFD".repeat(9) + "\t\n\uFFFD\uFFFD\r")
                .endsWith("\uFFFD\uFFFD\uFFFDx\uFFFD<&>\"'");
    }

    @Test
    void tabs_new_lines_carriage_returns_and_surrogate_pairs_come_back_exactly() throws Exception {
        String value = "a\tb\nc\r\nd \uD83D\uDE00 é";
        String xml = XmlResponse.success(
                XmlResponse.IAM_NS,
                "GetRole",
                new XmlResponse().element("Description", value).body(),
                "r-1");
        assertThat(parse(xml).getElementsByTagName("Description").item(0).getTextContent())
                .isEqualTo(value);
    }

    @Test
    void error_messages_echoing_input_are_escaped_too() throws Exception {
        String xml = XmlResponse.error(
                XmlResponse.STS_NS,
                AwsErrorCode.INVALID_ACTION.error("Could not find operation Get\u0001\u001b[2J</Message>"),
                "r-1");
        assertThat(parse(xml).getElementsByTagName("Message").item(0).getTextContent())
                .isEqualTo("Could not find operation Get\uFFFD\uFFFD[2J</Message>");
    }
}
