package dev.ststoken.ansible;

import java.util.ArrayList;
import java.util.List;

/**
 * One module option as an Ansible argument spec states it: canonical name, aliases, type, whether
 * its value is a secret (no_log), its default and whether a task must give it.
 */
record ParameterSpec(
        String name, List<String> aliases, String type, boolean noLog, Object defaultValue, boolean required) {
    static ParameterSpec str(String name, boolean noLog, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "str", noLog, null, false);
    }

    static ParameterSpec requiredStr(String name, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "str", false, null, true);
    }

    static ParameterSpec bool(String name, boolean defaultValue, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "bool", false, defaultValue, false);
    }

    static ParameterSpec integer(String name, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "int", false, null, false);
    }

    static ParameterSpec dict(String name, String... aliases) {
        return new ParameterSpec(name, List.of(aliases), "dict", false, null, false);
    }

    /** Whether a task may write this option under {@code key}. */
    boolean answersTo(String key) {
        return name.equals(key) || aliases.contains(key);
    }

    /**
     * The same option under another canonical name, the old one becoming an alias: one module may keep
     * the names of the module it replaces while the alias set stays the collection's.
     */
    ParameterSpec canonicalAs(String newName) {
        if (newName.equals(name)) {
            return this;
        }
        if (!aliases.contains(newName)) {
            throw new IllegalArgumentException(newName + " is not an alias of " + name);
        }
        List<String> names = new ArrayList<>();
        names.add(name);
        for (String alias : aliases) {
            if (!alias.equals(newName)) {
                names.add(alias);
            }
        }
        return new ParameterSpec(newName, List.copyOf(names), type, noLog, defaultValue, required);
    }
}
