package dev.ststoken.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages depend on each other without a cycle, so each can be read, tested and changed
 * from the bottom up (errors, internal, sigv4, sts, cache, config, keystore, sso, session). The
 * graph is read from the compiled classes: every class a class names in its constant pool
 * (references, descriptors, signatures) is there as {@code dev/ststoken/PACKAGE/Name}, while
 * Javadoc links, which are no dependency, are not.
 */
class PackageGraphTest {
    private static final Pattern REFERENCE = Pattern.compile("dev/ststoken/([a-z0-9]+)/[A-Za-z0-9_$]");

    @Test
    void core_packages_form_no_cycle() throws IOException {
        Map<String, Set<String>> graph = graph(classesDir());
        // The graph was really read: the front door uses settings and settings use the cache's sealer.
        assertThat(graph).containsKeys("session", "config", "keystore", "cache", "errors");
        assertThat(graph.get("session")).contains("config", "keystore");
        assertThat(graph.get("config")).contains("cache", "errors");
        assertThat(cycle(graph))
                .as("a cycle between core's packages in " + graph)
                .isEmpty();
    }

    @Test
    void settings_know_nothing_of_stores_and_shared_errors_depend_on_nothing() throws IOException {
        Map<String, Set<String>> graph = graph(classesDir());
        assertThat(graph.get("config")).doesNotContain("keystore", "session");
        assertThat(graph.get("cache")).doesNotContain("config", "keystore", "session");
        // StsServiceException makes the server's text printable with internal's ServerText, a leaf.
        assertThat(graph.get("errors")).isSubsetOf("internal");
        assertThat(graph.get("internal")).isEmpty();
        // What a caller passes and what a session is are plain values every layer may name.
        assertThat(graph.get("parameters")).isEmpty();
        assertThat(graph.get("credentials")).isEmpty();
    }

    @Test
    void the_cycle_finder_finds_a_cycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        graph.put("c", Set.of("d"));
        assertThat(cycle(graph)).isEmpty();
    }

    private static Path classesDir() {
        try {
            Path dir = Path.of(PackageGraphTest.class
                    .getClassLoader()
                    .getResource("dev/ststoken/config/SettingsResolver.class")
                    .toURI());
            return dir.getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Package to the other core packages its classes refer to. */
    static Map<String, Set<String>> graph(Path root) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        for (Path file : classes) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() != 2) {
                continue; // module-info, or a class of another tree
            }
            String pkg = relative.getName(0).toString();
            Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
            // Constant pool names are modified UTF-8: ASCII names read the same in Latin-1.
            Matcher m = REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    uses.add(m.group(1));
                }
            }
        }
        return graph;
    }

    /** A cycle as the packages along it (first = last), or empty: depth-first search. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 = on the path, 2 = done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(
            String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        if (seen != null) {
            path.subList(0, path.indexOf(node)).clear();
            path.add(node);
            return true;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return false;
    }
}
