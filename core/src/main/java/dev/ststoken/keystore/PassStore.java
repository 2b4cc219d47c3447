package dev.ststoken.keystore;

import dev.ststoken.errors.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pass}, the standard Unix password manager: one GPG-encrypted entry per profile under
 * {@code sts-session-token/PROFILE}, written with {@code pass insert --multiline} from stdin. gpg's
 * pinentry talks to the person directly, so pass's stderr is left on the terminal.
 */
final class PassStore implements KeyStore {
    static final String NAME = "pass";
    static final String FOLDER = "sts-session-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    private final Map<String, String> env;
    private final Path home;

    PassStore(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    @Override
    public String name() {
        return NAME;
    }

    private Path storeDir() {
        String dir = env.get("PASSWORD_STORE_DIR");
        return dir != null && !dir.isEmpty() ? Path.of(dir) : home.resolve(".password-store");
    }

    private static String entry(String profile) throws ConfigException {
        if (profile.contains("/") || profile.startsWith(".")) {
            throw new ConfigException(
                    "key store " + NAME + ": profile name '" + profile + "' cannot name a pass entry");
        }
        return FOLDER + "/" + profile;
    }

    @Override
    public String read(String profile) throws ConfigException {
        if (!Files.isRegularFile(storeDir().resolve(FOLDER).resolve(profile + ".gpg"))) {
            return null;
        }
        ExternalCommand.Result result = pass(List.of("show", entry(profile)), null);
        if (result.exitCode() != 0) {
            throw failure("read", result);
        }
        return result.stdout();
    }

    @Override
    public void write(String profile, String text) throws ConfigException {
        ExternalCommand.Result result = pass(
                List.of("insert", "--multiline", "--force", entry(profile)),
                (text + "\n").getBytes(StandardCharsets.UTF_8));
        if (result.exitCode() != 0) {
            throw failure("store", result);
        }
    }

    @Override
    public boolean delete(String profile) throws ConfigException {
        if (read(profile) == null) {
            return false;
        }
        ExternalCommand.Result result = pass(List.of("rm", "--force", entry(profile)), null);
        if (result.exitCode() != 0) {
            throw failure("remove", result);
        }
        return true;
    }

    @Override
    public List<String> profiles() throws ConfigException {
        List<String> names = new ArrayList<>();
        Path folder = storeDir().resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.gpg")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                names.add(name.substring(0, name.length() - ".gpg".length()));
            }
        } catch (IOException e) {
            throw new ConfigException("key store " + NAME + ": cannot list " + folder);
        }
        names.sort(null);
        return names;
    }

    private ExternalCommand.Result pass(List<String> args, byte[] stdin) throws ConfigException {
        List<String> command = new ArrayList<>();
        command.add("pass");
        command.addAll(args);
        return ExternalCommand.run(
                command, env, stdin == null ? new byte[0] : stdin, TIMEOUT, false, "key store " + NAME);
    }

    private static ConfigException failure(String action, ExternalCommand.Result result) {
        String detail = result.firstErrorLine();
        return new ConfigException("key store " + NAME + ": pass could not " + action + " the key (exit "
                + result.exitCode() + (detail.isEmpty() ? "" : ": " + detail) + "); is the store initialised "
                + "(pass init GPG-ID) and the GPG key usable?");
    }
}
