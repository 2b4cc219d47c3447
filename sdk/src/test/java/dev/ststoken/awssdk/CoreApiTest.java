package dev.ststoken.awssdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.Sessions;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The core library as this module consumes it: its module exports the API packages only, needs
 * nothing but the JDK, and every public type it exports is documented.
 */
class CoreApiTest {
    static final Path SOURCES = Path.of(System.getProperty("core.sources", "../core/src/main/java"));
    static final Set<String> API = Set.of(
            "dev.ststoken.credentials", "dev.ststoken.errors", "dev.ststoken.parameters", "dev.ststoken.session");

    /** The project's own modules, released with core: the only ones its machinery is exported to. */
    static final Set<String> SIBLINGS =
            Set.of("dev.ststoken.cli", "dev.ststoken.emulator", "dev.ststoken.awssdk", "dev.ststoken.junit");

    /** The descriptor of the core jar (or classes directory) on our class path. */
    /**
     * A design note's name: readers of the Javadoc have none of them. The repository's own pages
     * (README, SECURITY, BENCHMARKS, CONTRIBUTING and docs/guide, reference, security) ship with the code.
     */
    static final java.util.regex.Pattern OUTSIDE_DOCUMENT = java.util.regex.Pattern.compile(
            "\\b(?!(?:README|SECURITY|BENCHMARKS|CONTRIBUTING|guide|reference|security)\\.md)[\\w-]+\\.md\\b");

    static ModuleDescriptor descriptor() throws Exception {
        Path core = Path.of(Sessions.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return ModuleFinder.of(core).find("dev.ststoken.core").orElseThrow().descriptor();
    }

    @Test
    void the_module_exports_the_api_packages_to_everyone_and_its_machinery_to_siblings_only() throws Exception {
        ModuleDescriptor module = descriptor();
        assertThat(module.name()).isEqualTo("dev.ststoken.core");
        assertThat(module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrderElementsOf(API);
        assertThat(module.exports().stream().filter(ModuleDescriptor.Exports::isQualified))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(SIBLINGS).containsAll(e.targets()));
        // JSON, XML, atomic files and the like are for the command line and the emulator alone.
        assertThat(module.exports().stream()
                        .filter(e -> e.source().equals("dev.ststoken.internal"))
                        .flatMap(e -> e.targets().stream()))
                .containsExactlyInAnyOrder("dev.ststoken.cli", "dev.ststoken.emulator");
    }

    @Test
    void the_library_needs_nothing_but_java_base() throws Exception {
        assertThat(descriptor().requires().stream().map(ModuleDescriptor.Requires::name))
                .containsExactly("java.base");
    }

    @Test
    void every_public_type_of_an_exported_package_has_a_doc_comment_that_stands_on_its_own() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        Set<String> undocumented = new TreeSet<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) javac.getTask(null, fileManager, null, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null
                        ? ""
                        : unit.getPackageName().toString();
                if (!API.contains(pkg)) {
                    continue;
                }
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree type, String outer) {
                        if (!type.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                            return null; // nothing inside a non-public type is API
                        }
                        String name = outer + "." + type.getSimpleName();
                        var comment = docs.getDocCommentTree(getCurrentPath());
                        if (comment == null) {
                            undocumented.add(name);
                        } else if (OUTSIDE_DOCUMENT.matcher(comment.toString()).find()) {
                            undocumented.add(name + " (cites a document that is not in the repository)");
                        }
                        return super.visitClass(type, name);
                    }
                }.scan(unit, pkg);
            }
        }
        assertThat(new ArrayList<>(undocumented)).isEmpty();
    }

    /** docs/guide.md's example for applications without the SDK, with the emulator's profile in place of the user's. */
    @Test
    void the_readmes_core_example_gets_a_session_without_the_sdk(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (dev.ststoken.junit.StsEmulatorExtension emulator =
                dev.ststoken.junit.StsEmulatorExtension.create().start()) {
            EmulatorProfile aws = EmulatorProfile.of(emulator, dir);
            java.time.Clock clock = emulator.clock();
            java.util.Map<String, String> env = aws.environment();
            Path home = aws.home;
            Sessions sessions = Sessions.create(env, home, clock);
            SessionRequest request = SessionRequest.builder()
                    .parameters(SessionParameters.builder().profile("me").build())
                    .cache(sessions.cache(false, 300))
                    .build();
            SessionCredentials session =
                    sessions.session(request, serial -> aws.currentCode()).session();

            assertThat(session.accessKeyId()).startsWith("ASIA");
            // The second call is served by the shared cache: nobody is asked for a code.
            SessionCredentials again = sessions.session(request, serial -> {
                        throw new AssertionError("asked for a code although a cached session was good");
                    })
                    .session();
            assertThat(again.accessKeyId()).isEqualTo(session.accessKeyId());
        }
    }
}
