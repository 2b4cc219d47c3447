package dev.ststoken.sts;

import dev.ststoken.errors.StsTransportException;
import dev.ststoken.http.Route;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How requests travel: timeouts, attempts and proxies.
 *
 * @param maxAttempts total tries for throttling, 5xx and connection failures (AWS_MAX_ATTEMPTS; the SDKs' default 3)
 * @param httpsProxy  for https endpoints (HTTPS_PROXY), or null
 * @param httpProxy   for http endpoints (HTTP_PROXY), or null
 * @param noProxy     hosts or domain suffixes that bypass the proxy (NO_PROXY)
 */
public record Transport(
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        URI httpsProxy,
        URI httpProxy,
        List<String> noProxy) {
    /** Near the SDKs' defaults: botocore waits 60 s, the Java SDK 2 s to connect; one slow hop should not hang a shell. */
    public static final Transport DEFAULT =
            new Transport(Duration.ofSeconds(5), Duration.ofSeconds(20), 3, null, null, List.of());

    public Transport withTimeouts(Duration connect, Duration read) {
        return new Transport(connect, read, maxAttempts, httpsProxy, httpProxy, noProxy);
    }

    public Transport withMaxAttempts(int attempts) {
        return new Transport(connectTimeout, readTimeout, attempts, httpsProxy, httpProxy, noProxy);
    }

    /** Proxies from the conventional variables, either case, as curl and botocore read them. */
    public static Transport fromEnvironment(Map<String, String> env) {
        URI https = proxyUri(first(env, "HTTPS_PROXY", "https_proxy"));
        URI http = proxyUri(first(env, "HTTP_PROXY", "http_proxy"));
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                String host = entry.strip().toLowerCase(Locale.ROOT);
                if (!host.isEmpty()) {
                    noProxy.add(host);
                }
            }
        }
        return new Transport(
                DEFAULT.connectTimeout, DEFAULT.readTimeout, DEFAULT.maxAttempts, https, http, List.copyOf(noProxy));
    }

    private static String first(Map<String, String> env, String a, String b) {
        String value = env.get(a);
        if (value == null || value.isBlank()) {
            value = env.get(b);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI proxyUri(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value.contains("://") ? value : "http://" + value);
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The proxy for this endpoint, or NO_PROXY. */
    public Proxy proxyFor(URI target) {
        URI proxy = "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
        if (proxy == null || bypass(target.getHost())) {
            return Proxy.NO_PROXY;
        }
        int port = proxy.getPort() > 0 ? proxy.getPort() : ("https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80);
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port));
    }

    /**
     * How the HTTP client reaches this endpoint: its proxy, the TLS settings' socket factory (https
     * only, so an http call loads no TLS class), the timeouts, the largest answer taken.
     */
    public Route route(URI target, TlsSettings tls, int maxBodyBytes) throws StsTransportException {
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        Proxy proxy = proxyFor(target);
        String proxyHost = null;
        int proxyPort = 0;
        if (proxy.type() == Proxy.Type.HTTP) {
            InetSocketAddress address = (InetSocketAddress) proxy.address();
            proxyHost = address.getHostString();
            proxyPort = address.getPort();
        }
        return new Route(
                proxyHost,
                proxyPort,
                https ? Tls.socketFactory(tls == null ? TlsSettings.DEFAULT : tls) : null,
                tls == null || tls.verify(),
                (int) connectTimeout.toMillis(),
                (int) readTimeout.toMillis(),
                maxBodyBytes);
    }

    private boolean bypass(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String suffix = entry.startsWith(".") ? entry : "." + entry;
            if (h.equals(entry.startsWith(".") ? entry.substring(1) : entry) || h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        // Proxy URLs may carry user:password.
        return "Transport[connect=" + connectTimeout + ", read=" + readTimeout + ", attempts=" + maxAttempts
                + ", proxies=" + (httpsProxy != null || httpProxy != null) + "]";
    }
}
