package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PNG decodes, with an independent reader (zbarimg), to exactly the text encoded. */
class QrCodeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 20, 100, 150, 300, 600})
    void zbarimg_reads_back_the_encoded_text(int length) throws Exception {
        Path zbarimg = Peers.require("zbarimg");
        StringBuilder text = new StringBuilder("otpauth://totp/demo%40123456789012?secret=");
        while (text.length() < length) {
            text.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        }
        String expected = text.substring(0, Math.max(length, 1));
        Path png = dir.resolve("qr.png");
        Files.write(png, new QrCode.Renderer().png(expected));
        Processes.Result r = Processes.run(
                List.of(zbarimg.toString(), "--raw", "-q", png.toString()), null, null, null, Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(expected);
    }

    @Test
    void versions_grow_with_the_text() {
        assertThat(QrCode.encode(new byte[10]).version).isEqualTo(1);
        // Level M byte capacity of version 6 is 106 bytes (ISO/IEC 18004 table 7).
        assertThat(QrCode.encode(new byte[106]).version).isEqualTo(6);
        assertThat(QrCode.encode(new byte[107]).version).isEqualTo(7);
        assertThat(QrCode.encode(new byte[107]).size).isEqualTo(45);
    }
}
