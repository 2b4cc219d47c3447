package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.cli.PickerModel.Key;
import dev.ststoken.cli.PickerModel.Kind;
import dev.ststoken.cli.PickerModel.Outcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picker's filtering, keys and lines, and the file of recently used profiles, without a terminal. */
class PickerModelTest {
    @TempDir
    Path dir;

    static Key text(String text) {
        return new Key(Kind.TEXT, text);
    }

    @Test
    void each_word_of_the_filter_must_appear_in_any_case_the_order_is_kept_and_enter_needs_a_match() {
        PickerModel model = new PickerModel(List.of("prod-admin", "dev", "Prod-ReadOnly", "staging-admin"));
        model.key(text("PROD"), 10);
        assertThat(model.matches()).containsExactly("prod-admin", "Prod-ReadOnly");
        model.key(text(" adm"), 10);
        assertThat(model.matches()).containsExactly("prod-admin");
        model.key(text("x"), 10);
        assertThat(model.matches()).isEmpty();
        assertThat(model.key(Key.of(Kind.ENTER), 10)).isEqualTo(Outcome.GOING_ON);
        assertThat(model.lines(80, 10)).contains("  (no profile matches 'PROD admx')", "  (0 of 4)");
        model.key(Key.of(Kind.BACKSPACE), 10);
        assertThat(model.selected()).isEqualTo("prod-admin");
        model.key(Key.of(Kind.CLEAR), 10);
        model.key(Key.of(Kind.END), 10);
        assertThat(model.selected()).isEqualTo("staging-admin");
        model.key(Key.of(Kind.DOWN), 10);
        assertThat(model.selected()).as("stays on the last").isEqualTo("staging-admin");
        model.key(Key.of(Kind.PAGE_UP), 2);
        assertThat(model.selected()).isEqualTo("dev");
        assertThat(model.key(Key.of(Kind.ENTER), 10)).isEqualTo(Outcome.CHOSEN);
        assertThat(model.key(Key.of(Kind.CANCEL), 10)).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void names_are_drawn_without_their_control_characters_and_cut_to_the_width_and_the_list_scrolls() {
        List<String> names = new ArrayList<>(List.of("evil\033]0;owned\007", "x".repeat(200)));
        for (int i = 0; i < 20; i++) {
            names.add("p" + i);
        }
        PickerModel model = new PickerModel(names);
        List<String> lines = model.lines(40, 5);
        assertThat(String.join("\n", lines)).doesNotContain("\033]", "\007");
        assertThat(lines.get(2)).isEqualTo("\033[7m> evil?]0;owned?\033[0m");
        assertThat(lines)
                .allSatisfy(line -> assertThat(line.replace("\033[7m", "").replace("\033[0m", ""))
                        .hasSizeLessThanOrEqualTo(39));
        assertThat(lines).hasSize(2 + 5 + 1).last().isEqualTo("  (22 of 22)");
        for (int i = 0; i < 7; i++) {
            model.key(Key.of(Kind.DOWN), 5);
        }
        lines = model.lines(40, 5);
        assertThat(lines.get(2)).isEqualTo("  p1");
        assertThat(lines.get(6)).isEqualTo("\033[7m> p5\033[0m");
        // A control character typed into the filter is dropped, not echoed to the terminal.
        model.key(text("p1\0335"), 5);
        assertThat(model.filter()).isEqualTo("p15");
    }

    @Test
    void keys_are_read_from_the_bytes_a_terminal_sends() throws Exception {
        byte[] bytes =
                "a\u00e9\033[A\033OB\033[5~\033[6~\033[H\033[F\177\025\r\003\033x".getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<Key> keys = new ArrayList<>();
        Key key;
        while ((key = ProfilePicker.readKey(in)) != null) {
            keys.add(key);
        }
        assertThat(keys)
                .containsExactly(
                        text("a"),
                        text("\u00e9"),
                        Key.of(Kind.UP),
                        Key.of(Kind.DOWN),
                        Key.of(Kind.PAGE_UP),
                        Key.of(Kind.PAGE_DOWN),
                        Key.of(Kind.HOME),
                        Key.of(Kind.END),
                        Key.of(Kind.BACKSPACE),
                        Key.of(Kind.CLEAR),
                        Key.of(Kind.ENTER),
                        Key.of(Kind.CANCEL),
                        Key.of(Kind.IGNORED));
        // A lone Esc (nothing follows it) cancels.
        assertThat(ProfilePicker.readKey(new ByteArrayInputStream(new byte[] {0x1b})))
                .isEqualTo(Key.of(Kind.CANCEL));
    }

    @Test
    void recent_profiles_come_first_and_are_read_only_from_a_private_file_in_a_private_directory() throws Exception {
        Path cache = dir.resolve("cache");
        RecentProfiles recent = new RecentProfiles(cache);
        assertThat(recent.read()).isEmpty();
        recent.used("dev");
        recent.used("prod");
        recent.used("dev");
        assertThat(recent.read()).containsExactly("dev", "prod");
        assertThat(RecentProfiles.order(List.of("a", "prod", "b", "dev"), recent.read()))
                .containsExactly("dev", "prod", "a", "b");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recent.file())))
                .isEqualTo("rw-------");

        // Another user could reorder it (and so choose what Enter picks): ignored.
        Files.setPosixFilePermissions(recent.file(), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(recent.read()).isEmpty();
        Files.setPosixFilePermissions(recent.file(), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(recent.read()).isEmpty();
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        assertThat(recent.read()).containsExactly("dev", "prod");

        // A line no profile name could be is skipped.
        Files.writeString(recent.file(), "ok\n\033[2Jbad\n" + "y".repeat(600) + "\n");
        assertThat(recent.read()).containsExactly("ok");
    }
}
