package dev.ststoken.config;

/** Invalid input or settings, found before any network call (exit code 2 in the CLI). */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
