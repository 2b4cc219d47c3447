package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.session.SessionResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md is rendered from the code: the top-level help, each command's --help, the option
 * table (with the commands that take each option), every output format as it prints a fixed example
 * session, and the exit codes by their constants. The prose around them is the template
 * reference.md.template beside this class. The test fails when the committed page differs, so a new
 * option, a reworded help text or a renumbered exit code cannot leave the reference behind.
 */
class ReferenceDocTest {
    static final String TEMPLATE = "reference.md.template";
    static final String UPDATE = "reference.update";
    static final String REGENERATE = "./mvnw -o -q -B -pl cli -am test -Dtest=ReferenceDocTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true";

    /** Every command and subcommand with its options, in the order the reference lists them. */
    static final Map<String, List<Option>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("get", GetCommand.OPTIONS);
        COMMANDS.put("exec", ExecCommand.OPTIONS);
        COMMANDS.put("whoami", WhoamiCommand.OPTIONS);
        COMMANDS.put("login", LoginCommand.OPTIONS);
        COMMANDS.put("serve-credentials", ServeCredentialsCommand.OPTIONS);
        COMMANDS.put("cache list", CacheCommand.LIST_OPTIONS);
        COMMANDS.put("cache clear", CacheCommand.CLEAR_OPTIONS);
        COMMANDS.put("keys add", KeysCommand.ADD_OPTIONS);
        COMMANDS.put("keys import", KeysCommand.IMPORT_OPTIONS);
        COMMANDS.put("keys list", KeysCommand.LIST_OPTIONS);
        COMMANDS.put("keys remove", KeysCommand.REMOVE_OPTIONS);
        COMMANDS.put("keys rotate", KeysCommand.ROTATE_OPTIONS);
        COMMANDS.put("keys credential-process", KeysCommand.PROCESS_OPTIONS);
        COMMANDS.put("mfa enroll", MfaCommand.ENROLL_OPTIONS);
        COMMANDS.put("mfa list", MfaCommand.LIST_OPTIONS);
        COMMANDS.put("mfa remove", MfaCommand.REMOVE_OPTIONS);
        COMMANDS.put("shell-init", ShellInitCommand.OPTIONS);
        COMMANDS.put("serve", ServeCommand.OPTIONS);
        COMMANDS.put("sso-admin add-user", SsoAdminCommand.ADD_USER_OPTIONS);
        COMMANDS.put("sso-admin put-permission-set", SsoAdminCommand.PUT_SET_OPTIONS);
        COMMANDS.put("sso-admin assign", SsoAdminCommand.ASSIGN_OPTIONS);
        COMMANDS.put("sso-admin list", SsoAdminCommand.LIST_OPTIONS);
    }

    /** Each command's --help, by the name the template asks for it with. */
    static Map<String, String> helps() {
        Map<String, String> helps = new LinkedHashMap<>();
        helps.put("main", Help.MAIN);
        helps.put("get", GetCommand.help());
        helps.put("exec", ExecCommand.help());
        helps.put("whoami", WhoamiCommand.help());
        helps.put("login", LoginCommand.help());
        helps.put("serve-credentials", ServeCredentialsCommand.help());
        helps.put("cache", CacheCommand.help());
        helps.put("keys", KeysCommand.help());
        helps.put("mfa", MfaCommand.help());
        helps.put("shell-init", ShellInitCommand.help());
        helps.put("serve", ServeCommand.help());
        helps.put("sso-admin", SsoAdminCommand.help());
        return helps;
    }

    /** AWS's documentation example values: real-looking, and no format has to refuse them. */
    static final SessionResult EXAMPLE = new SessionResult(
            new SessionCredentials(
                    new AwsCredentials(
                            "ASIAIOSFODNN7EXAMPLE",
                            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                            "IQoJb3JpZ2luX2VjEXAMPLETOKEN"),
                    Instant.parse("2026-11-24T02:03:00Z")),
            true,
            List.of("sts:GetSessionToken"));

    static String options() {
        StringBuilder table = new StringBuilder("| option | value | taken by | meaning |\n|---|---|---|---|\n");
        for (Option option : Option.values()) {
            List<String> commands = new ArrayList<>();
            for (Map.Entry<String, List<Option>> command : COMMANDS.entrySet()) {
                if (command.getValue().contains(option)) {
                    commands.add(command.getKey());
                }
            }
            assertThat(commands).as("commands taking " + option).isNotEmpty();
            table.append("| ")
                    .append(String.join(
                            ", ", option.names.stream().map(n -> "`" + n + "`").toList()))
                    .append(" | ")
                    .append(value(option))
                    .append(" | ")
                    .append(commands.size() == COMMANDS.size() ? "every command" : String.join(", ", commands))
                    .append(" | ")
                    .append(cell(option.help))
                    .append(" |\n");
        }
        return table.toString();
    }

    static String value(Option option) {
        if (!option.takesValue()) {
            return "";
        }
        String range = option.value.kind().equals("integer")
                ? " (" + option.value.min() + ".." + option.value.max() + ")"
                : option.value.kind().equals("mfa-code") ? " (six digits)" : "";
        return "`" + option.valueName + "`" + range;
    }

    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    static String outputs() throws UsageException {
        StringBuilder text = new StringBuilder();
        for (OutputFormat format : OutputFormat.values()) {
            text.append("`-o ")
                    .append(format.flag)
                    .append("`:\n\n```")
                    .append(fence(format))
                    .append('\n')
                    .append(CredentialsFormatter.format(format, EXAMPLE, false, "eu-west-1", "me-session"))
                    .append("```\n\n");
        }
        return text.toString().stripTrailing() + "\n";
    }

    static String fence(OutputFormat format) {
        return switch (format) {
            case JSON, AWS, CREDENTIAL_PROCESS -> "json";
            case ENV, DOTENV -> "sh";
            case FISH -> "fish";
            case POWERSHELL -> "powershell";
            case CMD -> "bat";
            case INI -> "ini";
        };
    }

    static String exitCodes() {
        return "| code | meaning |\n|---|---|\n"
                + "| " + ExitCode.OK + " | success |\n"
                + "| " + ExitCode.REFUSED + " | STS or IAM refused the request (AccessDenied, ValidationError,"
                + " InvalidClientTokenId, SignatureDoesNotMatch, ExpiredToken, throttling after retries, …) |\n"
                + "| " + ExitCode.USAGE + " | usage error or invalid input, found before any network call |\n"
                + "| " + ExitCode.UNREACHABLE + " | the endpoint could not be reached or trusted, or answered something"
                + " that is not STS |\n"
                + "| " + ExitCode.INTERNAL
                + " | internal error (a bug); `STS_SESSION_TOKEN_DEBUG=1` adds a stack trace |\n";
    }

    /** The page: the template with each {{placeholder}} replaced by what the code says. */
    static String render() throws IOException, UsageException {
        String template;
        try (InputStream in = ReferenceDocTest.class.getResourceAsStream(TEMPLATE)) {
            assertThat(in).as(TEMPLATE + " on the test class path").isNotNull();
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> values = new LinkedHashMap<>();
        helps().forEach((name, help) -> values.put("help:" + name, help.stripTrailing() + "\n"));
        values.put("options", options());
        values.put("outputs", outputs());
        values.put("exit-codes", exitCodes());
        values.put("regenerate", REGENERATE);
        Matcher m = Pattern.compile("\\{\\{([a-z:-]+)}}").matcher(template);
        StringBuilder page = new StringBuilder();
        List<String> used = new ArrayList<>();
        while (m.find()) {
            String value = values.get(m.group(1));
            assertThat(value).as("template placeholder {{" + m.group(1) + "}}").isNotNull();
            used.add(m.group(1));
            m.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        m.appendTail(page);
        assertThat(used)
                .as("every help text and table appears in the reference")
                .containsAll(values.keySet());
        return page.toString();
    }

    static Path page() {
        // Surefire runs in the module's directory; the repository is its parent.
        Path repo = Path.of("").toAbsolutePath().getParent();
        assertThat(repo.resolve("cli/src/test/resources/dev/ststoken/cli/" + TEMPLATE))
                .exists();
        return repo.resolve("docs/reference.md");
    }

    @Test
    void docs_reference_md_is_what_the_option_table_and_the_help_texts_say() throws Exception {
        String expected = render();
        Path page = page();
        String actual = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        if (actual.equals(expected)) {
            return;
        }
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(page, expected, StandardCharsets.UTF_8);
            return;
        }
        fail("docs/reference.md differs from what the CLI's option table, --help texts and "
                + "cli/src/test/resources/dev/ststoken/cli/" + TEMPLATE + " render; edit those (not the page) "
                + "and regenerate it with:\n  " + REGENERATE);
    }
}
