package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path scratch;

    @Test
    void agrees_with_java_time_across_four_centuries() {
        DateTimeFormatter z =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
        DateTimeFormatter offset =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);
        DateTimeFormatter amz =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(42);
        for (int i = 0; i < 20000; i++) {
            Instant t = Instant.ofEpochSecond((random.nextLong() & 0xffffffffffL) % 12_000_000_000L);
            assertThat(Timestamps.utcZ(t)).isEqualTo(z.format(t));
            assertThat(Timestamps.utcOffset(t)).isEqualTo(offset.format(t));
            assertThat(Timestamps.amzDate(t)).isEqualTo(amz.format(t));
            assertThat(Timestamps.parseUtcZ(z.format(t))).isEqualTo(t);
        }
        assertThat(Timestamps.utcZ(Instant.parse("2000-02-29T23:59:59Z"))).isEqualTo("2000-02-29T23:59:59Z");
    }

    @Test
    void parse_refuses_other_shapes() {
        assertThat(Timestamps.parseUtcZ("2026-11-23T12:34:56+00:00")).isNull();
        assertThat(Timestamps.parseUtcZ("2026-13-23T12:34:56Z")).isNull();
        assertThat(Timestamps.parseUtcZ("2026-1x-23T12:34:56Z")).isNull();
        assertThat(Timestamps.parseUtcZ(null)).isNull();
        assertThat(Timestamps.parseUtcZ("2026-02-30T12:34:56Z")).isNull();
        assertThat(Timestamps.parseUtcZ("+026-11-23T12:34:56Z")).isNull();
        assertThat(Timestamps.parseUtcZ("2026-11-23T12:34:56.5Z")).isNull();
    }

    /** The instant, or the exception's class: what a caller of either parser sees. */
    static Object outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    static Instant jdkIso(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.OffsetDateTime.parse(text).toInstant();
        }
    }

    static Instant jdkHttp(String text) {
        return java.time.ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
    }

    static void sameAsJdk(String text) {
        assertThat(outcome(() -> Timestamps.parseIso8601(text)))
                .as("ISO-8601 '%s'", text)
                .isEqualTo(outcome(() -> jdkIso(text)));
        assertThat(outcome(() -> Timestamps.parseHttpDate(text)))
                .as("HTTP date '%s'", text)
                .isEqualTo(outcome(() -> jdkHttp(text)));
    }

    @Test
    void iso8601_and_http_dates_parse_as_java_time_does_across_ten_millennia() {
        DateTimeFormatter imf = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        DateTimeFormatter noFraction =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            // 0000-01-01 to 9999-12-31, any nanosecond
            Instant t = Instant.ofEpochSecond(
                    -62_167_219_200L + Math.floorMod(random.nextLong(), 315_537_897_600L),
                    random.nextInt(1_000_000_000));
            String fraction = String.format("%09d", t.getNano()).substring(0, 1 + random.nextInt(9));
            for (String text : new String[] {
                DateTimeFormatter.ISO_INSTANT.format(t),
                noFraction.format(t) + "Z",
                noFraction.format(t) + "." + fraction + "Z",
                imf.format(t),
                DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atZone(ZoneOffset.UTC))
            }) {
                sameAsJdk(text);
            }
            assertThat(Timestamps.parseIso8601(noFraction.format(t) + "." + fraction + "Z"))
                    .isEqualTo(Instant.parse(noFraction.format(t) + "." + fraction + "Z"));
            assertThat(Timestamps.parseHttpDate(imf.format(t))).isEqualTo(t.minusNanos(t.getNano()));
        }
    }

    @Test
    void the_edges_of_both_shapes_are_judged_as_java_time_judges_them() {
        for (String text : new String[] {
            "2026-11-23T12:34:56Z",
            "2026-11-23T12:34:56.1Z",
            "2026-11-23T12:34:56.123456789Z",
            "2026-11-23T12:34:56.1234567890Z",
            "2026-11-23T12:34:56.Z",
            "2026-11-23T12:34:56.12aZ",
            "2024-02-29T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-04-30T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-13-10T00:00:00Z",
            "2026-11-00T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T23:60:00Z",
            "2016-12-31T23:59:60Z",
            "2026-11-23t12:34:56z",
            "2026-11-23T12:34Z",
            "2026-11-23T12:34:56+01:00",
            "2026-11-23T12:34:56.5-02:30",
            "2026-11-23T12:34:56+00:00",
            "+12026-11-23T12:34:56Z",
            "-0001-11-23T12:34:56Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "",
            " 2026-11-23T12:34:56Z",
            "2026-11-23T12:34:56Z ",
            "2026-1-23T12:34:56Z",
            "2026-11-23 12:34:56Z",
            "\u0662\u0660\u0662\u0666-11-23T12:34:56Z",
            "Sun, 06 Dec 2026 05:51:02 GMT",
            "Mon, 06 Dec 2026 05:51:02 GMT",
            "sun, 06 dec 2026 05:51:02 gmt",
            "SUN, 06 DEC 2026 05:51:02 GMT",
            "Sun, 6 Dec 2026 05:51:02 GMT",
            "06 Dec 2026 05:51:02 GMT",
            "Sun, 06 Dec 2026 05:51 GMT",
            "Sun, 06 Dec 2026 05:51:02 +0000",
            "Sun, 06 Dec 2026 05:51:02 +0130",
            "Sun, 06 Dec 2026 05:51:02 UTC",
            "Tue, 31 Feb 2026 05:51:02 GMT",
            "Sat, 28 Feb 2026 05:51:02 GMT",
            "Mon, 29 Feb 2027 00:00:00 GMT",
            "Thu, 29 Feb 2024 00:00:00 GMT",
            "Sun, 06 Dec 2026 24:00:00 GMT",
            "Sun, 06 Dec 2026 23:59:60 GMT",
            "Sun, 06 Dec 2026 05:61:02 GMT",
            "Sunday, 06-Dec-26 05:51:02 GMT",
            "Sun Dec  6 05:51:02 2026",
            "Sun, 06 Xyz 2026 05:51:02 GMT",
            "Sun, 06 Dec 12026 05:51:02 GMT",
            "Sun, 06 Dec 2026 05:51:02 GMT ",
            "Sun,  6 Dec 2026 05:51:02 GMT",
            "Sun, 06 Dec 2026 05:51:02 GMTX",
            "Sat, 01 Jan 0000 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT"
        }) {
            sameAsJdk(text);
        }
        assertThat(Timestamps.parseHttpDate("Sun, 06 Dec 2026 05:51:02 GMT"))
                .isEqualTo(Instant.parse("2026-12-06T05:51:02Z"));
        assertThat(Timestamps.parseHttpDate("Sun, 6 Dec 2026 05:51:02 GMT"))
                .isEqualTo(Instant.parse("2026-12-06T05:51:02Z"));
        assertThat(Timestamps.parseIso8601("2026-11-23T12:34:56.5Z"))
                .isEqualTo(Instant.parse("2026-11-23T12:34:56.5Z"));
    }

    @Test
    void the_usual_shapes_parse_without_java_time_format() {
        java.util.List<String> classes = dev.ststoken.testing.LoadedClasses.of(scratch, UsualShapes.class);
        assertThat(classes).contains(Timestamps.class.getName());
        dev.ststoken.testing.LoadedClasses.assertLight("parsing an Expiration and a Date header", classes);
    }

    /** The child JVM's work: what a cold get parses from STS's answer. */
    public static final class UsualShapes {
        public static void main(String[] args) {
            if (!Timestamps.parseIso8601("2026-11-23T12:34:56Z").equals(Instant.ofEpochSecond(1795437296L))
                    || Timestamps.parseIso8601("2026-11-23T12:34:56.789Z").getNano() != 789_000_000
                    || Timestamps.parseHttpDate("Sun, 06 Dec 2026 05:51:02 GMT").getEpochSecond() != 1796536262L
                    // the day as java.time prints it (our emulator's Date header)
                    || Timestamps.parseHttpDate("Sun, 6 Dec 2026 05:51:02 GMT").getEpochSecond() != 1796536262L) {
                throw new AssertionError("parsed wrong");
            }
        }
    }
}
