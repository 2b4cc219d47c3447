package dev.ststoken.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoresTest {
    @TempDir
    Path home;

    @Test
    void an_unknown_store_is_named_with_the_ones_that_exist() {
        assertThatThrownBy(() -> KeyStores.open("keychain", Map.of(), home, null, PassphraseSource.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown key store 'keychain': expected one of secret-service, pass, file");
    }

    @Test
    void the_passphrase_process_output_loses_only_its_final_line_break() throws Exception {
        KeyStores.ProcessPassphrase process =
                new KeyStores.ProcessPassphrase("printf ' two words \\n'", Map.of("PATH", System.getenv("PATH")));
        assertThat(new String(process.passphrase("f", false))).isEqualTo(" two words ");
    }

    @Test
    void a_failing_passphrase_process_is_an_error_with_its_exit_code() {
        KeyStores.ProcessPassphrase process =
                new KeyStores.ProcessPassphrase("exit 7", Map.of("PATH", System.getenv("PATH")));
        assertThatThrownBy(() -> process.passphrase("f", false))
                .hasMessage("passphrase_process failed with exit code 7");
    }

    @Test
    void the_file_store_lives_in_the_data_directory() throws Exception {
        KeyStore store = KeyStores.open(
                "file", Map.of("XDG_DATA_HOME", home.resolve("data").toString()), home, null, PassphraseSource.NONE);
        assertThat(((FileStore) store).file()).isEqualTo(home.resolve("data/sts-session-token/keys.enc"));
        assertThat(((FileStore) KeyStores.open("file", Map.of(), home, null, PassphraseSource.NONE)).file())
                .isEqualTo(home.resolve(".local/share/sts-session-token/keys.enc"));
    }

    @Test
    void without_a_terminal_or_passphrase_process_the_file_store_says_what_to_set() throws Exception {
        KeyStore store = KeyStores.open("file", Map.of(), home, null, PassphraseSource.NONE);
        assertThatThrownBy(() -> store.write("dev", "x")).hasMessageContaining("set passphrase_process in the profile");
    }
}
