package dev.ststoken.emulator.oidc;

import dev.ststoken.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An issuer's signing keys, found as STS finds them: {@code ISSUER/.well-known/openid-configuration}
 * names the issuer (it must be the same) and its {@code jwks_uri}, which holds the keys.
 *
 * <p>A test emulator must not become a way to make requests elsewhere (SSRF): whoever may create an
 * OIDC provider in it would otherwise have it fetch any URL from the machine it runs on (a cloud
 * metadata endpoint, an internal service) and learn from the answers. So keys are fetched only from
 * loopback issuers ({@code localhost} or a loopback address literal, http or https, whose
 * {@code jwks_uri} is also loopback), the test issuers this project's library serves, and from issuers
 * the emulator's configuration names (https only). No proxy is used, redirects are not followed,
 * each fetch has {@link #TIMEOUT_MILLIS} to connect and to read and at most {@link #MAX_BYTES}, and
 * keys are kept {@link #KEEP} (fetched again at once when a token names a key the set lacks, so a
 * rotated key works).
 */
public final class IssuerKeys {
    static final int MAX_BYTES = 64 * 1024;
    static final int TIMEOUT_MILLIS = 5_000;
    static final Duration KEEP = Duration.ofMinutes(5);

    private final Clock clock;
    private final Set<String> allowedIssuers;
    private final Map<String, Fetched> cache = new ConcurrentHashMap<>();

    private record Fetched(List<Jwks.Key> keys, Instant at) {}

    /** The keys could not be had; the message says why, in words fit for the client. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unreachable;

        Unavailable(String message, boolean unreachable) {
            super(message, null, false, false);
            this.unreachable = unreachable;
        }

        /** True when the issuer could not be reached (IDPCommunicationError), false when it answered badly. */
        public boolean unreachable() {
            return unreachable;
        }
    }

    /** @param allowedIssuers issuer URLs (https) beyond loopback whose keys may be fetched */
    public IssuerKeys(Clock clock, Set<String> allowedIssuers) {
        this.clock = clock;
        this.allowedIssuers = Set.copyOf(allowedIssuers);
    }

    /** The issuer's keys; fetched again when {@code fresh} or when the ones kept are older than {@link #KEEP}. */
    public List<Jwks.Key> keys(String issuer, boolean fresh) throws Unavailable {
        Instant now = clock.instant();
        Fetched kept = cache.get(issuer);
        if (!fresh && kept != null && !now.isAfter(kept.at().plus(KEEP)) && !now.isBefore(kept.at())) {
            return kept.keys();
        }
        List<Jwks.Key> keys = fetch(issuer);
        if (cache.size() > 1000) {
            cache.clear(); // providers are at most 100 per account; a bound all the same
        }
        cache.put(issuer, new Fetched(keys, now));
        return keys;
    }

    private List<Jwks.Key> fetch(String issuer) throws Unavailable {
        boolean allowed = allowedIssuers.contains(issuer);
        URI discovery = checked(issuer + "/.well-known/openid-configuration", allowed);
        Map<String, Object> configuration = json(discovery);
        if (!issuer.equals(configuration.get("issuer"))) {
            throw new Unavailable(
                    "The identity provider's discovery document names another issuer than " + issuer, false);
        }
        if (!(configuration.get("jwks_uri") instanceof String jwksUri)) {
            throw new Unavailable("The identity provider's discovery document has no jwks_uri", false);
        }
        List<Jwks.Key> keys = Jwks.read(json(checked(jwksUri, allowed)));
        if (keys.isEmpty()) {
            throw new Unavailable("The identity provider's key set has no usable signing key", false);
        }
        return keys;
    }

    /** The URL, if the emulator may fetch it: loopback, or https for an issuer the configuration allows. */
    static URI checked(String url, boolean allowedIssuer) throws Unavailable {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Unavailable("The identity provider's URL is not valid", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !Set.of("http", "https").contains(scheme)) {
            throw new Unavailable("The identity provider's URL is not an http(s) URL with a host", false);
        }
        if (isLoopback(uri.getHost()) || (allowedIssuer && scheme.equals("https"))) {
            return uri;
        }
        throw new Unavailable(
                "The emulator fetches OpenID Connect keys only from loopback issuers and from issuers its "
                        + "configuration allows (serve --oidc-issuer), so that it cannot be used to reach other hosts",
                false);
    }

    /** {@code localhost} or a literal loopback address; a name is never resolved (no DNS rebinding). */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no lookup
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Object> json(URI uri) throws Unavailable {
        HttpURLConnection connection;
        try {
            URL url = uri.toURL();
            connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        } catch (IOException | IllegalArgumentException e) {
            throw new Unavailable("The identity provider's URL is not valid", false);
        }
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new Unavailable("The identity provider answered " + status + " for " + uri.getPath(), false);
            }
            long declared = connection.getContentLengthLong();
            if (declared > MAX_BYTES) {
                throw new Unavailable("The identity provider's answer is larger than " + MAX_BYTES + " bytes", false);
            }
            try (InputStream in = connection.getInputStream()) {
                return Json.parseObject(readAtMost(in));
            } catch (IllegalArgumentException | Json.ParseException e) {
                throw new Unavailable(
                        "The identity provider's answer for " + uri.getPath() + " is not a JSON object", false);
            }
        } catch (IOException e) {
            throw new Unavailable("The identity provider could not be reached", true);
        } finally {
            connection.disconnect();
        }
    }

    private static String readAtMost(InputStream in) throws IOException, Unavailable {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        // The read timeout bounds each read; this bounds them all (a server sending a byte at a time).
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("too slow");
            }
            if (out.size() + n > MAX_BYTES) {
                throw new Unavailable("The identity provider's answer is larger than " + MAX_BYTES + " bytes", false);
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
