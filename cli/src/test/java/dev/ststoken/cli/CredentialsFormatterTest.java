package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.session.SessionResult;
import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.SessionCredentials;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each shell format, fed to the real shell, gives back exactly the values, whatever they contain. */
class CredentialsFormatterTest {
    static final String NASTY_SECRET = "it's \"quoted\" $HOME `id` $(id) 100% \\back\\slash ; & | * ~ !x";
    static final String NASTY_TOKEN = "tok en%PATH%%'\"$1\\";
    static final SessionResult RESULT = new SessionResult(new SessionCredentials(
            new AwsCredentials("ASIAEXAMPLE", NASTY_SECRET, NASTY_TOKEN), Instant.parse("2026-11-23T12:34:56Z")), true,
            List.of("sts:GetSessionToken"));

    @TempDir
    Path tmp;

    static String format(OutputFormat format) throws UsageException {
        return CredentialsFormatter.format(format, RESULT, false, "eu-west-1", "sect");
    }

    String printedBy(List<String> command) {
        Processes.Result r = Processes.run(command, null, tmp, null, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    static final String EXPECTED = "ASIAEXAMPLE\n" + NASTY_SECRET + "\n" + NASTY_TOKEN + "\n" + NASTY_TOKEN
            + "\n2026-11-23T12:34:56Z\neu-west-1\neu-west-1\n";

    @Test
    void env_output_evaluated_by_sh_and_bash_gives_back_every_value() throws Exception {
        Path file = tmp.resolve("env.sh");
        Files.writeString(file, format(OutputFormat.ENV));
        String print = "eval \"$(cat " + file + ")\"; printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" "
                + "\"$AWS_SESSION_TOKEN\" \"$AWS_SECURITY_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"$AWS_REGION\" \"$AWS_DEFAULT_REGION\"";
        assertThat(printedBy(List.of("/bin/sh", "-c", print))).isEqualTo(EXPECTED);
        Path bash = Peers.which("bash");
        if (bash != null) {
            assertThat(printedBy(List.of(bash.toString(), "-c", print))).isEqualTo(EXPECTED);
        }
    }

    @Test
    void fish_output_sourced_by_fish_gives_back_every_value() throws Exception {
        Path fish = Peers.require("fish");
        Path file = tmp.resolve("env.fish");
        Files.writeString(file, format(OutputFormat.FISH));
        String print = "source " + file + "; printf '%s\\n' $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN "
                + "$AWS_SECURITY_TOKEN $AWS_CREDENTIAL_EXPIRATION $AWS_REGION $AWS_DEFAULT_REGION";
        assertThat(printedBy(List.of(fish.toString(), "--no-config", "-c", print))).isEqualTo(EXPECTED);
    }

    @Test
    void powershell_output_uses_single_quotes_with_doubled_quotes() throws Exception {
        String text = format(OutputFormat.POWERSHELL);
        assertThat(text).contains("$Env:AWS_SECRET_ACCESS_KEY = '" + NASTY_SECRET.replace("'", "''") + "'\n");
        assertThat(text).contains("$Env:AWS_REGION = 'eu-west-1'\n");
    }

    @Test
    void cmd_output_doubles_percent_signs_for_batch_files() throws Exception {
        String text = format(OutputFormat.CMD);
        assertThat(text).contains("set \"AWS_SESSION_TOKEN=tok en%%PATH%%%%'\"$1\\\"\r\n");
    }

    @Test
    void dotenv_output_escapes_quotes_backslashes_and_dollars() throws Exception {
        assertThat(format(OutputFormat.DOTENV)).contains("AWS_SESSION_TOKEN=\"tok en%PATH%%'\\\"\\$1\\\\\"\n");
    }

    @Test
    void ini_output_is_a_credentials_section() throws Exception {
        assertThat(format(OutputFormat.INI)).startsWith("[sect]\naws_access_key_id = ASIAEXAMPLE\n");
    }

    @Test
    void json_output_is_the_seeds_shape_with_plus_zero_offset() throws Exception {
        assertThat(CredentialsFormatter.format(OutputFormat.JSON, RESULT, true, null, "x"))
                .startsWith("{\"changed\": true, \"sts_creds\": {\"access_key\": \"ASIAEXAMPLE\"")
                .contains("\"expiration\": \"2026-11-23T12:34:56+00:00\"")
                .endsWith("\"resource_actions\": [\"sts:GetSessionToken\"]}\n");
    }

    @Test
    void values_with_line_breaks_are_refused_for_shells() {
        SessionResult broken = new SessionResult(new SessionCredentials(new AwsCredentials("ASIA", "a\nb", "t"),
                Instant.now()), true, List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CredentialsFormatter.format(OutputFormat.ENV, broken,
                false, null, "x")).isInstanceOf(UsageException.class).hasMessageNotContaining("a\nb");
    }
}
