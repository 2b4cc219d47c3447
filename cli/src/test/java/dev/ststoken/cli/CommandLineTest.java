package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    static CommandLine get(String... args) throws UsageException {
        return CommandLine.parse("get", GetCommand.OPTIONS, false, List.of(args));
    }

    @Test
    void values_come_inline_or_as_the_next_argument_and_aliases_name_the_same_option() throws Exception {
        CommandLine line = get(
                "--duration-seconds=3600", "--serial-number", "GAHT12345678", "--token-code", "123 456", "-o", "ENV");
        assertThat(line.integer(Option.DURATION)).isEqualTo(3600);
        assertThat(line.text(Option.MFA_SERIAL)).isEqualTo("GAHT12345678");
        assertThat(line.text(Option.MFA_TOKEN)).isEqualTo("123456");
        assertThat(line.text(Option.OUTPUT)).isEqualTo("env");
    }

    @Test
    void values_are_checked_against_the_table_as_they_are_parsed() {
        assertThatThrownBy(() -> get("--min-ttl", "-1"))
                .hasMessage("invalid --min-ttl '-1': expected a number from 0 to 129600");
        assertThatThrownBy(() -> get("--region", "")).hasMessage("option --region needs a non-empty value");
        assertThatThrownBy(() -> get("--region")).hasMessage("option --region needs a value");
        assertThatThrownBy(() -> get("--local=yes")).hasMessage("option --local takes no value");
        assertThatThrownBy(() -> get("--mfa-token", "12345")).hasMessageContaining("six digits");
    }

    @Test
    void an_option_of_another_command_is_named_as_such_not_as_a_typo() {
        assertThatThrownBy(() -> CommandLine.parse("whoami", WhoamiCommand.OPTIONS, false, List.of("-o", "env")))
                .hasMessage("whoami does not take -o (see sts-session-token whoami --help)");
        assertThatThrownBy(() -> get("--bogus"))
                .hasMessage("unknown option --bogus (see sts-session-token get --help)");
        assertThatThrownBy(() -> get("extra")).hasMessage("unexpected argument 'extra'");
    }

    @Test
    void secrets_are_refused_as_flags_by_name() {
        assertThatThrownBy(() -> get("--secret-access-key=x")).hasMessageContaining("secrets on the command line");
    }

    @Test
    void exec_takes_the_command_after_double_dash_and_needs_one() throws Exception {
        CommandLine line =
                CommandLine.parse("exec", ExecCommand.OPTIONS, true, List.of("--local", "--", "aws", "--profile", "x"));
        assertThat(line.command()).containsExactly("aws", "--profile", "x");
        assertThatThrownBy(() -> CommandLine.parse("exec", ExecCommand.OPTIONS, true, List.of("--local")))
                .hasMessageContaining("exec needs a command after --");
        assertThatThrownBy(() -> get("--", "x")).hasMessageContaining("only exec runs a command");
    }

    @Test
    void usage_is_made_from_the_table_with_short_forms_first_and_aliases_listed() {
        String usage = CommandLine.usage("sts-session-token get [options]", "Gets a session.", GetCommand.OPTIONS, "");
        assertThat(usage)
                .contains("  -o, --output FORMAT")
                .contains("also --serial-number")
                .contains("Exit codes");
        for (Option option : GetCommand.OPTIONS) {
            assertThat(usage).contains(option.primary());
        }
    }
}
