package dev.ststoken.ansible;

import java.util.List;

/** One module option: its canonical name, aliases, type and whether its value is a secret (no_log). */
record ParameterSpec(String name, List<String> aliases, String type, boolean noLog, Object defaultValue) {
    static ParameterSpec str(String name, boolean noLog, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "str", noLog, null);
    }

    static ParameterSpec bool(String name, boolean defaultValue, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "bool", false, defaultValue);
    }

    static ParameterSpec integer(String name, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "int", false, null);
    }
}
