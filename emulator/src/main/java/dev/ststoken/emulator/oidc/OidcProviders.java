package dev.ststoken.emulator.oidc;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.FileLocks;
import dev.ststoken.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account's OpenID Connect providers, in {@code oidc-providers.json} beside the account's
 * {@code state.json} (0600, written atomically, changed under {@code oidc-providers.lock}). They live
 * in a file of their own because nothing else in the account refers to them: a role's trust policy
 * names a provider by ARN, as in IAM, and is not changed when the provider goes. Reads re-read the
 * file (it is small and web identity calls are few), so every process sharing the dir sees the same
 * providers.
 */
public final class OidcProviders {
    public static final String FILE = "oidc-providers.json";
    private static final String LOCK_FILE = "oidc-providers.lock";
    /** IAM's quota of OIDC providers per account. */
    static final int MAX_PROVIDERS = 100;

    private final Path file;
    private final Path lockFile;

    public OidcProviders(Path stateDir) {
        this.file = stateDir.resolve(FILE);
        this.lockFile = stateDir.resolve(LOCK_FILE);
    }

    /** A change to the providers: the new list (by URL without scheme), or a refusal. */
    public interface Change<T> {
        T apply(Map<String, OidcProvider> providers) throws AwsError;
    }

    /** The providers by name (URL without scheme), in the order they were created. */
    public Map<String, OidcProvider> current() {
        try {
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The provider an issuer ({@code iss}) names, or null: the same scheme, host, port and path. */
    public OidcProvider forIssuer(String issuer) {
        OidcProvider provider = current().get(OidcProvider.withoutScheme(issuer));
        return provider != null && provider.url().equals(issuer) ? provider : null;
    }

    /** Applies a change to a fresh read under the lock and writes the result when it changed. */
    public <T> T mutate(Change<T> change) throws AwsError, IOException {
        try (AutoCloseable lock = FileLocks.acquire(lockFile)) {
            Map<String, OidcProvider> providers = new LinkedHashMap<>(read());
            Map<String, OidcProvider> before = Map.copyOf(providers);
            T result = change.apply(providers);
            if (!providers.equals(before)) {
                write(providers);
            }
            return result;
        } catch (AwsError | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Map<String, OidcProvider> read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, OidcProvider> out = new LinkedHashMap<>();
        try {
            Object list = Json.parseObject(text).get("providers");
            for (Object entry : (List<?>) list) {
                @SuppressWarnings("unchecked")
                OidcProvider provider = OidcProvider.fromJson((Map<String, Object>) entry);
                out.put(provider.name(), provider);
            }
        } catch (RuntimeException e) {
            throw new IOException(
                    "OIDC provider file " + file + " is corrupt; move it away to start without providers");
        }
        return out;
    }

    private void write(Map<String, OidcProvider> providers) throws IOException {
        List<Object> list = new ArrayList<>();
        for (OidcProvider provider : providers.values()) {
            list.add(provider.toJson());
        }
        AtomicFiles.write(file, Json.write(Map.of("providers", list)));
    }
}
