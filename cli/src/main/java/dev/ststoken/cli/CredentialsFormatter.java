package dev.ststoken.cli;

import dev.ststoken.output.SeedResult;
import dev.ststoken.internal.Json;
import dev.ststoken.session.SessionResult;
import dev.ststoken.sts.SessionCredentials;
import dev.ststoken.internal.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a session in each --output format, quoting values safely for each shell. */
public final class CredentialsFormatter {

    private CredentialsFormatter() {}

    /**
     * @param region      added to the shell formats when the user configured one (not the us-east-1 fallback)
     * @param sectionName the ini section
     */
    static String format(OutputFormat format, SessionResult result, boolean resourceActions, String region,
                         String sectionName) throws UsageException {
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
                return "[" + sectionName + "]\n"
                        + "aws_access_key_id = " + s.accessKeyId() + "\n"
                        + "aws_secret_access_key = " + s.secretAccessKey() + "\n"
                        + "aws_session_token = " + s.sessionToken() + "\n"
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

    static String shell(OutputFormat format, Map<String, String> vars) throws UsageException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> var : vars.entrySet()) {
            String name = var.getKey();
            String value = var.getValue();
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new UsageException(name + " holds a line break, which " + format.flag + " output cannot carry safely");
            }
            switch (format) {
                case ENV:
                    out.append("export ").append(name).append('=').append(posixQuote(value)).append('\n');
                    break;
                case FISH:
                    out.append("set -gx ").append(name).append(' ').append(fishQuote(value)).append(";\n");
                    break;
                case POWERSHELL:
                    out.append("$Env:").append(name).append(" = '").append(value.replace("'", "''")).append("'\n");
                    break;
                case CMD:
                    // For batch files: inside set "N=V" only % is special (doubled); quotes and & | < > are literal.
                    out.append("set \"").append(name).append('=').append(value.replace("%", "%%")).append("\"\r\n");
                    break;
                case DOTENV:
                    out.append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")
                            .replace("$", "\\$")).append("\"\n");
                    break;
                default:
                    throw new IllegalArgumentException(format.name());
            }
        }
        return out.toString();
    }

    /** Single quotes: nothing inside is special except the quote itself, written as '\''. */
    static String posixQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** fish single quotes: backslash escapes only backslash and the quote. */
    static String fishQuote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }


}
