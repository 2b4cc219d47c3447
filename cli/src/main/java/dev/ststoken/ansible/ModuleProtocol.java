package dev.ststoken.ansible;

import dev.ststoken.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's WANT_JSON protocol, shared by the collection's modules: the arguments file named on the
 * command line in, exactly one JSON object out, exit 0 or 1. A failure carries {@code failed},
 * {@code msg} and {@code invocation}; no_log values never appear in it, even quoted in a message;
 * a bug is a failure naming the module, never a traceback.
 */
final class ModuleProtocol {
    /** What a module does with its validated arguments. */
    interface Body {
        /**
         * @param params  normalised arguments (canonical names, coerced, defaults)
         * @param secrets add any further secret the module meets (resolved keys), so a failure masks it
         * @return the result, without {@code invocation} (added here)
         */
        Map<String, Object> execute(Map<String, Object> params, Set<String> secrets) throws ModuleFailure;
    }

    private ModuleProtocol() {}

    static int run(PrintStream out, List<String> args, ArgumentSpec spec, Body body) {
        Map<String, Object> result;
        Set<String> secrets = new LinkedHashSet<>();
        Map<String, Object> invocation = new LinkedHashMap<>();
        try {
            Map<String, Object> params = spec.normalise(readArguments(args), secrets);
            invocation.put("module_args", spec.moduleArgs(params));
            result = new LinkedHashMap<>(body.execute(params, secrets));
            result.put("invocation", invocation);
        } catch (ModuleFailure f) {
            result = new LinkedHashMap<>();
            result.put("failed", true);
            result.put("msg", f.getMessage());
            result.putAll(f.details);
            if (!invocation.isEmpty()) {
                result.put("invocation", invocation);
            }
        } catch (RuntimeException e) {
            result = new LinkedHashMap<>();
            result.put("failed", true);
            result.put(
                    "msg",
                    "internal error in the " + spec.module() + " module (a bug, please report it): "
                            + e.getClass().getName());
        }
        boolean failed = Boolean.TRUE.equals(result.get("failed"));
        String json = Json.write(result);
        out.println(failed ? mask(json, secrets) : json);
        out.flush();
        return failed ? 1 : 0;
    }

    /** Secrets never appear in a failure, even where a message would quote a value. */
    static String mask(String text, Set<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                masked = masked.replace(secret, "********");
            }
        }
        return masked;
    }

    private static Map<String, Object> readArguments(List<String> args) throws ModuleFailure {
        if (args.size() != 1) {
            throw new ModuleFailure(
                    "usage: sts-session-token ansible ARGS_FILE (run by Ansible with the path of its args file)");
        }
        try {
            return Json.parseObject(Files.readString(Path.of(args.get(0)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModuleFailure("cannot read the module arguments file " + args.get(0) + ": "
                    + e.getClass().getSimpleName());
        } catch (Json.ParseException e) {
            throw new ModuleFailure("the module arguments file is not a JSON object (" + e.getMessage() + ")");
        }
    }
}
