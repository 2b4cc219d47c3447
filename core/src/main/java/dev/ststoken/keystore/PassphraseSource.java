package dev.ststoken.keystore;

import dev.ststoken.errors.ConfigException;

/** Where the file store's passphrase comes from: a terminal prompt, or a passphrase_process. */
public interface PassphraseSource {
    /**
     * @param file    the key file, for the question
     * @param confirm ask twice (a new file): a typo would lock the key away
     */
    char[] passphrase(String file, boolean confirm) throws ConfigException;

    /** For runs with nobody to ask. */
    PassphraseSource NONE = new PassphraseSource() {
        @Override
        public char[] passphrase(String file, boolean confirm) throws ConfigException {
            throw new ConfigException("key store file: a passphrase is needed for " + file
                    + " but there is no terminal " + "to ask on; set passphrase_process in the profile");
        }
    };
}
