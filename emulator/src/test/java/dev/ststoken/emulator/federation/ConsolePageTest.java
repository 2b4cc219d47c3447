package dev.ststoken.emulator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The console stand-in's page: what it shows is escaped, and it loads nothing. */
class ConsolePageTest {
    @Test
    void the_page_escapes_the_principal_and_has_no_script_or_asset() {
        Response response = ConsolePage.page(
                "arn:aws:sts::123456789012:assumed-role/x/<img src=x onerror=alert(1)>\"'&", Instant.EPOCH);
        String html = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).isEqualTo(200);
        assertThat(html)
                .contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;")
                .contains("<dd id=\"account\">123456789012</dd>")
                .doesNotContain("<img")
                .doesNotContain("<script")
                .doesNotContain("<link");
        assertThat(response.header("Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void without_a_signed_in_principal_it_is_401_and_says_how_to_sign_in() {
        Response response = ConsolePage.page(null, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("Not signed in");
    }
}
