package dev.ststoken.keystore;

import dev.ststoken.config.CredentialSource;
import dev.ststoken.config.Profile;
import dev.ststoken.errors.ConfigException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A profile's keys kept outside the shared files: {@code key_store} (our store; cached sessions are
 * then encrypted with the cache key kept next to the key), else {@code credential_process} (any
 * password manager's command; long-term keys or a session). Nothing for a profile with neither.
 */
public final class StoredCredentials implements CredentialSource {
    private final Map<String, String> env;
    private final Path home;
    private final PassphraseSource passphrases;

    /** @param passphrases asked for a file store's passphrase when the profile has no passphrase_process */
    public StoredCredentials(Map<String, String> env, Path home, PassphraseSource passphrases) {
        this.env = env;
        this.home = home;
        this.passphrases = passphrases;
    }

    @Override
    public Found find(Profile profile) throws ConfigException {
        String storeName = profile.get("key_store");
        if (storeName != null) {
            KeyStore store = KeyStores.open(storeName, env, home, profile.get("passphrase_process"), passphrases);
            StoredKey stored = store.readKey(profile.name());
            if (stored == null) {
                throw new ConfigException(
                        "profile '" + profile.name() + "' has key_store = " + storeName + ", but that "
                                + "store holds no key for it (add one with: sts-session-token keys add --profile "
                                + profile.name()
                                + ")");
            }
            return new Found(
                    stored.current(),
                    "key store " + storeName + " (profile " + profile.name() + ")",
                    new CacheSealer(stored.cacheKey()));
        }
        String process = profile.get("credential_process");
        if (process != null) {
            return new Found(
                    CredentialProcess.run(profile.name(), process, env),
                    "credential_process of profile " + profile.name(),
                    null);
        }
        return null;
    }
}
