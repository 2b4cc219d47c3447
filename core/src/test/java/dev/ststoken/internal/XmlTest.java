package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

class XmlTest {
    @Test
    void reads_an_sts_response_with_namespace_declaration_and_entities() {
        Xml.Element root = Xml.parse(
                "<?xml version=\"1.0\"?>\n<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetSessionTokenResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                        + "<SecretAccessKey>a&amp;b&lt;c&#x41;&#66;</SecretAccessKey></Credentials></GetSessionTokenResult>"
                        + "<!-- comment --><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetSessionTokenResponse>");
        assertThat(root.name()).isEqualTo("GetSessionTokenResponse");
        assertThat(root.textAt("GetSessionTokenResult", "Credentials", "SecretAccessKey"))
                .isEqualTo("a&b<cAB");
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
        assertThatThrownBy(() -> Xml.parse("<html><body>Proxy error<br></body></html>"))
                .isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("<A><B>text</B>")).isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("")).isInstanceOf(Xml.ParseException.class);
        assertThatThrownBy(() -> Xml.parse("<a></b>")).isInstanceOf(Xml.ParseException.class);
    }

    @Test
    void escape_covers_the_five_predefined_entities() {
        assertThat(Xml.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
        assertThat(Xml.escape("plain")).isEqualTo("plain");
    }

    // ---- the JDK's own parser as the oracle (tests only: production never loads javax.xml) ----

    /** Documents chosen by hand: AWS answers, what a proxy or a truncation gives, and each rule of XML we check. */
    static final List<String> HAND_PICKED = List.of(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                    + "  <GetSessionTokenResult>\n    <Credentials>\n      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>\n"
                    + "      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLEKEY</SecretAccessKey>\n"
                    + "      <SessionToken>AQoEXAMPLEH4aoAH0gNCAPy&amp;+/=</SessionToken>\n"
                    + "      <Expiration>2026-11-30T20:00:00Z</Expiration>\n    </Credentials>\n  </GetSessionTokenResult>\n"
                    + "  <ResponseMetadata>\n    <RequestId>58c5dbae-abef-11e0-8cfe-09039844ac7d</RequestId>\n  </ResponseMetadata>\n"
                    + "</GetSessionTokenResponse>\n",
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                    + "<Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code. "
                    + "</Message></Error><RequestId>r</RequestId></ErrorResponse>",
            "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUsersResult><IsTruncated>false</IsTruncated>"
                    + "<Users><member><UserName>alice</UserName><Path>/</Path></member><member><UserName>bob</UserName>"
                    + "<Path>/division_abc/</Path></member></Users></ListUsersResult></ListUsersResponse>",
            "<Response><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request "
                    + "is invalid.</Message></Error></Errors><RequestID>x</RequestID></Response>",
            "<a:Root xmlns:a='x'><a:V><![CDATA[<raw> & ]] ]>]]></a:V><Empty/><a:E a:x='1' x='2'/></a:Root>",
            "<r>a<!-- c -->b<?pi data?>c<![CDATA[d]]>e&#x1F600;&#128512;&#x00041;</r>",
            "<r>line\r\nbreak\rend&#13;</r>",
            "<r attr='a\r\nb'>x</r>",
            "<r>tab\there</r>",
            "<r>&lt;&gt;&amp;&quot;&apos;</r>",
            "<r>&#X41;</r>",
            "<r>&#0;</r>",
            "<r>&#xD800;</r>",
            "<r>&#x110000;</r>",
            "<r>&#xFFFE;</r>",
            "<r>&#;</r>",
            "<r>&#x;</r>",
            "<r>&#١٢;</r>",
            "<r>&nbsp;</r>",
            "<r>a & b</r>",
            "<r>a &amp b</r>",
            "<r>]]></r>",
            "<r>]]&gt;</r>",
            "<r>\u0001</r>",
            "<r>\uFFFE</r>",
            "<r>\uD800</r>",
            "<r>\uD83D\uDE00</r>",
            "<r><!-- a -- b --></r>",
            "<r><!-- a ---></r>",
            "<r><!----></r>",
            "<r><!-- - --></r>",
            "<r x='1' x='2'/>",
            "<r xmlns:a='u' xmlns:b='u' a:x='1' b:x='2'/>",
            "<r xmlns:a='u' a:x='1' x='2'/>",
            "<r x='1'y='2'/>",
            "<r x='a<b'/>",
            "<r x='a>b'/>",
            "<r x='&amp;&#65;'/>",
            "<r x='&bogus;'/>",
            "<r x='&'/>",
            "<r x=\"it's\"/>",
            "<r x='say \"hi\"'/>",
            "<r x=1/>",
            "<r x/>",
            "<r x = '1' />",
            "<a:r/>",
            "<r xmlns:a='u'><a:b/></r>",
            "<r><a:b xmlns:a='u'/><a:c/></r>",
            "<r xmlns:a=''/>",
            "<r xmlns=''/>",
            "<r xmlns:xml='http://www.w3.org/XML/1998/namespace'/>",
            "<r xmlns:xml='u'/>",
            "<r xml:lang='en'/>",
            "<r xmlns:xmlns='u'/>",
            "<:r/>",
            "<r:/>",
            "<a:b:c xmlns:a='u'/>",
            "<1r/>",
            "<-r/>",
            "<:/>",
            "<::a/>",
            "<r :x='1' x='2'/>",
            "<r :xmlns:p='u'/>",
            "<r :a:b='1'/>",
            "<r :xmlns='u'/>",
            "<:a:b/>",
            "<r xmlns:p='u'><:p:x/></r>",
            "<.r/>",
            "<r-1.x_y/>",
            "<é/>",
            "<名前>値</名前>",
            "<r·/>",
            "<r\u0300/>",
            "<\u0300r/>",
            "<r></R>",
            "<r></r >",
            "<r></ r>",
            "< r/>",
            "<r/ >",
            "<r",
            "<r>",
            "<r>text",
            "</r>",
            "<r/><r/>",
            "text<r/>",
            "<r/>text",
            "<r/><!-- after --><?after pi?>\n",
            "",
            "   ",
            "<!-- only -->",
            "<?xml version=\"1.0\"?><r/>",
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><r/>",
            " <?xml version=\"1.0\"?><r/>",
            "<!-- c --><?xml version=\"1.0\"?><r/>",
            "<?xml?><r/>",
            "<?xml encoding=\"UTF-8\"?><r/>",
            "<?xml version=\"1.0\" standalone=\"maybe\"?><r/>",
            "<?xml version=\"1.0\"standalone=\"yes\"?><r/>",
            "<?xml version=\"1.0\" encoding=\"8bit\"?><r/>",
            "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><r/>",
            "<?XML version=\"1.0\"?><r/>",
            "<?xml-stylesheet href='a'?><r/>",
            "<r><?xml version='1.0'?></r>",
            "<r><?pi?></r>",
            "<r><?pi-x?></r>",
            "<r><?a:b?></r>",
            "<r><?1?></r>",
            "<r><?pi",
            "<r><![CDATA[x]]</r>",
            "<r><![cdata[x]]></r>",
            "<r><!ELEMENT r ANY></r>",
            "\uFEFF<r/>",
            "<r>\u00a0</r>",
            "<r\u00a0/>",
            "<r\u000b/>",
            "<html><body>Proxy error<br></body></html>",
            "<r>" + "<a>".repeat(40) + "</a>".repeat(40) + "</r>");

    /** Refused by design, whatever the JDK says: a DOCTYPE (entities, external DTDs) and nesting beyond 64 levels. */
    static final List<String> REFUSED_BY_DESIGN = List.of(
            "<!DOCTYPE r><r/>",
            "<!DOCTYPE r [<!ENTITY e 'x'>]><r>&e;</r>",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
            "<r>" + "<a>".repeat(70) + "</a>".repeat(70) + "</r>");

    @Test
    void hand_picked_documents_read_as_the_jdk_reads_them() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String document : HAND_PICKED) {
            compare(document, differences);
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void generated_and_mutated_documents_read_as_the_jdk_reads_them() throws Exception {
        List<String> differences = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            Random random = new Random(i);
            String document = generate(random);
            if (random.nextInt(3) > 0) {
                document = mutate(random, document);
            }
            if (compare(document, differences)) {
                accepted++;
            }
        }
        assertThat(differences).isEmpty();
        assertThat(accepted)
                .as("documents both accepted (the rest both refused)")
                .isBetween(400, 3600);
    }

    @Test
    void a_doctype_and_deep_nesting_are_refused_by_design_even_where_the_jdk_would_read_them() {
        for (String document : REFUSED_BY_DESIGN) {
            assertThatThrownBy(() -> Xml.parse(document)).as(document).isInstanceOf(Xml.ParseException.class);
        }
    }

    @Test
    void errors_say_where_and_never_what() {
        assertThatThrownBy(() -> Xml.parse("<r><SecretAccessKey>wJalr&bogus;</SecretAccessKey></r>"))
                .hasMessage("a '&' that is not a known reference at offset 25")
                .hasMessageNotContaining("wJalr");
    }

    /** Compares our reading with the JDK's; returns whether both accepted. */
    private static boolean compare(String document, List<String> differences) throws Exception {
        String ours;
        try {
            ours = describe(Xml.parse(document));
        } catch (Xml.ParseException e) {
            ours = "refused";
        }
        String jdk;
        try {
            jdk = describe(jdkParse(document).getDocumentElement());
        } catch (SAXException e) {
            jdk = "refused";
        }
        if (!ours.equals(jdk)) {
            differences.add(escapeForReport(document) + "\n  jdk:  " + jdk + "\n  ours: " + ours);
        }
        return !ours.equals("refused") && ours.equals(jdk);
    }

    private static org.w3c.dom.Document jdkParse(String document) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder.parse(new InputSource(new StringReader(document)));
    }

    /** Name, trimmed text and children, the way our Element shows them. */
    private static String describe(Xml.Element element) {
        StringBuilder out = new StringBuilder()
                .append(element.name())
                .append('[')
                .append(element.text())
                .append(']');
        if (!element.children().isEmpty()) {
            out.append('(');
            for (Xml.Element child : element.children()) {
                out.append(describe(child)).append(' ');
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String describe(org.w3c.dom.Element element) {
        StringBuilder text = new StringBuilder();
        List<org.w3c.dom.Element> children = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            } else if (n.getNodeType() == Node.ELEMENT_NODE) {
                children.add((org.w3c.dom.Element) n);
            }
        }
        StringBuilder out = new StringBuilder()
                .append(element.getLocalName())
                .append('[')
                .append(text.toString().trim())
                .append(']');
        if (!children.isEmpty()) {
            out.append('(');
            for (org.w3c.dom.Element child : children) {
                out.append(describe(child)).append(' ');
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String escapeForReport(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    // ---- a generator of AWS-like documents, and small mutations of them ----

    private static final List<String> NAMES =
            List.of("Credentials", "AccessKeyId", "member", "Code", "a", "é", "x-y.z_1");
    private static final List<String> TEXTS = List.of(
            "ASIA123",
            "wJalr/K7+MDENG==",
            "a &amp; b",
            "&lt;tag&gt;",
            "&#65;&#x42;",
            " spaced ",
            "line\nbreak",
            "crlf\r\nhere",
            "&quot;q&apos;",
            "été",
            "\uD83D\uDE00",
            "]]&gt;",
            "",
            "\t");

    private static final List<String> ATTRIBUTES = List.of(
            " id='1&amp;2'",
            " note=\"a > b\"",
            " xmlns:q='urn:q' q:k='v'",
            " xml:lang='en'",
            " a='1' b=\"2\"",
            " p:k='v'",
            " q:k='v'",
            " xmlns=''",
            " t='&#x9;&#10;'",
            " xmlns:q='urn:q' q:k='1' k='2'");

    static String generate(Random r) {
        StringBuilder out = new StringBuilder();
        if (r.nextInt(3) == 0) {
            out.append(r.nextBoolean() ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "<?xml version='1.0'?>");
        }
        if (r.nextInt(5) == 0) {
            out.append("<!-- before -->\n");
        }
        boolean prefixed = r.nextInt(4) == 0;
        element(r, out, 0, prefixed, true);
        if (r.nextInt(5) == 0) {
            out.append(r.nextBoolean() ? "\n<!-- after -->" : "\n");
        }
        return out.toString();
    }

    private static void element(Random r, StringBuilder out, int depth, boolean prefixed, boolean root) {
        String name = (prefixed ? "p:" : "") + NAMES.get(r.nextInt(NAMES.size()));
        out.append('<').append(name);
        if (root) {
            out.append(
                    prefixed
                            ? " xmlns:p=\"https://sts.amazonaws.com/doc/2011-06-15/\""
                            : " xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"");
        }
        if (r.nextInt(3) == 0) {
            out.append(ATTRIBUTES.get(r.nextInt(ATTRIBUTES.size())));
        }
        if (r.nextInt(6) == 0) {
            out.append("/>");
            return;
        }
        out.append('>');
        int parts = r.nextInt(depth > 3 ? 2 : 4);
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(6)) {
                case 0, 1 -> element(r, out, depth + 1, prefixed && r.nextBoolean(), false);
                case 2 ->
                    out.append("<![CDATA[")
                            .append(r.nextBoolean() ? "<raw> & more" : "x]y")
                            .append("]]>");
                case 3 -> out.append(r.nextBoolean() ? "<!-- note -->" : "<?pi data?>");
                default -> out.append(TEXTS.get(r.nextInt(TEXTS.size())));
            }
        }
        if (parts == 0 || r.nextBoolean()) {
            out.append(TEXTS.get(r.nextInt(TEXTS.size())));
        }
        out.append("</").append(name).append(r.nextInt(10) == 0 ? " >" : ">");
    }

    private static final String INSERTED = "<>&;\"'/]-!?=: \u0001\r#x";

    static String mutate(Random r, String document) {
        StringBuilder out = new StringBuilder(document);
        int edits = 1 + r.nextInt(2);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = r.nextInt(out.length());
            switch (r.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, INSERTED.charAt(r.nextInt(INSERTED.length())));
                case 2 -> out.setLength(at);
                default -> out.insert(at, out.substring(at, Math.min(out.length(), at + 1 + r.nextInt(6))));
            }
        }
        return out.toString();
    }
}
