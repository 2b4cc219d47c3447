package dev.ststoken.keystore;

import dev.ststoken.errors.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The desktop's Secret Service (GNOME Keyring, KWallet, KeePassXC) through {@code secret-tool},
 * one item per profile with the attributes {@code service = sts-session-token}, {@code profile = P}.
 * The secret goes through secret-tool's stdin, never its argv. The keyring may ask to be unlocked
 * on the desktop, hence the generous time limit.
 */
final class SecretServiceStore implements KeyStore {
    static final String NAME = "secret-service";
    private static final String SERVICE = "sts-session-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PROFILE_ATTRIBUTE = "attribute.profile = ";

    private final Map<String, String> env;

    SecretServiceStore(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String read(String profile) throws ConfigException {
        ExternalCommand.Result result = secretTool(List.of("lookup", "service", SERVICE, "profile", profile), null);
        if (result.exitCode() != 0) {
            if (result.stderr().isBlank()) {
                return null; // not found: secret-tool says nothing and exits 1
            }
            throw failure("read", result);
        }
        return result.stdout().isEmpty() ? null : result.stdout();
    }

    @Override
    public void write(String profile, String entry) throws ConfigException {
        ExternalCommand.Result result = secretTool(
                List.of(
                        "store",
                        "--label=" + SERVICE + " key of profile " + profile,
                        "service",
                        SERVICE,
                        "profile",
                        profile),
                entry.getBytes(StandardCharsets.UTF_8));
        if (result.exitCode() != 0) {
            throw failure("store", result);
        }
    }

    @Override
    public boolean delete(String profile) throws ConfigException {
        boolean existed = read(profile) != null;
        ExternalCommand.Result result = secretTool(List.of("clear", "service", SERVICE, "profile", profile), null);
        if (result.exitCode() != 0 && existed) {
            throw failure("remove", result);
        }
        return existed;
    }

    @Override
    public List<String> profiles() throws ConfigException {
        ExternalCommand.Result result = secretTool(List.of("search", "--all", "service", SERVICE), null);
        TreeSet<String> names = new TreeSet<>();
        if (result.exitCode() != 0) {
            if (result.stderr().isBlank()) {
                return List.of();
            }
            throw failure("list", result);
        }
        // search also prints each secret; only the profile attributes are kept. secret-tool 0.20.5 (Debian
        // bookworm) prints the attributes on stderr and the rest on stdout, others print all on stdout: both are read.
        for (String line : (result.stdout() + "\n" + result.stderr()).split("\n")) {
            if (line.startsWith(PROFILE_ATTRIBUTE)) {
                names.add(line.substring(PROFILE_ATTRIBUTE.length()).strip());
            }
        }
        return new ArrayList<>(names);
    }

    private ExternalCommand.Result secretTool(List<String> args, byte[] stdin) throws ConfigException {
        List<String> command = new ArrayList<>();
        command.add("secret-tool");
        command.addAll(args);
        // stdin is the secret, or nothing: secret-tool must never wait on the terminal for one.
        return ExternalCommand.run(
                command, env, stdin == null ? new byte[0] : stdin, TIMEOUT, false, "key store " + NAME);
    }

    private static ConfigException failure(String action, ExternalCommand.Result result) {
        String detail = result.firstErrorLine();
        return new ConfigException("key store " + NAME + ": secret-tool could not " + action + " the key (exit "
                + result.exitCode() + (detail.isEmpty() ? "" : ": " + detail) + "); is a Secret Service running and "
                + "unlocked in this session (DBUS_SESSION_BUS_ADDRESS)?");
    }
}
