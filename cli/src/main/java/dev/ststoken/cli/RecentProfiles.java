package dev.ststoken.cli;

import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.ControlCharacters;
import dev.ststoken.internal.TrustedDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The profiles a person used from a terminal, most recent first, for the order of the profile
 * picker: {@code recent-profiles} in the session cache directory, one name a line. The file decides
 * which profile Enter picks, so it is read only from a directory no other user can change (ours,
 * 0700 chain, as the cache itself) and only when it is ours and 0600; anything else is ignored and
 * the picker keeps the config file's order. Written whole (temporary file, then rename): two
 * commands finishing at once may lose one use, never the file.
 */
final class RecentProfiles {
    static final String FILE = "recent-profiles";

    /** Enough for any config file people keep by hand; an older name goes when a newer one comes. */
    static final int KEEP = 200;

    /** A name longer than this is not one of ours: the line is skipped. */
    private static final int LONGEST = 512;

    private final Path dir;

    RecentProfiles(Path dir) {
        this.dir = dir;
    }

    Path file() {
        return dir.resolve(FILE);
    }

    /** The names, most recent first; empty when there is no file or it cannot be trusted. */
    List<String> read() {
        try {
            Path real = TrustedDirectories.check(dir);
            Path file = real.resolve(FILE);
            if (!TrustedDirectories.isPrivateFile(file)) {
                return List.of();
            }
            Set<String> names = new LinkedHashSet<>();
            for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && line.length() <= LONGEST && !ControlCharacters.in(line)) {
                    names.add(line);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            return List.of(); // no directory yet, or not ours: the config file's order
        }
    }

    /** Puts {@code profile} first. */
    void used(String profile) throws IOException {
        if (profile.isEmpty() || profile.length() > LONGEST || ControlCharacters.in(profile)) {
            return;
        }
        List<String> names = new ArrayList<>();
        names.add(profile);
        for (String name : read()) {
            if (!name.equals(profile) && names.size() < KEEP) {
                names.add(name);
            }
        }
        Path real = TrustedDirectories.ensure(dir);
        AtomicFiles.write(real.resolve(FILE), String.join("\n", names) + "\n");
    }

    /** {@code profiles} with the recently used ones first, most recent first, the others in their order. */
    static List<String> order(List<String> profiles, List<String> recent) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : recent) {
            if (profiles.contains(name)) {
                ordered.add(name);
            }
        }
        ordered.addAll(profiles);
        return List.copyOf(ordered);
    }
}
