package dev.ststoken.emulator.http;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How {@link HttpServer} listens and what it tolerates.
 *
 * @param address where to listen; port 0 picks a free one
 * @param tls null for plain HTTP, on whose port a TLS handshake is closed at once
 * @param maxConnections connections served at once (a thread each); past that a new one is closed
 * @param requestMillis how long a kept-alive connection may wait to send a request's first byte, and
 *     then the whole request; also how long a response may take to be written
 * @param firstByteMillis how long a new connection may stay silent (a TLS one: each read of its
 *     handshake); a connection that sends nothing is closed then, not after {@code requestMillis}
 * @param clients who a connection comes from, for each client's share of {@code maxConnections}
 * @param maxHeaders header lines per request; past that the connection is closed unanswered
 * @param maxHeadBytes bytes of the request line plus headers; past that the connection is closed
 * @param maxBodyBytes bytes a handler may read of a body, a ceiling for every handler (one may
 *     refuse less); reading more fails, and the client gets 413
 * @param bugs what the handler threw (the client gets a bare 500)
 */
public record ServerOptions(
        InetSocketAddress address,
        SSLContext tls,
        int maxConnections,
        int requestMillis,
        int firstByteMillis,
        int maxHeaders,
        int maxHeadBytes,
        int maxBodyBytes,
        ClientIdentity clients,
        Consumer<Throwable> bugs) {
    public ServerOptions {
        if (maxConnections < 1
                || requestMillis < 1
                || firstByteMillis < 1
                || maxHeaders < 1
                || maxHeadBytes < 64
                || maxBodyBytes < 0) {
            throw new IllegalArgumentException("server limits must be positive");
        }
    }

    /** Plain HTTP on {@code address} with the emulator's limits. */
    public static ServerOptions plain(InetSocketAddress address) {
        return new ServerOptions(
                address,
                null,
                256,
                30_000,
                2_000,
                100,
                64 * 1024,
                1024 * 1024,
                ClientIdentity.system(),
                Throwable::printStackTrace);
    }

    public ServerOptions withTls(SSLContext context) {
        return new ServerOptions(
                address,
                context,
                maxConnections,
                requestMillis,
                firstByteMillis,
                maxHeaders,
                maxHeadBytes,
                maxBodyBytes,
                clients,
                bugs);
    }

    public ServerOptions withRequestMillis(int millis) {
        return new ServerOptions(
                address,
                tls,
                maxConnections,
                millis,
                firstByteMillis,
                maxHeaders,
                maxHeadBytes,
                maxBodyBytes,
                clients,
                bugs);
    }

    public ServerOptions withMaxConnections(int connections) {
        return new ServerOptions(
                address,
                tls,
                connections,
                requestMillis,
                firstByteMillis,
                maxHeaders,
                maxHeadBytes,
                maxBodyBytes,
                clients,
                bugs);
    }

    public ServerOptions withBugs(Consumer<Throwable> sink) {
        return new ServerOptions(
                address,
                tls,
                maxConnections,
                requestMillis,
                firstByteMillis,
                maxHeaders,
                maxHeadBytes,
                maxBodyBytes,
                clients,
                sink);
    }

    public ServerOptions withFirstByteMillis(int millis) {
        return new ServerOptions(
                address,
                tls,
                maxConnections,
                requestMillis,
                millis,
                maxHeaders,
                maxHeadBytes,
                maxBodyBytes,
                clients,
                bugs);
    }

    public ServerOptions withClients(ClientIdentity identity) {
        return new ServerOptions(
                address,
                tls,
                maxConnections,
                requestMillis,
                firstByteMillis,
                maxHeaders,
                maxHeadBytes,
                maxBodyBytes,
                identity,
                bugs);
    }

    /** Connections only the server's own user may take: the others together leave these free. */
    int reserved() {
        return maxConnections / 4;
    }

    /**
     * Connections open below which a new one is served without identifying its client (the
     * reserve's size): shares cannot be at stake yet, and identifying costs a read of the kernel's
     * socket tables.
     */
    int unidentified() {
        return reserved();
    }

    /** Connections one client other than the server's own user may hold at once. */
    int perClient() {
        return Math.max(1, maxConnections / 2);
    }
}
