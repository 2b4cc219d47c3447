package dev.ststoken.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ststoken.config.IniFile;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Exception;
import dev.ststoken.sigv4.SigV4Verifier;
import dev.ststoken.sigv4.SignatureClaim;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Parsers that read what others send us. In a normal build each target replays its corpus
 * (src/test/resources/.../CoreFuzzTestInputs); with JAZZER_FUZZ=1 it fuzzes (see CONTRIBUTING.md, "Fuzzing").
 * The property: only the parser's documented exception, never another one, and round trips hold.
 */
class CoreFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void form_decoder(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        List<Map.Entry<String, String>> pairs = PercentEncoding.parsePairs(raw, true);
        // Whatever was decoded encodes and decodes back to itself.
        assertThat(PercentEncoding.parsePairs(PercentEncoding.formEncode(pairs), true))
                .isEqualTo(pairs);
    }

    @FuzzTest(maxDuration = "10s")
    void authorization_header_presigned_query_and_verifier(FuzzedDataProvider data) {
        String authorization = data.consumeString(300);
        String query = data.consumeString(300);
        String dateHeader = data.consumeString(30);
        byte[] body = data.consumeRemainingAsBytes();
        HttpRequestParts request = new HttpRequestParts(
                "POST",
                "/",
                query,
                authorization.isEmpty()
                        ? List.of(Map.entry("Host", "h"), Map.entry("X-Amz-Date", dateHeader))
                        : List.of(
                                Map.entry("Host", "h"),
                                Map.entry("X-Amz-Date", dateHeader),
                                Map.entry("Authorization", authorization)),
                body);
        SigV4Verifier verifier = new SigV4Verifier(
                Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), Duration.ofMinutes(15));
        try {
            SignatureClaim claim = verifier.parse(request);
            verifier.checkTime(claim);
            verifier.verify(claim, request, "secret");
        } catch (SigV4Exception expected) {
            assertThat(expected.code()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void sts_xml_response_parser(FuzzedDataProvider data) {
        String xml = data.consumeRemainingAsString();
        dev.ststoken.sts.QueryResult root;
        try {
            root = dev.ststoken.sts.QueryResult.parse(xml);
        } catch (IllegalArgumentException expected) {
            return;
        }
        StsClient client = new StsClient(
                new StsEndpoint(URI.create("http://127.0.0.1:9"), "us-east-1"), TlsSettings.DEFAULT, Clock.systemUTC());
        try {
            client.credentialsFrom(root.path("GetSessionTokenResult", "Credentials"), "GetSessionToken");
        } catch (StsTransportException expected) {
            assertThat(expected.getMessage()).startsWith("malformed GetSessionToken response");
        }
    }

    @FuzzTest(maxDuration = "10s")
    void json_reader(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Object value;
        try {
            value = Json.parse(text);
        } catch (Json.ParseException expected) {
            return;
        }
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }

    @FuzzTest(maxDuration = "10s")
    void shared_config_parser(FuzzedDataProvider data) throws ConfigException {
        String text = data.consumeRemainingAsString();
        IniFile ini;
        try {
            ini = IniFile.parse(text);
        } catch (IniFile.ParseException expected) {
            assertThat(expected.getMessage()).startsWith("line "); // a file botocore would refuse too
            return;
        }
        for (String name : ini.sectionNames()) {
            assertThat(ini.section(name)).isNotNull();
        }
    }
}
