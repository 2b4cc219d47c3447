package dev.ststoken.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code __manpage}: the roff page the release build installs, made from the {@link Commands} table. */
final class ManPage {
    private ManPage() {}

    /** The man page, roff (man(7)), from the same table; no date, so a build is reproducible. */
    static String render(String version) {
        StringBuilder s = new StringBuilder();
        s.append(".TH STS\\-SESSION\\-TOKEN 1 \"\" \"")
                .append(roff(Cli.NAME + " " + version))
                .append("\" \"User Commands\"\n");
        s.append(".SH NAME\n")
                .append(roff(Cli.NAME))
                .append(" \\- temporary AWS credentials (STS GetSessionToken, usually with an MFA code)\n");
        s.append(".SH SYNOPSIS\n.B ").append(roff(Cli.NAME)).append("\n.I COMMAND\n.RI [ options ]\n");
        s.append(".SH DESCRIPTION\n")
                .append(roff(Cli.NAME))
                .append(" gets temporary AWS credentials with STS GetSessionToken (or AssumeRole), asking for an MFA"
                        + " code when the profile has a device, caches them privately and prints them in the format"
                        + " a tool needs. Try first:\n.PP\n.RS\n.B ")
                .append(roff(Cli.NAME + " get --local"))
                .append("\n.RE\n.PP\nwhich uses the embedded emulator and its demo user instead of AWS."
                        + " Each command's full help: \n.BR \"")
                .append(roff(Cli.NAME))
                .append(" COMMAND \\-\\-help\" .\n");
        s.append(".SH Commands.ALL\n");
        for (Commands.Command command : Commands.ALL) {
            s.append(".SS \"")
                    .append(roff(command.name() + " " + command.arguments()).strip())
                    .append("\"\n");
            s.append(roff(sentence(command.summary()))).append('\n');
            for (Option option : command.options()) {
                s.append(".TP\n");
                List<String> shown = new ArrayList<>();
                for (String name : option.names) {
                    shown.add("\\fB" + roff(name) + "\\fR"
                            + (option.valueName == null ? "" : " \\fI" + roff(option.valueName) + "\\fR"));
                }
                s.append(String.join(", ", shown))
                        .append('\n')
                        .append(roff(option.help))
                        .append('\n');
            }
            if (command.name().equals("completions")) {
                s.append(".PP\nThe package installs them; ")
                        .append(roff(Cli.NAME + " completions --help"))
                        .append(" says where to put them otherwise.\n");
            }
        }
        s.append(".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nSTS or IAM refused the request\n.TP\n2\nusage error or"
                + " invalid input\n.TP\n3\nendpoint unreachable, untrusted or not STS\n.TP\n4\ninternal error\n.PP\n"
                + "exec exits with its command's exit code (127 when the command is not found).\n");
        s.append(".SH ENVIRONMENT\n.TP\n.B AWS_PROFILE\nthe profile (as \\fB\\-\\-profile\\fR)\n.TP\n"
                + ".B AWS_CONFIG_FILE\\fR, \\fBAWS_SHARED_CREDENTIALS_FILE\nthe shared config and credentials files\n"
                + ".TP\n.B AWS_REGION\\fR, \\fBAWS_ENDPOINT_URL_STS\nthe region and the STS endpoint\n.TP\n"
                + ".B STS_SESSION_TOKEN_DEBUG\n1: a stack trace for internal errors\n");
        s.append(".SH FILES\n.TP\n.I ~/.aws/config\\fR, \\fI~/.aws/credentials\nprofiles (mfa_serial, role_arn,"
                + " duration_seconds, ...)\n.TP\n.I ~/.cache/sts\\-session\\-token/\ncached sessions (0600 files in"
                + " 0700 directories)\n.TP\n.I ~/.local/share/sts\\-session\\-token/emulator/\nthe local emulator's"
                + " state\n");
        s.append(".SH SEE ALSO\n.BR aws (1)\n");
        return s.toString();
    }

    private static String sentence(String summary) {
        return Character.toUpperCase(summary.charAt(0)) + summary.substring(1) + ".";
    }

    /** Text for roff: backslashes and hyphens escaped, no line starting with a control character. */
    static String roff(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
