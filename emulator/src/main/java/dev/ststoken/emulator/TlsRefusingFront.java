package dev.ststoken.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The plain-HTTP port's front door. The JDK's HTTP server cannot look at a connection before it
 * parses a request line, so a TLS ClientHello (first byte 0x16, a client given https:// for a
 * plain port) would sit there until the request timeout while the client waits for a ServerHello.
 * This front accepts, reads the first byte, closes at once on a handshake record, and otherwise
 * relays the connection, byte for byte, to the HTTP server listening on loopback only.
 *
 * <p>The HTTP server's limits still apply to every relayed connection (request time, headers, body
 * size); the front adds its own: the first byte must come within the request time, and at most
 * {@link #MAX_CONNECTIONS} connections are relayed at once (two threads each); past that a new
 * connection is closed rather than queued. The client's own address is kept for the handler
 * ({@link #origin}), as the relay's socket would otherwise hide it.
 */
final class TlsRefusingFront implements AutoCloseable {
    static final int MAX_CONNECTIONS = Emulator.MAX_THREADS;
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final int firstByteMillis;
    private final ThreadPoolExecutor pool;
    private final Map<Integer, InetSocketAddress> origins = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private TlsRefusingFront(ServerSocket listener, InetSocketAddress backend, int firstByteMillis) {
        this.listener = listener;
        this.backend = backend;
        this.firstByteMillis = firstByteMillis;
        this.pool = new ThreadPoolExecutor(
                4, 2 * MAX_CONNECTIONS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "sts-emulator-front");
                    thread.setDaemon(true);
                    return thread;
                });
        this.acceptor = new Thread(this::acceptLoop, "sts-emulator-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on {@code address} and relays to {@code backend}, an HTTP server on loopback. */
    static TlsRefusingFront start(InetSocketAddress address, InetSocketAddress backend, int firstByteMillis)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 256);
        TlsRefusingFront front = new TlsRefusingFront(listener, backend, firstByteMillis);
        front.acceptor.start();
        return front;
    }

    /** Where the backend should listen: loopback, a free port. */
    static InetSocketAddress backendAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The client behind a relayed connection, given the address the backend saw; else that address. */
    InetSocketAddress origin(InetSocketAddress seenByBackend) {
        InetSocketAddress origin = seenByBackend == null ? null : origins.get(seenByBackend.getPort());
        return origin == null ? seenByBackend : origin;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                continue; // closed, or one failed accept: the loop condition decides
            }
            if (pool.getActiveCount() >= 2 * MAX_CONNECTIONS - 1) {
                closeQuietly(client);
                continue;
            }
            try {
                pool.execute(() -> relay(client));
            } catch (RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    private void relay(Socket client) {
        Socket server = null;
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(firstByteMillis);
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0 || first == TLS_HANDSHAKE_RECORD) {
                return;
            }
            client.setSoTimeout(0); // from here on the HTTP server's own timers end a stalled connection
            server = new Socket();
            server.setTcpNoDelay(true);
            server.connect(backend, firstByteMillis);
            origins.put(server.getLocalPort(), (InetSocketAddress) client.getRemoteSocketAddress());
            OutputStream toServer = server.getOutputStream();
            toServer.write(first);
            Socket answering = server;
            pool.execute(() -> pump(answering, client));
            pump(client, server);
        } catch (IOException | RejectedExecutionException e) {
            // the peer went away, or we are full: either way the connection ends here
        } finally {
            if (server != null) {
                origins.remove(server.getLocalPort());
                closeQuietly(server);
            }
            closeQuietly(client);
        }
    }

    /** Copies until either side ends, then ends both, so neither direction outlives the other. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (SocketException e) {
            // closed by the other direction
        } catch (IOException e) {
            // read or write failed: end both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        pool.shutdownNow();
    }
}
