package dev.ststoken.cli;

import java.util.Locale;

/** The formats of {@code get --output}, by their flag names (docs/reference.md shows each one's output). */
enum OutputFormat {
    JSON("json"),
    AWS("aws"),
    CREDENTIAL_PROCESS("credential-process"),
    ENV("env"),
    FISH("fish"),
    POWERSHELL("powershell"),
    CMD("cmd"),
    DOTENV("dotenv"),
    INI("ini");

    final String flag;

    OutputFormat(String flag) {
        this.flag = flag;
    }

    static OutputFormat parse(String value) throws UsageException {
        String v = value.toLowerCase(Locale.ROOT);
        for (OutputFormat format : values()) {
            if (format.flag.equals(v) || (format == CREDENTIAL_PROCESS && v.equals("credential_process"))) {
                return format;
            }
        }
        StringBuilder names = new StringBuilder();
        for (OutputFormat format : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(format.flag);
        }
        throw new UsageException("unknown output format '" + value + "': expected one of " + names);
    }
}
