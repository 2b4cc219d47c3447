package dev.ststoken.errors;

import java.util.Map;

/**
 * Invalid input or settings, found before any network call (exit code 2 in the CLI). The message
 * may name {@link Setting}s as {@code {NAME}}; {@link #message(Map)} says them in an adapter's words.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String template;

    public ConfigException(String template) {
        super(render(template, Map.of()), null, false, false);
        this.template = template;
    }

    /** The message with each setting named as the adapter calls it (neutral words for the ones it does not name). */
    public String message(Map<Setting, String> names) {
        return render(template, names);
    }

    /**
     * The same error with only these settings said in these words; the others stay for the adapter
     * to name. For a layer that knows better than the adapter which setting is in play.
     */
    public ConfigException naming(Map<Setting, String> names) {
        String text = template;
        for (Map.Entry<Setting, String> name : names.entrySet()) {
            text = text.replace("{" + name.getKey().name() + "}", name.getValue());
        }
        return new ConfigException(text);
    }

    static String render(String template, Map<Setting, String> names) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        String text = template;
        for (Setting setting : Setting.values()) {
            String placeholder = "{" + setting.name() + "}";
            if (text.contains(placeholder)) {
                String name = names.get(setting);
                text = text.replace(placeholder, name != null ? name : setting.neutral);
            }
        }
        return text;
    }
}
