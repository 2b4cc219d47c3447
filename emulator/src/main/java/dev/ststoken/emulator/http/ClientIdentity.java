package dev.ststoken.emulator.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Who is at the other end of a connection, as far as a server can tell, so that one client cannot
 * take every connection. On loopback every local user comes from 127.0.0.1 (or any 127.x address it
 * likes), so the address says little: the kernel's socket table ({@code /proc/net/tcp}, Linux) gives
 * the uid owning the client's end, which tells the emulator's own user from the others. Elsewhere,
 * and where the table cannot be read, the client is its remote address.
 */
public interface ClientIdentity {
    /** A client: {@code own} when it is the server's own user, and a key shared by its connections. */
    record Client(String key, boolean own) {}

    Client of(Socket socket);

    /** By the owner of the client's socket on loopback (Linux), else by remote address. */
    static ClientIdentity system() {
        String ownUid = ownUid();
        return socket -> {
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            InetAddress address = remote.getAddress();
            if (ownUid != null && address.isLoopbackAddress()) {
                String uid = ProcNetTcp.ownerOf(remote, (InetSocketAddress) socket.getLocalSocketAddress());
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

    /** The uid column of the kernel's TCP socket tables. */
    final class ProcNetTcp {
        private ProcNetTcp() {}

        /** The uid owning the socket whose local end is {@code client} and remote end {@code server}; null if none. */
        static String ownerOf(InetSocketAddress client, InetSocketAddress server) {
            String local = hex(client);
            String remote = hex(server);
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue;
                }
                for (String line : lines) {
                    String[] fields = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...
                    if (fields.length > 7 && sameEnd(fields[1], local, client) && sameEnd(fields[2], remote, server)) {
                        return fields[7];
                    }
                }
            }
            return null;
        }

        /** An end as the IPv4 table writes it (address in host order, little-endian here), and port. */
        private static String hex(InetSocketAddress end) {
            return String.format(Locale.ROOT, "%04X", end.getPort());
        }

        private static boolean sameEnd(String field, String port, InetSocketAddress end) {
            int colon = field.indexOf(':');
            if (colon < 0 || !field.substring(colon + 1).equalsIgnoreCase(port)) {
                return false;
            }
            byte[] wanted = end.getAddress().getAddress();
            byte[] seen = address(field.substring(0, colon));
            if (seen == null) {
                return false;
            }
            if (seen.length == 16 && wanted.length == 4) {
                // An IPv4 client of an IPv6 socket: ::ffff:a.b.c.d
                for (int i = 0; i < 10; i++) {
                    if (seen[i] != 0) {
                        return false;
                    }
                }
                if (seen[10] != (byte) 0xff || seen[11] != (byte) 0xff) {
                    return false;
                }
                byte[] v4 = new byte[4];
                System.arraycopy(seen, 12, v4, 0, 4);
                seen = v4;
            }
            return java.util.Arrays.equals(seen, wanted);
        }

        /** The table's hex address: 32-bit words, each in the kernel's (little-endian) byte order. */
        private static byte[] address(String hex) {
            if (hex.length() != 8 && hex.length() != 32) {
                return null;
            }
            byte[] out = new byte[hex.length() / 2];
            try {
                for (int word = 0; word < out.length / 4; word++) {
                    for (int b = 0; b < 4; b++) {
                        int at = word * 8 + b * 2;
                        out[word * 4 + (3 - b)] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
                    }
                }
            } catch (NumberFormatException e) {
                return null;
            }
            return out;
        }
    }
}
