package dev.ststoken.ansible;

import dev.ststoken.internal.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Ansible's argument-spec type coercion (module_utils/common/validation.py), for the types this module uses. */
final class AnsibleTypes {
    private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
    private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");

    private AnsibleTypes() {}

    /** Thrown with Ansible's wording, e.g. "argument 'duration_seconds' is of type <class 'str'> and we were unable to convert to int". */
    static final class TypeError extends Exception {
        private static final long serialVersionUID = 1L;

        TypeError(String message) {
            super(message, null, false, false);
        }
    }

    static String pythonType(Object value) {
        if (value instanceof String) return "<class 'str'>";
        if (value instanceof Boolean) return "<class 'bool'>";
        if (value instanceof Long) return "<class 'int'>";
        if (value instanceof Double) return "<class 'float'>";
        if (value instanceof java.util.List) return "<class 'list'>";
        if (value instanceof java.util.Map) return "<class 'dict'>";
        return "<class 'NoneType'>";
    }

    static String toStr(String name, Object value) throws TypeError {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? "True" : "False"; // Python's str(True)
        }
        if (value instanceof Long || value instanceof Double) {
            return value.toString();
        }
        throw new TypeError(
                "argument '" + name + "' is of type " + pythonType(value) + " and we were unable to convert to str");
    }

    static boolean toBool(String name, Object value) throws TypeError {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = value instanceof Long
                ? value.toString()
                : value instanceof String
                        ? ((String) value).toLowerCase(Locale.ROOT).strip()
                        : null;
        if (text != null && TRUE.contains(text)) {
            return true;
        }
        if (text != null && FALSE.contains(text)) {
            return false;
        }
        throw new TypeError(
                "argument '" + name + "' is of type " + pythonType(value) + " and we were unable to convert to bool: "
                        + "The value '" + abbreviate(value) + "' is not a valid boolean.  Valid booleans include: "
                        + "'0', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes', 0, 1, False, True");
    }

    static long toInt(String name, Object value) throws TypeError {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Double
                && ((Double) value) == Math.rint((Double) value)
                && !((Double) value).isInfinite()) {
            return ((Double) value).longValue();
        }
        if (value instanceof String) {
            String text = ((String) value).strip();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    // BigDecimal's first use loads about 30 classes (its constants build a ForkJoinPool's
                    // worth of BigInteger machinery): only for text it could read.
                    if (!decimalCharacters(text)) {
                        throw e;
                    }
                    BigDecimal decimal = new BigDecimal(text);
                    if (decimal.stripTrailingZeros().scale() <= 0) {
                        return decimal.longValueExact();
                    }
                } catch (NumberFormatException | ArithmeticException ignored) {
                    // fall through
                }
            }
        }
        throw new TypeError(
                "argument '" + name + "' is of type " + pythonType(value) + " and we were unable to convert to int: "
                        + "invalid literal for int() with base 10: '" + abbreviate(value) + "'");
    }

    /**
     * Whether {@code text} holds only what BigDecimal's constructor reads (digits, Unicode ones too,
     * signs, a point and an exponent mark): anything else it refuses, so it need not be asked.
     */
    static boolean decimalCharacters(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                digit = true;
            } else if ("+-.eE".indexOf(c) < 0) {
                return false;
            }
        }
        return digit;
    }

    /**
     * A mapping, a JSON object in a string, or {@code key=value} pairs separated by commas or spaces
     * (values are strings then), as Ansible's check_type_dict reads them.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toDict(String name, Object value) throws TypeError {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        if (value instanceof String) {
            String text = ((String) value).strip();
            if (text.startsWith("{")) {
                try {
                    return Json.parseObject(text);
                } catch (Json.ParseException e) {
                    throw new TypeError(
                            "argument '" + name + "' is of type <class 'str'> and we were unable to convert to dict: "
                                    + "dictionary requested, could not parse JSON or key=value");
                }
            }
            if (text.contains("=")) {
                Map<String, Object> pairs = new LinkedHashMap<>();
                for (String field : text.split("[,\\s]+")) {
                    int eq = field.indexOf('=');
                    if (eq <= 0) {
                        throw new TypeError(
                                "argument '" + name + "' is of type <class 'str'> and we were unable to convert "
                                        + "to dict: dictionary requested, could not parse JSON or key=value");
                    }
                    pairs.put(field.substring(0, eq), field.substring(eq + 1));
                }
                return pairs;
            }
        }
        throw new TypeError(
                "argument '" + name + "' is of type " + pythonType(value) + " and we were unable to convert to dict: "
                        + "dictionary requested, could not parse JSON or key=value");
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
