package dev.ststoken.emulator.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The uid column of the kernel's TCP socket tables ({@code /proc/net/tcp6}, {@code /proc/net/tcp}).
 *
 * <p>The kernel writes these tables anew on every read, one line per socket on the machine, and
 * that is what a lookup costs: measured with the security review's microbenchmark (a loopback
 * server, the lookup repeated 200 times; 2 shared cores), reading both tables whole took 7.6 ms
 * with 85 lines in tcp6 and 51 ms with 1,000 more idle loopback connections (2,085 lines), and
 * another local user decides how many lines there are. So a lookup reads the table the socket is
 * in first (tcp6 for Java's dual-stack sockets), stops at the matching line (with 2,085 lines: 11-22
 * ms instead of 46-50 ms, reading 234 KB of tcp6's 371 KB where that socket's line was), and reads at most
 * {@link #MAX_TABLE_BYTES} of each table; the server asks only under pressure, and never on its
 * accepting thread ({@link HttpServer}).
 */
final class ProcNetTcp {
    /** About 5,900 lines of tcp6 or 7,000 of tcp: a machine's ordinary sockets fit many times over. */
    static final int MAX_TABLE_BYTES = 1 << 20;

    /** A lookup's answer (null if not found) and the bytes it read, so tests can see what it cost. */
    record Lookup(String uid, long bytesRead) {}

    private final List<Path> tables;
    private final long maxTableBytes;

    ProcNetTcp(List<Path> tables, long maxTableBytes) {
        this.tables = List.copyOf(tables);
        this.maxTableBytes = maxTableBytes;
    }

    /** The kernel's tables, the one this JVM's sockets are in first: tcp6 unless it uses IPv4 sockets only. */
    static ProcNetTcp system() {
        Path tcp = Path.of("/proc/net/tcp");
        Path tcp6 = Path.of("/proc/net/tcp6");
        return new ProcNetTcp(
                Boolean.getBoolean("java.net.preferIPv4Stack") ? List.of(tcp, tcp6) : List.of(tcp6, tcp),
                MAX_TABLE_BYTES);
    }

    /** The uid owning the socket whose local end is {@code client} and remote end {@code server}. */
    Lookup ownerOf(InetSocketAddress client, InetSocketAddress server) {
        String local = port(client);
        String remote = port(server);
        // Both ports in the line, as the table writes them, before any field is parsed.
        String localEnd = ":" + local + " ";
        String remoteEnd = ":" + remote + " ";
        long read = 0;
        for (Path table : tables) {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(Files.newInputStream(table), StandardCharsets.US_ASCII))) {
                long readHere = 0;
                String line;
                while (readHere < maxTableBytes && (line = lines.readLine()) != null) {
                    readHere += line.length() + 1;
                    if (!line.contains(localEnd) || !line.contains(remoteEnd)) {
                        continue;
                    }
                    String[] fields = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...
                    if (fields.length > 7 && sameEnd(fields[1], local, client) && sameEnd(fields[2], remote, server)) {
                        return new Lookup(fields[7], read + readHere);
                    }
                }
                read += readHere;
            } catch (IOException e) {
                // no such table (no IPv6, not Linux): the other one may still say
            }
        }
        return new Lookup(null, read);
    }

    /** A port as the tables write it: four upper-case hex digits. */
    private static String port(InetSocketAddress end) {
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
            seen = Arrays.copyOfRange(seen, 12, 16);
        }
        return Arrays.equals(seen, wanted);
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
