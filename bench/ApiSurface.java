import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The API surface of a module jar or classes directory: what its module descriptor exports to
 * everyone (an API a user may compile against, versioned semantically) and to named friends only,
 * and in the packages exported to everyone the public types and their public or protected members
 * (constructors, methods, fields, as declared; a record's accessors and an enum's values/valueOf
 * count, bridges and synthetic members do not).
 *
 * <pre>
 * java bench/ApiSurface.java core/target/classes [more jars the module's signatures name ...]
 * </pre>
 *
 * Prints one line per exported package and a total line: {@code exported packages, qualified exports,
 * public types, public members}. Used for issue 22's before/after table.
 */
public class ApiSurface {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java bench/ApiSurface.java MODULE_JAR_OR_DIR [DEPENDENCY_JAR...]");
            System.exit(2);
        }
        Path module = Path.of(args[0]);
        ModuleReference reference = ModuleFinder.of(module).findAll().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(module + " has no module descriptor"));
        ModuleDescriptor descriptor = reference.descriptor();
        List<URL> urls = new ArrayList<>();
        for (String arg : args) {
            urls.add(Path.of(arg).toUri().toURL());
        }
        Map<String, int[]> perPackage = new TreeMap<>();
        int qualified = 0;
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            for (ModuleDescriptor.Exports exports : descriptor.exports()) {
                if (exports.isQualified()) {
                    qualified++;
                    System.out.println("  to " + String.join(",", exports.targets()) + ": " + exports.source());
                    continue;
                }
                int[] counts = new int[3];
                for (String name : classNames(reference, exports.source())) {
                    Class<?> type = Class.forName(name, false, loader);
                    if (!isApi(type)) {
                        continue;
                    }
                    counts[0]++;
                    counts[1] += members(type, null);
                    counts[2] += members(type, unqualified(descriptor));
                }
                perPackage.put(exports.source(), counts);
            }
        }
        int types = 0;
        int members = 0;
        int usable = 0;
        for (Map.Entry<String, int[]> entry : perPackage.entrySet()) {
            int[] c = entry.getValue();
            System.out.printf("%-28s %3d types %4d members (%d usable)%n", entry.getKey(), c[0], c[1], c[2]);
            types += c[0];
            members += c[1];
            usable += c[2];
        }
        System.out.printf(
                "%s: %d exported packages, %d qualified exports, %d public types, %d public members"
                        + " (%d whose signature names only exported or JDK types)%n",
                descriptor.name(), perPackage.size(), qualified, types, members, usable);
    }

    /** A type a user can name: public, and if nested, in a type a user can name. */
    static boolean isApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    static Set<String> unqualified(ModuleDescriptor descriptor) {
        Set<String> packages = new HashSet<>();
        for (ModuleDescriptor.Exports exports : descriptor.exports()) {
            if (!exports.isQualified()) {
                packages.add(exports.source());
            }
        }
        return packages;
    }

    /** Whether a user outside the project's modules can name every type of the member's signature. */
    static boolean nameable(Member member, Set<String> api) {
        List<Class<?>> types = new ArrayList<>();
        if (member instanceof Method m) {
            types.add(m.getReturnType());
            types.addAll(List.of(m.getParameterTypes()));
            types.addAll(List.of(m.getExceptionTypes()));
        } else if (member instanceof Constructor<?> c) {
            types.addAll(List.of(c.getParameterTypes()));
            types.addAll(List.of(c.getExceptionTypes()));
        } else if (member instanceof Field f) {
            types.add(f.getType());
        }
        for (Class<?> t : types) {
            while (t.isArray()) {
                t = t.getComponentType();
            }
            if (t.isPrimitive() || t.getPackageName().startsWith("java.")) {
                continue;
            }
            if (!api.contains(t.getPackageName()) || !isApi(t)) {
                return false;
            }
        }
        return true;
    }

    /** Public (or protected, in a type one can extend) members; with {@code api}, only those nameable from outside. */
    static int members(Class<?> type, Set<String> api) {
        int count = 0;
        List<Member> all = new ArrayList<>();
        all.addAll(List.of(type.getDeclaredConstructors()));
        all.addAll(List.of(type.getDeclaredMethods()));
        all.addAll(List.of(type.getDeclaredFields()));
        for (Member member : all) {
            int modifiers = member.getModifiers();
            boolean visible = Modifier.isPublic(modifiers)
                    || (Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers()));
            boolean bridge = member instanceof java.lang.reflect.Method m && m.isBridge();
            if (visible && !member.isSynthetic() && !bridge && (api == null || nameable(member, api))) {
                count++;
            }
        }
        return count;
    }

    /** The classes of one package in the jar or directory, nested ones included. */
    static List<String> classNames(ModuleReference reference, String pkg) throws IOException {
        String prefix = pkg.replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        try (var reader = reference.open();
                Stream<String> list = reader.list()) {
            list.filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                    .filter(n -> n.indexOf('/', prefix.length()) < 0)
                    .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
        }
        if (names.isEmpty() && Files.isDirectory(Path.of(reference.location().orElseThrow()))) {
            throw new IllegalStateException("no classes in " + pkg);
        }
        return names;
    }
}
