package dev.ststoken.http;

import dev.ststoken.http.HttpFailure.Kind;
import dev.ststoken.internal.HttpSyntax;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 client over {@link Socket} and {@link SSLSocket}, for the few calls this library
 * makes. Not {@code HttpURLConnection}: opening one looks up URL stream handler providers through
 * ServiceLoader, whose streams spin method handles, and with its platform logger a cold {@code get}
 * loaded some 175 more classes and 2 MiB more memory than this. It does only what the calls need,
 * and it is strict about it:
 *
 * <ul>
 *   <li>one request per connection ({@code Connection: close}), so a request is never re-sent on a
 *       kept-alive connection that died: the caller's retry loop alone decides (a GetSessionToken
 *       sent twice presents its MFA code twice);
 *   <li>no redirects followed, no cookies, no authentication, no credentials sent to a proxy;
 *   <li>header values checked before anything is sent, and never quoted in a message;
 *   <li>answers read by {@link ResponseReader}, which trusts nothing.
 * </ul>
 */
public final class Http1Client {
    private static final String USER_AGENT = "sts-session-token/0.1";

    private Http1Client() {}

    /** Sends the request and reads its whole answer; one connection, closed before returning. */
    public static Response send(Request request, Route route) throws IOException {
        URI uri = request.uri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host");
        }
        String host = bareHost(uri);
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        boolean viaProxy = route.proxyHost() != null;
        // An http request through a proxy names the whole URL (absolute form); a tunnelled one does not.
        String target = (viaProxy && !https ? "http://" + hostHeader(uri) : "") + originForm(uri);
        byte[] head = head(request, target, hostHeader(uri));
        Socket socket = new Socket();
        try {
            connect(socket, viaProxy ? route.proxyHost() : host, viaProxy ? route.proxyPort() : port, route);
            Socket channel = socket;
            if (https) {
                if (viaProxy) {
                    tunnel(socket, host + ":" + port);
                }
                channel = handshake(socket, host, port, route);
            }
            OutputStream out = channel.getOutputStream();
            // One write when small: the request line, headers and body leave in as few packets as possible.
            if (request.body() == null || request.body().length <= 16 * 1024) {
                ByteArrayOutputStream whole = new ByteArrayOutputStream(head.length + bodyLength(request));
                whole.write(head, 0, head.length);
                if (request.body() != null) {
                    whole.write(request.body(), 0, request.body().length);
                }
                out.write(whole.toByteArray());
            } else {
                out.write(head);
                out.write(request.body());
            }
            out.flush();
            InputStream in = new BufferedInputStream(channel.getInputStream());
            return ResponseReader.read(
                    in, route.maxBodyBytes(), request.method().equals("HEAD"));
        } finally {
            socket.close(); // closes the TLS layer over it too
        }
    }

    private static int bodyLength(Request request) {
        return request.body() == null ? 0 : request.body().length;
    }

    /**
     * The Host header: the port only when it is not the scheme's default (what HttpURLConnection
     * sent, and what the SigV4 signature covers), an IPv6 literal in brackets.
     */
    public static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** The host to resolve: {@link URI#getHost} keeps an IPv6 literal's brackets. */
    private static String bareHost(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Path and query as the URI holds them (already percent-encoded); "/" for an empty path. */
    private static String originForm(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The request line and headers, refused (naming the header, never its value) if any would break the framing. */
    static byte[] head(Request request, String target, String hostHeader) throws HttpFailure {
        String method = request.method();
        if (method.isEmpty() || !HttpSyntax.isToken(method)) {
            throw new IllegalArgumentException("invalid HTTP method");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new HttpFailure(
                        Kind.UNSENDABLE, "the request's path holds a space or a character outside printable ASCII");
            }
        }
        StringBuilder head = new StringBuilder(512);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        boolean userAgent = false;
        boolean accept = false;
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (name.isEmpty() || !HttpSyntax.isToken(name)) {
                throw new IllegalArgumentException("invalid header name");
            }
            if (name.equalsIgnoreCase("Host")
                    || name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                throw new IllegalArgumentException("the client sets the " + name + " header itself");
            }
            if (!isHeaderValue(header.getValue())) {
                throw new HttpFailure(
                        Kind.UNSENDABLE,
                        "its " + name + " header holds a line break or a character outside printable ASCII");
            }
            userAgent |= name.equalsIgnoreCase("User-Agent");
            accept |= name.equalsIgnoreCase("Accept");
            head.append(name).append(": ").append(header.getValue()).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        if (!accept) {
            head.append("Accept: */*\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Printable ASCII and spaces: no CR or LF to end the header early, nothing a terminal would act on. */
    public static boolean isHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static void connect(Socket socket, String host, int port, Route route) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        socket.connect(address, route.connectTimeoutMillis());
        socket.setSoTimeout(route.readTimeoutMillis());
        socket.setTcpNoDelay(true);
    }

    /**
     * Asks the proxy for a tunnel to the endpoint and checks it said 2xx. The answer is read from
     * the raw stream byte by byte: what follows it belongs to TLS.
     */
    private static void tunnel(Socket socket, String authority) throws IOException {
        // An IPv6 literal goes in brackets, as in a URL.
        String target = authority.indexOf(':') != authority.lastIndexOf(':')
                ? "[" + authority.substring(0, authority.lastIndexOf(':')) + "]"
                        + authority.substring(authority.lastIndexOf(':'))
                : authority;
        byte[] connect = ("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nUser-Agent: " + USER_AGENT
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(connect);
        out.flush();
        ResponseReader.Head answer = ResponseReader.readHead(socket.getInputStream());
        if (answer.status() < 200 || answer.status() > 299) {
            throw new HttpFailure(
                    Kind.PROXY_REFUSED, "the proxy refused to open a tunnel (HTTP " + answer.status() + ")");
        }
    }

    /**
     * TLS over the connected socket, the handshake bounded by the connect timeout (see {@link Route}).
     * The certificate must name the endpoint (never the proxy) unless verification is off; the host
     * name also goes out as SNI (the JDK leaves it out for an IP literal).
     */
    private static Socket handshake(Socket socket, String host, int port, Route route) throws IOException {
        if (route.tls() == null) {
            throw new IllegalArgumentException("an https endpoint needs a TLS socket factory");
        }
        SSLSocket ssl = (SSLSocket) route.tls().createSocket(socket, host, port, true);
        if (route.verifyHostname()) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        ssl.setSoTimeout(route.connectTimeoutMillis());
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new HttpFailure(Kind.TLS_STALLED, "no TLS answer within " + route.connectTimeoutMillis() + " ms", e);
        } catch (SSLException e) {
            throw e; // a TLS-level refusal (certificate, protocol): the caller words it
        } catch (IOException e) {
            throw new HttpFailure(Kind.TLS_CLOSED, "the connection closed during the TLS handshake", e);
        }
        ssl.setSoTimeout(route.readTimeoutMillis());
        return ssl;
    }
}
