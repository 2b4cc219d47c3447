package dev.ststoken.emulator.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who is at the other end of a connection, as far as a server can tell, so that one client cannot
 * take every connection. On loopback every local user comes from 127.0.0.1 (or any 127.x address it
 * likes), so the address says little: the kernel's socket table ({@code /proc/net/tcp}, Linux) gives
 * the uid owning the client's end, which tells the emulator's own user from the others. Elsewhere,
 * and where the table cannot be read (or the socket is not found in its first
 * MiB), the client is its remote address.
 *
 * <p>A lookup reads a table the kernel writes anew each time, at a cost that grows with every
 * socket on the machine, so {@link HttpServer} asks only when connections run short, and on the
 * new connection's own thread.
 */
public interface ClientIdentity {
    /** A client: {@code own} when it is the server's own user, and a key shared by its connections. */
    record Client(String key, boolean own) {}

    Client of(Socket socket);

    /** By the owner of the client's socket on loopback (Linux), else by remote address. */
    static ClientIdentity system() {
        String ownUid = ownUid();
        ProcNetTcp tables = ProcNetTcp.system();
        return socket -> {
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            InetAddress address = remote.getAddress();
            if (ownUid != null && address.isLoopbackAddress()) {
                String uid = tables.ownerOf(remote, (InetSocketAddress) socket.getLocalSocketAddress())
                        .uid();
                if (uid != null) {
                    return new Client("uid:" + uid, uid.equals(ownUid));
                }
            }
            return new Client("address:" + address.getHostAddress(), false);
        };
    }

    private static String ownUid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
