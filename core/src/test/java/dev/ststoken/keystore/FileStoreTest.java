package dev.ststoken.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
    @TempDir
    Path dir;

    static final class Passphrases implements PassphraseSource {
        final List<Boolean> asked = new ArrayList<>();
        String value;

        Passphrases(String value) {
            this.value = value;
        }

        @Override
        public char[] passphrase(String file, boolean confirm) {
            asked.add(confirm);
            return value.toCharArray();
        }
    }

    FileStore store(Passphrases passphrases) {
        return new FileStore(dir.resolve("keys").resolve("keys.enc"), passphrases, 1000);
    }

    @Test
    void entries_round_trip_and_the_file_holds_no_plaintext() throws Exception {
        Passphrases passphrases = new Passphrases("correct horse");
        store(passphrases).write("dev", "{\"secret\":\"s3cr3t-value\"}");
        store(passphrases).write("prod", "other");

        FileStore reader = store(new Passphrases("correct horse"));
        assertThat(reader.read("dev")).isEqualTo("{\"secret\":\"s3cr3t-value\"}");
        assertThat(reader.profiles()).containsExactly("dev", "prod");
        Path file = dir.resolve("keys/keys.enc");
        assertThat(Files.readString(file)).doesNotContain("s3cr3t").doesNotContain("dev");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(passphrases.asked)
                .as("a new file asks twice, an existing one once")
                .containsExactly(true, false);
    }

    @Test
    void a_wrong_passphrase_is_a_clean_error_naming_the_file() throws Exception {
        store(new Passphrases("correct horse")).write("dev", "x");
        assertThatThrownBy(() -> store(new Passphrases("wrong horse")).read("dev"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("key store file: wrong passphrase for " + dir.resolve("keys/keys.enc")
                        + " (or the file was altered)");
    }

    @Test
    void a_header_lowered_to_fewer_iterations_fails_authentication() throws Exception {
        store(new Passphrases("pw")).write("dev", "x");
        Path file = dir.resolve("keys/keys.enc");
        Map<String, Object> header = new LinkedHashMap<>(Json.parseObject(Files.readString(file)));
        header.put("iterations", 999L);
        Files.writeString(file, Json.write(header));
        assertThatThrownBy(() -> store(new Passphrases("pw")).read("dev")).hasMessageContaining("wrong passphrase");
    }

    @Test
    void an_iteration_count_that_wraps_around_int_is_refused_before_it_is_narrowed() throws Exception {
        store(new Passphrases("pw")).write("dev", "x");
        Path file = dir.resolve("keys/keys.enc");
        Map<String, Object> header = new LinkedHashMap<>(Json.parseObject(Files.readString(file)));
        // 2^32 + 1000 narrowed to an int is 1000, the file's real count: the old code read the file.
        header.put("iterations", (1L << 32) + 1000L);
        Files.writeString(file, Json.write(header));
        assertThatThrownBy(() -> store(new Passphrases("pw")).read("dev"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("key store file: " + file + " claims a work factor of 4294968296 iterations, outside 1 to "
                        + FileStore.MAX_ITERATIONS + "; refusing it");
    }

    @Test
    void a_default_store_refuses_a_count_that_wraps_to_its_own_work_factor() throws Exception {
        FileStore writer = new FileStore(dir.resolve("keys").resolve("keys.enc"), new Passphrases("pw"), 100_000);
        writer.write("dev", "x");
        Path file = dir.resolve("keys/keys.enc");
        Map<String, Object> header = new LinkedHashMap<>(Json.parseObject(Files.readString(file)));
        header.put("iterations", (1L << 32) + 100_000L);
        Files.writeString(file, Json.write(header));
        FileStore reader = new FileStore(file, new Passphrases("pw"), 100_000);
        assertThatThrownBy(() -> reader.read("dev")).hasMessageContaining("outside 1 to");
    }

    @Test
    void a_file_readable_by_others_is_refused() throws Exception {
        store(new Passphrases("pw")).write("dev", "x");
        Files.setPosixFilePermissions(dir.resolve("keys/keys.enc"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> store(new Passphrases("pw")).read("dev")).hasMessageContaining("not a private file");
    }

    @Test
    void a_directory_owned_by_another_user_is_refused() throws Exception {
        store(new Passphrases("pw")).write("dev", "x");
        Files.setAttribute(dir.resolve("keys"), "unix:uid", 65534);
        assertThatThrownBy(() -> store(new Passphrases("pw")).read("dev"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("owned by uid 65534");
    }

    @Test
    void delete_removes_only_that_profile() throws Exception {
        Passphrases pw = new Passphrases("pw");
        store(pw).write("a", "1");
        store(pw).write("b", "2");
        assertThat(store(pw).delete("a")).isTrue();
        assertThat(store(pw).delete("a")).isFalse();
        assertThat(store(pw).profiles()).containsExactly("b");
        assertThat(new String(Files.readAllBytes(dir.resolve("keys/keys.enc")), StandardCharsets.UTF_8))
                .contains("PBKDF2WithHmacSHA256");
    }

    @Test
    void an_empty_passphrase_is_refused() {
        assertThatThrownBy(() -> store(new Passphrases("")).write("a", "1")).hasMessageContaining("empty passphrase");
    }
}
