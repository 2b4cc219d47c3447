package dev.ststoken.sts;

import static dev.ststoken.testing.FaultServer.credentials;
import static dev.ststoken.testing.FaultServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.testing.FaultServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A hostile or intercepted endpoint, played by a loopback server that answers what an attacker
 * would: nothing it sends reaches a caller unless it has the shape of real credentials, and its
 * texts arrive without control characters.
 */
class StsClientTest {
    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final AwsCredentials CALLER = new AwsCredentials("AKIACALLER0000000001", "caller-secret");
    static final GetSessionTokenRequest REQUEST = new GetSessionTokenRequest(3600, null, null);
    static final String KEY = "ASIAHOSTILE000000001";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    static final String TOKEN = "FwoGZXIvYXdzEBYaDH+token/with+base64==";
    static final String IN_AN_HOUR = NOW.plusSeconds(3600).toString();

    static StsClient client(FaultServer server) {
        return new StsClient(
                new StsEndpoint(server.endpoint(), "us-east-1"),
                TlsSettings.DEFAULT,
                CLOCK,
                Transport.DEFAULT.withMaxAttempts(1));
    }

    static SessionCredentials answer(String key, String secret, String token, String expiration) throws Exception {
        try (FaultServer server = new FaultServer(credentials(key, secret, token, expiration))) {
            return client(server).getSessionToken(CALLER, REQUEST);
        }
    }

    static void assertMalformed(String key, String secret, String token, String expiration, String field) {
        assertThatThrownBy(() -> answer(key, secret, token, expiration))
                .isInstanceOf(StsTransportException.class)
                .hasMessageStartingWith("malformed GetSessionToken response from http://127.0.0.1:")
                .hasMessageContaining(field)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u001b", "'", "\""));
    }

    @Test
    void a_session_shaped_like_aws_is_accepted_exactly() throws Exception {
        SessionCredentials session = answer(KEY, SECRET, TOKEN, IN_AN_HOUR);
        assertThat(session.accessKeyId()).isEqualTo(KEY);
        assertThat(session.secretAccessKey()).isEqualTo(SECRET);
        assertThat(session.sessionToken()).isEqualTo(TOKEN);
        assertThat(session.expiration()).isEqualTo(NOW.plusSeconds(3600));
    }

    @Test
    void an_access_key_id_outside_upper_case_letters_and_digits_is_a_malformed_answer() {
        assertMalformed("ASIA$(touch /tmp/pwned)", SECRET, TOKEN, IN_AN_HOUR, "AccessKeyId");
        assertMalformed("asiahostile000000001", SECRET, TOKEN, IN_AN_HOUR, "AccessKeyId");
        assertMalformed("ASIASHORT", SECRET, TOKEN, IN_AN_HOUR, "AccessKeyId");
        assertMalformed("ASIA" + "A".repeat(125), SECRET, TOKEN, IN_AN_HOUR, "AccessKeyId");
        assertMalformed("ASIAHOSTILE00000&#10;[default]", SECRET, TOKEN, IN_AN_HOUR, "AccessKeyId");
    }

    @Test
    void a_secret_with_a_line_break_a_quote_a_space_or_an_escape_is_a_malformed_answer() {
        assertMalformed(
                KEY, "abc&#10;[default]&#10;aws_secret_access_key = mine", TOKEN, IN_AN_HOUR, "SecretAccessKey");
        assertMalformed(KEY, "abc'; touch /tmp/pwned; '", TOKEN, IN_AN_HOUR, "SecretAccessKey");
        assertMalformed(KEY, "abc&quot;&amp;calc&amp;&quot;", TOKEN, IN_AN_HOUR, "SecretAccessKey");
        assertMalformed(KEY, "abc`id`", TOKEN, IN_AN_HOUR, "SecretAccessKey");
        assertMalformed(KEY, "abc def", TOKEN, IN_AN_HOUR, "SecretAccessKey");
        // XML 1.0 forbids ESC and BEL (the reader refuses such a document); the 8-bit forms are legal XML.
        assertMalformed(KEY, "abc&#157;0;owned&#156;", TOKEN, IN_AN_HOUR, "SecretAccessKey");
        assertMalformed(KEY, "abc\u2019x", TOKEN, IN_AN_HOUR, "SecretAccessKey");
    }

    @Test
    void a_session_token_with_a_line_break_a_quote_or_a_non_ascii_character_is_a_malformed_answer() {
        assertMalformed(KEY, SECRET, "tok&#10;export AWS_PROFILE=attacker", IN_AN_HOUR, "SessionToken");
        assertMalformed(KEY, SECRET, "tok'$(id)'", IN_AN_HOUR, "SessionToken");
        assertMalformed(KEY, SECRET, "tok\u2018x", IN_AN_HOUR, "SessionToken");
        assertMalformed(KEY, SECRET, "tok&#9;x", IN_AN_HOUR, "SessionToken");
    }

    @Test
    void an_expiration_in_the_past_or_beyond_the_longest_session_is_a_malformed_answer() {
        assertMalformed(KEY, SECRET, TOKEN, NOW.minusSeconds(1).toString(), "Expiration");
        assertMalformed(KEY, SECRET, TOKEN, NOW.toString(), "Expiration");
        assertMalformed(KEY, SECRET, TOKEN, NOW.plusSeconds(129_600 + 901).toString(), "Expiration");
        assertMalformed(KEY, SECRET, TOKEN, "2099-01-01T00:00:00Z", "Expiration");
    }

    @Test
    void the_longest_session_is_accepted_with_the_stated_skew_allowance() throws Exception {
        Instant latest = NOW.plusSeconds(
                CredentialValues.LONGEST_SESSION_SECONDS + CredentialValues.CLOCK_SKEW_ALLOWANCE_SECONDS);
        assertThat(answer(KEY, SECRET, TOKEN, latest.toString()).expiration()).isEqualTo(latest);
    }

    @Test
    void a_caller_identity_arrives_without_escape_sequences() throws Exception {
        String body =
                "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/me&#155;2K&#13;root</Arn>"
                        + "<UserId>AIDA&#155;1m</UserId><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
        try (FaultServer server = new FaultServer(status(200, "text/xml", body))) {
            CallerIdentity identity = client(server).getCallerIdentity(CALLER);
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::1:user/me root");
            assertThat(identity.userId()).isEqualTo("AIDA");
        }
    }

    @Test
    void the_fault_servers_session_is_valid_for_a_real_clock() throws Exception {
        try (FaultServer server = new FaultServer(FaultServer.sessionToken())) {
            StsClient client = new StsClient(
                    new StsEndpoint(server.endpoint(), "us-east-1"),
                    TlsSettings.DEFAULT,
                    Clock.systemUTC(),
                    Transport.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
            assertThat(client.getSessionToken(CALLER, REQUEST).accessKeyId()).isEqualTo("ASIAFAULTSERVER00001");
        }
    }

    @Test
    void expirations_read_by_arithmetic_agree_with_java_time() {
        for (String value : java.util.List.of(
                "2026-12-06T07:00:00Z",
                "2026-12-06T07:00:00.5Z",
                "2026-12-06T07:00:00.123Z",
                "2026-12-06T07:00:00.123456789Z",
                "2028-02-29T23:59:59Z",
                "2026-12-06T07:00:00+01:00",
                "2026-12-06T07:00:00.25-02:30")) {
            assertThat(StsClient.parseTimestamp(value))
                    .as(value)
                    .isEqualTo(java.time.OffsetDateTime.parse(value).toInstant());
        }
        for (String value : java.util.List.of("2026-12-06T07:00:00.1234567890Z", "2026-13-06T07:00:00Z", "soon")) {
            assertThatThrownBy(() -> StsClient.parseTimestamp(value))
                    .as(value)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
