package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
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
    }
}
