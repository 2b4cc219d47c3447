package dev.ststoken.emulator.request;

import dev.ststoken.internal.Xml;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds Query-protocol XML responses: {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…}. */
public final class XmlResponse {
    public static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    public static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    /** AWS's own shape: UTC with a literal Z, which every SDK parses (the Java SDK is the strictest). */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(512);

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * Character data for any string, including ones a client sent: markup escaped, a carriage return
     * as {@code &#13;} (a parser would turn a raw one into a newline), and every character XML 1.0
     * cannot carry at all (other C0 controls, unpaired surrogates, U+FFFE/U+FFFF) as U+FFFD, so the
     * answer always parses.
     */
    static String text(String value) {
        String escaped = Xml.escape(value);
        StringBuilder out = null;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            String replacement = null;
            if (c == '\r') {
                replacement = "&#13;";
            } else if (c < 0x20 && c != '\t' && c != '\n') {
                replacement = "\uFFFD";
            } else if (c == '\uFFFE' || c == '\uFFFF') {
                replacement = "\uFFFD";
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < escaped.length() && Character.isLowSurrogate(escaped.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(escaped.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            } else if (Character.isLowSurrogate(c)) {
                replacement = "\uFFFD";
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(escaped.length() + 16).append(escaped, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? escaped : out.toString();
    }

    public XmlResponse open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public XmlResponse close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; null values are left out, as AWS omits absent members. */
    public XmlResponse element(String name, String value) {
        if (value != null) {
            out.append('<')
                    .append(name)
                    .append('>')
                    .append(text(value))
                    .append("</")
                    .append(name)
                    .append('>');
        }
        return this;
    }

    public XmlResponse element(String name, Instant value) {
        return element(name, value == null ? null : timestamp(value));
    }

    public XmlResponse element(String name, long value) {
        return element(name, Long.toString(value));
    }

    public XmlResponse element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    /** Appends already-rendered XML (a nested element built by another method). */
    public XmlResponse raw(String xml) {
        out.append(xml);
        return this;
    }

    public String body() {
        return out.toString();
    }

    public static String success(String namespace, String action, String resultBody, String requestId) {
        StringBuilder xml = new StringBuilder(resultBody.length() + 256);
        xml.append("<")
                .append(action)
                .append("Response xmlns=\"")
                .append(namespace)
                .append("\">\n");
        if (resultBody.isEmpty()) {
            xml.append("  <").append(action).append("Result/>\n");
        } else {
            xml.append("  <")
                    .append(action)
                    .append("Result>")
                    .append(resultBody)
                    .append("</")
                    .append(action)
                    .append("Result>\n");
        }
        xml.append("  <ResponseMetadata>\n    <RequestId>")
                .append(requestId)
                .append("</RequestId>\n  </ResponseMetadata>\n");
        xml.append("</").append(action).append("Response>\n");
        return xml.toString();
    }

    /** Actions with no result members (DeleteUser, EnableMFADevice…) have no Result element at all. */
    public static String successNoResult(String namespace, String action, String requestId) {
        return "<" + action + "Response xmlns=\"" + namespace + "\">\n  <ResponseMetadata>\n    <RequestId>" + requestId
                + "</RequestId>\n  </ResponseMetadata>\n</" + action + "Response>\n";
    }

    public static String error(String namespace, AwsError error, String requestId) {
        return "<ErrorResponse xmlns=\"" + namespace + "\">\n  <Error>\n    <Type>" + error.type()
                + "</Type>\n    <Code>"
                + text(error.code()) + "</Code>\n    <Message>" + text(error.getMessage())
                + "</Message>\n  </Error>\n  <RequestId>" + requestId + "</RequestId>\n</ErrorResponse>\n";
    }
}
