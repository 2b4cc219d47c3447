package dev.ststoken.http;

import javax.net.ssl.SSLSocketFactory;

/**
 * How one request reaches its endpoint: directly or through an HTTP proxy, with which TLS, under
 * which timeouts, and how large an answer may be.
 *
 * @param proxyHost            the HTTP proxy's host, or null to connect directly; an http endpoint is
 *                             asked of the proxy in absolute form, an https one through a CONNECT tunnel
 * @param proxyPort            the proxy's port (ignored without a proxy host)
 * @param tls                  the factory TLS sockets come from (trust store, CA bundle or trust-all);
 *                             needed for https endpoints only
 * @param verifyHostname       check that the certificate names the endpoint's host; false only for
 *                             {@code --no-verify-ssl}
 * @param connectTimeoutMillis bounds the TCP connect and, separately, the TLS handshake: a plain-HTTP
 *                             port never answers a ClientHello, and waiting the read timeout for it
 *                             on every attempt made a wrong scheme look like a dead network
 * @param readTimeoutMillis    bounds each wait for the proxy's or the endpoint's bytes
 * @param maxBodyBytes         the largest answer body taken; a hostile endpoint must not fill the memory
 */
public record Route(
        String proxyHost,
        int proxyPort,
        SSLSocketFactory tls,
        boolean verifyHostname,
        int connectTimeoutMillis,
        int readTimeoutMillis,
        int maxBodyBytes) {

    /** Straight to the endpoint, with the JDK's trust store when it is https. */
    public static Route direct(
            SSLSocketFactory tls, int connectTimeoutMillis, int readTimeoutMillis, int maxBodyBytes) {
        return new Route(null, 0, tls, true, connectTimeoutMillis, readTimeoutMillis, maxBodyBytes);
    }
}
