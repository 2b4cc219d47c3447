package dev.ststoken.keystore;

import dev.ststoken.errors.ConfigException;
import java.util.List;

/**
 * Somewhere a profile's long-term key lives instead of the plaintext credentials file. Each
 * backend stores one opaque text item per profile ({@link StoredKey}'s JSON) and replaces it whole.
 */
public interface KeyStore {
    /** The name used in {@code key_store = NAME} and {@code --key-store NAME}. */
    String name();

    /** The profile's entry, or null when the store has none. */
    String read(String profile) throws ConfigException;

    /** Stores or replaces the profile's entry as one step: a reader sees the old or the new one. */
    void write(String profile, String entry) throws ConfigException;

    /** Removes the profile's entry; false when there was none. */
    boolean delete(String profile) throws ConfigException;

    /** The profiles with an entry, sorted. */
    List<String> profiles() throws ConfigException;

    /** The entry, parsed; null when there is none. */
    default StoredKey readKey(String profile) throws ConfigException {
        String text = read(profile);
        return text == null ? null : StoredKey.fromJson(text, "key store " + name() + " (profile " + profile + ")");
    }

    default void writeKey(String profile, StoredKey key) throws ConfigException {
        write(profile, key.toJson());
    }
}
