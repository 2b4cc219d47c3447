package dev.ststoken.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A module's options and what Ansible's argument-spec validation does with a task's arguments:
 * aliases to canonical names, required options, type coercion, defaults, and the error for options
 * the module does not have, each with Ansible's wording and in its order (required, then types, then
 * unsupported). Shared by every module of the collection.
 */
record ArgumentSpec(String module, List<ParameterSpec> options) {
    static final String NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER";

    ArgumentSpec {
        options = List.copyOf(options);
    }

    /**
     * The task's arguments under canonical names, coerced, with defaults. Internal {@code _ansible_*}
     * keys are accepted and ignored. Every no_log value seen, even one that fails, is added to
     * {@code secrets} so a failure never shows it.
     */
    Map<String, Object> normalise(Map<String, Object> raw, Set<String> secrets) throws ModuleFailure {
        Map<String, Object> given = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("_ansible_")) {
                continue;
            }
            ParameterSpec spec = lookup(key);
            if (spec == null) {
                unknown.add(key);
                continue;
            }
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            if (spec.noLog() && value instanceof String) {
                secrets.add((String) value);
            }
            // The canonical name wins over an alias given alongside it.
            if (key.equals(spec.name()) || !given.containsKey(spec.name())) {
                given.put(spec.name(), value);
            }
        }
        checkRequired(given);
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            ParameterSpec spec = lookup(entry.getKey());
            try {
                params.put(spec.name(), coerce(spec, entry.getValue()));
            } catch (AnsibleTypes.TypeError e) {
                throw new ModuleFailure(e.getMessage());
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new ModuleFailure("Unsupported parameters for (" + module + ") module: " + String.join(", ", unknown)
                    + ". Supported parameters include: " + String.join(", ", supportedNames()) + ".");
        }
        for (ParameterSpec spec : options) {
            if (!params.containsKey(spec.name()) && spec.defaultValue() != null) {
                params.put(spec.name(), spec.defaultValue());
            }
        }
        return params;
    }

    /** What Python modules report as invocation.module_args: every option, no_log values replaced. */
    Map<String, Object> moduleArgs(Map<String, Object> params) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ParameterSpec spec : options) {
            Object value = params.get(spec.name());
            args.put(spec.name(), spec.noLog() && value != null ? NO_LOG_PLACEHOLDER : value);
        }
        return args;
    }

    private void checkRequired(Map<String, Object> given) throws ModuleFailure {
        Set<String> missing = new TreeSet<>();
        for (ParameterSpec spec : options) {
            if (spec.required() && !given.containsKey(spec.name())) {
                missing.add(spec.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new ModuleFailure("missing required arguments: " + String.join(", ", missing));
        }
    }

    private Set<String> supportedNames() {
        Set<String> supported = new TreeSet<>();
        for (ParameterSpec spec : options) {
            supported.add(spec.name());
            supported.addAll(spec.aliases());
        }
        return supported;
    }

    private ParameterSpec lookup(String key) {
        for (ParameterSpec spec : options) {
            if (spec.answersTo(key)) {
                return spec;
            }
        }
        return null;
    }

    /** Ansible names the option by its canonical name in a type error, whichever alias the task used. */
    private static Object coerce(ParameterSpec spec, Object value) throws AnsibleTypes.TypeError {
        String key = spec.name();
        switch (spec.type()) {
            case "bool":
                return AnsibleTypes.toBool(key, value);
            case "int":
                return AnsibleTypes.toInt(key, value);
            case "dict":
                return AnsibleTypes.toDict(key, value);
            default:
                return AnsibleTypes.toStr(key, value);
        }
    }
}
