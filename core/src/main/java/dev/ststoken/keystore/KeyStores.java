package dev.ststoken.keystore;

import dev.ststoken.errors.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The key store backends by name, and the passphrase sources of the file store. */
public final class KeyStores {
    /** Every backend, in the order help texts list them. */
    public static final List<String> NAMES = List.of(SecretServiceStore.NAME, PassStore.NAME, FileStore.NAME);

    private static final Duration PASSPHRASE_PROCESS_TIMEOUT = Duration.ofSeconds(60);

    private KeyStores() {}

    /**
     * @param passphraseProcess the profile's passphrase_process (file store), or null
     * @param prompt            asks on the terminal when there is no passphrase_process
     */
    public static KeyStore open(
            String name, Map<String, String> env, Path home, String passphraseProcess, PassphraseSource prompt)
            throws ConfigException {
        switch (name) {
            case SecretServiceStore.NAME:
                return new SecretServiceStore(env);
            case PassStore.NAME:
                return new PassStore(env, home);
            case FileStore.NAME:
                return new FileStore(
                        FileStore.defaultFile(env, home),
                        passphraseProcess == null ? prompt : new ProcessPassphrase(passphraseProcess, env));
            default:
                throw new ConfigException(
                        "unknown key store '" + name + "': expected one of " + String.join(", ", NAMES));
        }
    }

    /** The file store with another work factor for new files (tests; the default is {@link FileStore#ITERATIONS}). */
    public static KeyStore file(Path file, PassphraseSource passphrases, int newFileIterations) {
        return new FileStore(file, passphrases, newFileIterations);
    }

    /** Runs {@code passphrase_process} through {@code sh -c} and takes its stdout, without the final line break. */
    static final class ProcessPassphrase implements PassphraseSource {
        private final String command;
        private final Map<String, String> env;

        ProcessPassphrase(String command, Map<String, String> env) {
            this.command = command;
            this.env = env;
        }

        @Override
        public char[] passphrase(String file, boolean confirm) throws ConfigException {
            ExternalCommand.Result result = ExternalCommand.run(
                    List.of("/bin/sh", "-c", command),
                    env,
                    null,
                    PASSPHRASE_PROCESS_TIMEOUT,
                    true,
                    "passphrase_process");
            if (result.exitCode() != 0) {
                throw new ConfigException("passphrase_process failed with exit code " + result.exitCode());
            }
            String text = result.stdout();
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            return text.toCharArray();
        }
    }
}
