package dev.ststoken.cli;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.internal.ControlCharacters;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.output.SeedResult;
import dev.ststoken.session.SessionResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a session in each --output format, quoting each value for its consumer or refusing it. */
public final class CredentialsFormatter {

    private CredentialsFormatter() {}

    /**
     * @param region      added to the shell formats when the user configured one (not the us-east-1 fallback)
     * @param sectionName the ini section
     */
    static String format(
            OutputFormat format, SessionResult result, boolean resourceActions, String region, String sectionName)
            throws UsageException {
        SessionCredentials s = result.session();
        switch (format) {
            case JSON:
                return json(result, resourceActions);
            case AWS:
                return aws(s);
            case CREDENTIAL_PROCESS: {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("Version", 1L);
                map.put("AccessKeyId", s.accessKeyId());
                map.put("SecretAccessKey", s.secretAccessKey());
                map.put("SessionToken", s.sessionToken());
                map.put("Expiration", Timestamps.utcZ(s.expiration()));
                return Json.write(map) + "\n";
            }
            case INI:
                return "[" + iniSafe("the section name", sectionName) + "]\n"
                        + "aws_access_key_id = " + iniSafe("aws_access_key_id", s.accessKeyId()) + "\n"
                        + "aws_secret_access_key = " + iniSafe("aws_secret_access_key", s.secretAccessKey()) + "\n"
                        + "aws_session_token = " + iniSafe("aws_session_token", s.sessionToken()) + "\n"
                        + "# expires " + Timestamps.utcZ(s.expiration()) + "\n";
            default:
                return shell(format, variables(s, region));
        }
    }

    static String json(SessionResult result, boolean resourceActions) {
        return Json.write(SeedResult.of(result, resourceActions)) + "\n";
    }

    /** Indented like the AWS CLI's own JSON output, which users diff against. */
    static String aws(SessionCredentials s) {
        StringBuilder out = new StringBuilder("{\n    \"Credentials\": {\n");
        field(out, "AccessKeyId", s.accessKeyId(), true);
        field(out, "SecretAccessKey", s.secretAccessKey(), true);
        field(out, "SessionToken", s.sessionToken(), true);
        field(out, "Expiration", Timestamps.utcOffset(s.expiration()), false);
        return out.append("    }\n}\n").toString();
    }

    private static void field(StringBuilder out, String name, String value, boolean comma) {
        out.append("        ");
        Json.quote(out, name);
        out.append(": ");
        Json.quote(out, value);
        out.append(comma ? ",\n" : "\n");
    }

    /** The variables exec and the shell formats set, in a stable order. */
    static Map<String, String> variables(SessionCredentials s, String region) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("AWS_ACCESS_KEY_ID", s.accessKeyId());
        vars.put("AWS_SECRET_ACCESS_KEY", s.secretAccessKey());
        vars.put("AWS_SESSION_TOKEN", s.sessionToken());
        vars.put("AWS_SECURITY_TOKEN", s.sessionToken());
        vars.put("AWS_CREDENTIAL_EXPIRATION", Timestamps.utcZ(s.expiration()));
        if (region != null) {
            vars.put("AWS_REGION", region);
            vars.put("AWS_DEFAULT_REGION", region);
        }
        return vars;
    }

    /**
     * Each format is safe on its own, whatever the value (core validates what STS sends, this is the
     * second wall): a value is either quoted so that the format's consumer reads back exactly it, or
     * refused with a message that names the variable, never the value.
     */
    static String shell(OutputFormat format, Map<String, String> vars) throws UsageException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> var : vars.entrySet()) {
            String name = var.getKey();
            String value = var.getValue();
            if (ControlCharacters.in(value)) {
                throw refused(format, name, "a line break or another control character");
            }
            switch (format) {
                case ENV:
                    out.append("export ")
                            .append(name)
                            .append('=')
                            .append(posixQuote(value))
                            .append('\n');
                    break;
                case FISH:
                    out.append("set -gx ")
                            .append(name)
                            .append(' ')
                            .append(fishQuote(value))
                            .append(";\n");
                    break;
                case POWERSHELL:
                    out.append("$Env:")
                            .append(name)
                            .append(" = ")
                            .append(powershellQuote(value))
                            .append('\n');
                    break;
                case CMD:
                    out.append("set \"")
                            .append(name)
                            .append('=')
                            .append(cmdSafe(name, value))
                            .append("\"\r\n");
                    break;
                case DOTENV:
                    out.append(name)
                            .append('=')
                            .append(dotenvQuote(name, value))
                            .append('\n');
                    break;
                default:
                    throw new IllegalArgumentException(format.name());
            }
        }
        return out.toString();
    }

    private static UsageException refused(OutputFormat format, String name, String what) {
        return new UsageException(name + " holds " + what + ", which " + format.flag + " output cannot carry safely");
    }

    /** Single quotes: nothing inside is special except the quote itself, written as '\''. */
    static String posixQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** fish single quotes: backslash escapes only backslash and the quote. */
    static String fishQuote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * PowerShell single quotes end at any of five characters (' and U+2018, U+2019, U+201A, U+201B);
     * each is doubled inside, as PowerShell's own escaping does, so none can close the string.
     */
    static String powershellQuote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c);
            if (isPowershellSingleQuote(c)) {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    static boolean isPowershellSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b';
    }

    /**
     * cmd.exe has no quoting that holds in every mode: a {@code "} ends {@code set "N=V"} and lets
     * {@code &} or {@code |} start a command, {@code %} expands (and doubling it is right in a batch
     * file but wrong typed at the prompt), {@code !} and {@code ^} change meaning under delayed
     * expansion. Values holding any of them are refused; real keys and tokens never do.
     */
    static String cmdSafe(String name, String value) throws UsageException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '%' || c == '!' || c == '^' || c == '&' || c == '|' || c == '<' || c == '>') {
                throw refused(OutputFormat.CMD, name, "one of \" % ! ^ & | < >");
            }
        }
        return value;
    }

    /**
     * Single quotes are the form that bash ({@code set -a; . file}) and python-dotenv read most
     * alike: bash expands nothing inside. They still disagree on a backslash (python-dotenv
     * unescapes {@code \\} and {@code \'}, bash keeps both) and on {@code ${NAME}} (python-dotenv
     * expands it even there), so values holding a single quote, a backslash or a dollar are refused.
     */
    static String dotenvQuote(String name, String value) throws UsageException {
        if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0 || value.indexOf('$') >= 0) {
            throw refused(OutputFormat.DOTENV, name, "a single quote, a backslash or a dollar sign");
        }
        return "'" + value + "'";
    }

    /**
     * An ini value or section name ends at the line; a line break would start a new key or a
     * {@code [section]}, and a bracket or edge spaces would be read back differently.
     */
    static String iniSafe(String name, String value) throws UsageException {
        if (value.isEmpty()
                || ControlCharacters.in(value)
                || value.indexOf('[') >= 0
                || value.indexOf(']') >= 0
                || value.charAt(0) == ' '
                || value.charAt(value.length() - 1) == ' ') {
            throw refused(OutputFormat.INI, name, "a line break, a bracket or edge spaces");
        }
        return value;
    }
}
