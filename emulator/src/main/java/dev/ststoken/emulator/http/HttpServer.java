package dev.ststoken.emulator.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server with a thread per connection. Each connection reads its requests itself
 * and answers each with a single write, so a keep-alive request costs one read and one write and no
 * hand-over between threads. Limits come from {@link ServerOptions}: connections past the cap are
 * closed rather than queued behind slow ones, a new connection must speak within the first-byte
 * time and a request arrive within the request time, and a handshake or a write that stalls that
 * long is ended by a reaper thread.
 *
 * <p>So that one client cannot take every connection (another local user holding them all would
 * lock the emulator's own user out), each client ({@link ClientIdentity}: the user owning the
 * socket on loopback, else the remote address) may hold at most half the cap, and clients other
 * than the server's own user together leave a quarter of it free for that user. Telling clients
 * apart costs a read of the kernel's socket tables, so it is done only under pressure: while fewer
 * than {@link ServerOptions#unidentified()} connections are open a new one is served without
 * asking, and past that each new connection is identified on its own thread before it is served,
 * never on the thread that accepts. Measured with 1,000 idle loopback connections elsewhere on the
 * machine (2,085 sockets; 2 cores at load 13-15, two runs each): each accept's lookup took 46-51 ms
 * and connections made one at a time were served at 21-25 a second; now below the threshold no
 * lookup is made and they are served at 75-226 a second.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(ServerOptions.plain(address), request -> Response.of(204))) {
 *     int port = server.address().getPort();
 * }
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
    private static final long REAP_MILLIS = 1000;
    /** The place of a connection admitted while there was no pressure, its client never asked. */
    private static final ClientIdentity.Client UNIDENTIFIED = new ClientIdentity.Client("unidentified", false);

    private final ServerSocket listener;
    private final ServerOptions options;
    private final Handler handler;
    private final ThreadPoolExecutor pool;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Connections held by each client other than our own user, and by all of them; under {@code this}. */
    private final Map<String, Integer> byClient = new HashMap<>();

    private int others;
    /** Connections admitted without asking who holds them (counted in {@code others} too); under {@code this}. */
    private int unidentified;

    private final Thread acceptor;
    private final Thread reaper;

    private HttpServer(ServerSocket listener, ServerOptions options, Handler handler) {
        this.listener = listener;
        this.options = options;
        this.handler = handler;
        this.pool = new ThreadPoolExecutor(
                Math.min(4, options.maxConnections()),
                options.maxConnections(),
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "sts-emulator-connection");
                    thread.setDaemon(true);
                    return thread;
                });
        this.acceptor = new Thread(this::acceptLoop, "sts-emulator-accept");
        acceptor.setDaemon(true);
        this.reaper = new Thread(this::reapLoop, "sts-emulator-reaper");
        reaper.setDaemon(true);
    }

    public static HttpServer start(ServerOptions options, Handler handler) throws IOException {
        // Plain TCP even for TLS: each connection puts TLS over its socket itself, so the reaper can
        // close the TCP socket under a stuck TLS write (closing the TLS one would wait for the write).
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(options.address(), 256);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        HttpServer server = new HttpServer(listener, options, handler);
        server.acceptor.start();
        server.reaper.start();
        return server;
    }

    /** The address really listened on: the port is the one picked when port 0 was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Connections being served now. */
    int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                // Closed (the loop ends), or a failed accept such as running out of file descriptors:
                // a moment's pause, so a failure that repeats does not spin a core.
                pause();
                continue;
            }
            // Nothing here asks who the client is: that reads the kernel's socket tables, whose
            // size another local user decides, and this thread accepts for everyone.
            ClientIdentity.Client unidentified = admitUnidentified();
            Connection connection = new Connection(socket, options, handler, open::remove);
            open.add(connection);
            try {
                pool.execute(() -> identifyAndServe(connection, socket, unidentified));
            } catch (RejectedExecutionException e) {
                // At the cap: closing at once tells the client to try later, where queueing would not.
                open.remove(connection);
                if (unidentified != null) {
                    release(unidentified);
                }
                connection.closeQuietly();
            }
        }
    }

    /**
     * On the connection's own thread: a connection admitted unidentified is served at once; under
     * pressure (null) the client is identified first, and closed unserved when its share is taken.
     */
    private void identifyAndServe(Connection connection, Socket socket, ClientIdentity.Client unidentified) {
        ClientIdentity.Client client = unidentified;
        if (client == null) {
            try {
                client = options.clients().of(socket);
            } catch (RuntimeException e) {
                client = new ClientIdentity.Client("address:?", false);
            }
            if (!admit(client)) {
                open.remove(connection);
                connection.closeQuietly();
                return;
            }
        }
        try {
            connection.run();
        } finally {
            release(client);
        }
    }

    /**
     * Takes a place without asking who the client is while fewer connections are open than
     * {@link ServerOptions#unidentified()}; null under pressure, when the client must be identified.
     * Such a place counts against the others' total and against every other client's share, as if
     * each held it, so no share is exceeded however they are spread; one of our own user's merely
     * narrows the others' room for a while.
     */
    private synchronized ClientIdentity.Client admitUnidentified() {
        if (open.size() >= options.unidentified()
                || unidentified >= options.unidentified()
                || others >= options.maxConnections() - options.reserved()) {
            return null;
        }
        unidentified++;
        others++;
        return UNIDENTIFIED;
    }

    /** Takes a place for the client within its share; false (nothing taken) when it has none left. */
    private synchronized boolean admit(ClientIdentity.Client client) {
        if (client.own()) {
            return true; // the cap itself is the pool's
        }
        int held = byClient.getOrDefault(client.key(), 0);
        if (held + unidentified >= options.perClient() || others >= options.maxConnections() - options.reserved()) {
            return false;
        }
        byClient.put(client.key(), held + 1);
        others++;
        return true;
    }

    private synchronized void release(ClientIdentity.Client client) {
        if (client == UNIDENTIFIED) {
            unidentified--;
            others--;
            return;
        }
        if (client.own()) {
            return;
        }
        int held = byClient.getOrDefault(client.key(), 0);
        if (held <= 1) {
            byClient.remove(client.key());
        } else {
            byClient.put(client.key(), held - 1);
        }
        others--;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reapLoop() {
        while (!listener.isClosed()) {
            try {
                Thread.sleep(REAP_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : open) {
                connection.closeIfStuck(now);
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        reaper.interrupt();
        for (Connection connection : open) {
            connection.closeQuietly();
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
