package dev.ststoken.dist;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment a process-level test gives the launcher: PATH, JAVA_HOME and a private home, nothing else. */
final class DistEnv {
    private DistEnv() {}

    static Map<String, String> of(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        return env;
    }
}
