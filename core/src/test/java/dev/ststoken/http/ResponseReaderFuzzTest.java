package dev.ststoken.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Whatever an endpoint sends, the reader ends in an answer within the limits or an {@link HttpFailure},
 * never another exception. A normal build replays the inputs beside this class (seeds for each
 * framing); JAZZER_FUZZ=1 fuzzes (CONTRIBUTING.md, "Fuzzing").
 */
class ResponseReaderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void response_reader(FuzzedDataProvider data) throws IOException {
        boolean headRequest = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            Response response = ResponseReader.read(new ByteArrayInputStream(bytes), 4096, headRequest);
            assertThat(response.status()).isBetween(200, 599);
            assertThat(response.body().length).isLessThanOrEqualTo(4096);
            assertThat(response.headers()).hasSizeLessThanOrEqualTo(ResponseReader.MAX_HEADERS);
        } catch (HttpFailure refused) {
            assertThat(refused.kind()).isNotNull();
        }
    }
}
