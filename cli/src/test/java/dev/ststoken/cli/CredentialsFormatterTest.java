package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.session.SessionResult;
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
    static final SessionResult RESULT = new SessionResult(
            new SessionCredentials(
                    new AwsCredentials("ASIAEXAMPLE", NASTY_SECRET, NASTY_TOKEN),
                    Instant.parse("2026-11-23T12:34:56Z")),
            true,
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
        String print =
                "source " + file + "; printf '%s\\n' $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN "
                        + "$AWS_SECURITY_TOKEN $AWS_CREDENTIAL_EXPIRATION $AWS_REGION $AWS_DEFAULT_REGION";
        assertThat(printedBy(List.of(fish.toString(), "--no-config", "-c", print)))
                .isEqualTo(EXPECTED);
    }

    @Test
    void powershell_output_uses_single_quotes_with_doubled_quotes() throws Exception {
        String text = format(OutputFormat.POWERSHELL);
        assertThat(text).contains("$Env:AWS_SECRET_ACCESS_KEY = '" + NASTY_SECRET.replace("'", "''") + "'\n");
        assertThat(text).contains("$Env:AWS_REGION = 'eu-west-1'\n");
    }

    @Test
    void cmd_output_refuses_a_value_with_a_percent_sign_rather_than_guess_batch_or_prompt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> format(OutputFormat.CMD))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                .hasMessageNotContaining(NASTY_SECRET);
    }

    @Test
    void dotenv_output_refuses_values_that_bash_and_python_dotenv_would_read_differently() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> format(OutputFormat.DOTENV))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("a single quote, a backslash or a dollar sign")
                .hasMessageNotContaining(NASTY_SECRET);
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
        SessionResult broken = new SessionResult(
                new SessionCredentials(new AwsCredentials("ASIA", "a\nb", "t"), Instant.now()), true, List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CredentialsFormatter.format(OutputFormat.ENV, broken, false, null, "x"))
                .isInstanceOf(UsageException.class)
                .hasMessageNotContaining("a\nb");
    }

    // ---- A hostile value, through each format, into the program that reads that format ----

    /** What an endpoint (or anyone upstream of a formatter) could try; a file named PWNED must never appear. */
    static final List<String> HOSTILE = List.of(
            "'; touch PWNED; '",
            "$(touch PWNED)",
            "`touch PWNED`",
            "${HOME}$HOME",
            "a\\'b",
            "a\\",
            "\"\\\"",
            "x\" & touch PWNED & \"",
            "%PATH%!PATH!^&|<>",
            "\u2018; touch PWNED; \u2019\u201a\u201b'",
            "#not-a-comment",
            " edge spaces ",
            "a=b;c",
            "[default]",
            "caf\u00e9\u4e2d",
            "line\nbreak",
            "cr\rlf",
            "esc\u001b]0;t\u0007",
            "nul\u0000x",
            "sep\u2028x",
            "del\u007fx",
            "c1\u009bx");

    interface Consumer {
        String readBack(Path file) throws Exception;
    }

    /** Formats one hostile value, hands the text to its consumer, and wants it back exactly or refused. */
    void assertExactOrRefused(OutputFormat format, Consumer consumer) throws Exception {
        int exact = 0;
        for (String value : HOSTILE) {
            String text;
            try {
                text = CredentialsFormatter.shell(format, java.util.Map.of("AWS_SECRET_ACCESS_KEY", value));
            } catch (UsageException refused) {
                assertThat(refused.getMessage())
                        .contains("AWS_SECRET_ACCESS_KEY")
                        .doesNotContain(value);
                continue;
            }
            Path file = tmp.resolve("out." + format.flag);
            Files.writeString(file, text);
            assertThat(consumer.readBack(file)).as(format + " of " + value).isEqualTo(value);
            assertThat(tmp.resolve("PWNED")).as(format + " of " + value).doesNotExist();
            exact++;
        }
        assertThat(exact).as("values that made it through " + format).isPositive();
    }

    String stdoutOf(List<String> command) {
        Processes.Result r = Processes.run(
                command,
                java.util.Map.of(
                        "PATH",
                        System.getenv("PATH"),
                        "HOME",
                        tmp.toString(),
                        "LC_ALL",
                        "C.UTF-8",
                        "PYTHONIOENCODING",
                        "utf-8"),
                tmp,
                null,
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    @Test
    void env_output_of_hostile_values_is_read_back_exactly_by_sh_and_bash_or_refused() throws Exception {
        for (String shell : List.of("/bin/sh", Peers.require("bash").toString())) {
            assertExactOrRefused(
                    OutputFormat.ENV,
                    file -> stdoutOf(List.of(
                            shell, "-c", ". \"$1\"; printf '%s' \"$AWS_SECRET_ACCESS_KEY\"", "sh", file.toString())));
        }
    }

    @Test
    void fish_output_of_hostile_values_is_read_back_exactly_by_fish_or_refused() throws Exception {
        Path fish = Peers.require("fish");
        assertExactOrRefused(
                OutputFormat.FISH,
                file -> stdoutOf(List.of(
                        fish.toString(),
                        "--no-config",
                        "-c",
                        "source $argv[1]; printf '%s' $AWS_SECRET_ACCESS_KEY",
                        file.toString())));
    }

    @Test
    void dotenv_output_of_hostile_values_is_read_back_exactly_by_bash_with_set_a_or_refused() throws Exception {
        Path bash = Peers.require("bash");
        assertExactOrRefused(
                OutputFormat.DOTENV,
                file -> stdoutOf(List.of(
                        bash.toString(),
                        "-c",
                        "set -a; . \"$1\"; set +a; printf '%s' \"$AWS_SECRET_ACCESS_KEY\"",
                        "bash",
                        file.toString())));
    }

    @Test
    void dotenv_output_of_hostile_values_is_read_back_exactly_by_python_dotenv_or_refused() throws Exception {
        Path python = Peers.requirePython("dotenv");
        assertExactOrRefused(
                OutputFormat.DOTENV,
                file -> stdoutOf(List.of(
                        python.toString(),
                        "-c",
                        "import sys, dotenv; sys.stdout.write(dotenv.dotenv_values(sys.argv[1])['AWS_SECRET_ACCESS_KEY'])",
                        file.toString())));
    }

    @Test
    void ini_output_of_hostile_values_is_read_back_exactly_by_configparser_or_refused() throws Exception {
        Path python = Peers.require("python3");
        for (String value : HOSTILE) {
            SessionResult result = new SessionResult(
                    new SessionCredentials(
                            new AwsCredentials("ASIAEXAMPLE", value, "token"), Instant.parse("2026-11-23T12:34:56Z")),
                    true,
                    List.of());
            String text;
            try {
                text = CredentialsFormatter.format(OutputFormat.INI, result, false, null, "sect");
            } catch (UsageException refused) {
                assertThat(refused.getMessage())
                        .contains("aws_secret_access_key")
                        .doesNotContain(value);
                continue;
            }
            Path file = tmp.resolve("out.ini");
            Files.writeString(file, text);
            // botocore reads the shared credentials file with configparser.RawConfigParser.
            String read = stdoutOf(List.of(
                    python.toString(),
                    "-c",
                    "import sys, configparser\n"
                            + "p = configparser.RawConfigParser(); p.read(sys.argv[1], encoding='utf-8')\n"
                            + "sys.stdout.write(repr(p.sections()) + '|' + p.get('sect', 'aws_secret_access_key'))",
                    file.toString()));
            assertThat(read).as("ini of " + value).isEqualTo("['sect']|" + value);
        }
    }

    @Test
    void ini_output_refuses_a_section_name_that_would_open_another_section() {
        for (String name : List.of("a]\n[default", "x\ny", "a[b")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> CredentialsFormatter.format(OutputFormat.INI, RESULT, false, null, name))
                    .isInstanceOf(UsageException.class);
        }
    }

    /**
     * pwsh is not installable here, so its tokenizer's rule for single-quoted strings is applied by
     * hand: the string ends at the first of ' U+2018 U+2019 U+201A U+201B not followed by another
     * of them; a pair stands for its first character. With pwsh on PATH, pwsh itself reads it back.
     */
    @Test
    void powershell_output_of_hostile_values_cannot_end_its_single_quoted_string_early() throws Exception {
        Path pwsh = Peers.which("pwsh");
        assertExactOrRefused(OutputFormat.POWERSHELL, file -> {
            if (pwsh != null) {
                return stdoutOf(List.of(
                        pwsh.toString(),
                        "-NoProfile",
                        "-Command",
                        ". '" + file + "'; [Console]::Out.Write($Env:AWS_SECRET_ACCESS_KEY)"));
            }
            String line = Files.readString(file);
            String prefix = "$Env:AWS_SECRET_ACCESS_KEY = ";
            assertThat(line).startsWith(prefix + "'").endsWith("\n");
            String literal = line.substring(prefix.length(), line.length() - 1);
            StringBuilder value = new StringBuilder();
            int i = 1;
            while (true) {
                char c = literal.charAt(i);
                if (isPowershellQuote(c)) {
                    if (i + 1 < literal.length() && isPowershellQuote(literal.charAt(i + 1))) {
                        value.append(c);
                        i += 2;
                        continue;
                    }
                    assertThat(i).as("the string ends at the end of the line").isEqualTo(literal.length() - 1);
                    return value.toString();
                }
                value.append(c);
                i++;
            }
        });
    }

    /** PowerShell's single-quote characters, written out here so the test does not borrow the code's own list. */
    static boolean isPowershellQuote(char c) {
        return "'\u2018\u2019\u201a\u201b".indexOf(c) >= 0;
    }

    /**
     * cmd.exe is not installable here; inside {@code set "N=V"} only {@code "} (which ends the
     * quotes), {@code %} and, under delayed expansion, {@code !} and {@code ^} are special, so the
     * check is that none of them (nor a command separator) is ever emitted and the rest is verbatim.
     */
    @Test
    void cmd_output_of_hostile_values_never_carries_a_character_cmd_would_act_on() throws Exception {
        assertExactOrRefused(OutputFormat.CMD, file -> {
            String line = Files.readString(file);
            assertThat(line).startsWith("set \"AWS_SECRET_ACCESS_KEY=").endsWith("\"\r\n");
            String value = line.substring("set \"AWS_SECRET_ACCESS_KEY=".length(), line.length() - 3);
            assertThat(value).doesNotContain("\"", "%", "!", "^", "&", "|", "<", ">");
            return value;
        });
    }
}
