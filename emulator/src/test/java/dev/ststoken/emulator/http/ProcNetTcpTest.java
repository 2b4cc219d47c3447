package dev.ststoken.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket-table lookup reads no more than it must: another local user decides how long the
 * kernel's tables are, and each line costs the kernel time to write (counted here in bytes read,
 * never timed).
 */
class ProcNetTcpTest {
    static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8_443);
    static final String MAPPED_LOOPBACK = "0000000000000000FFFF00000100007F";

    @TempDir
    Path dir;

    /** A tcp6 table as the kernel writes it: a header, then one line per socket. */
    static List<String> table(int sockets) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
        for (int i = 0; i < sockets; i++) {
            lines.add(line(i, 20_000 + i, 9_000, 1001));
        }
        return lines;
    }

    static String line(int sl, int localPort, int remotePort, int uid) {
        return String.format(
                Locale.ROOT,
                "%4d: %s:%04X %s:%04X 01 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 0000000000000000 20 4 30 10 -1",
                sl,
                MAPPED_LOOPBACK,
                localPort,
                MAPPED_LOOPBACK,
                remotePort,
                uid,
                100_000 + sl);
    }

    Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void the_lookup_stops_at_the_matching_line() throws IOException {
        List<String> lines = table(5_000);
        lines.add(11, line(10, CLIENT.getPort(), SERVER.getPort(), 1234));
        Path tcp6 = write("tcp6", lines);
        Path tcp = write("tcp", table(5_000));

        ProcNetTcp.Lookup found =
                new ProcNetTcp(List.of(tcp6, tcp), ProcNetTcp.MAX_TABLE_BYTES).ownerOf(CLIENT, SERVER);

        assertThat(found.uid()).isEqualTo("1234");
        // Before, both tables were read whole on every accept: 2 x 5,001 lines, about 1.7 MB here.
        assertThat(found.bytesRead())
                .as("the header and twelve lines, not the %d bytes of the tables", Files.size(tcp6) + Files.size(tcp))
                .isLessThanOrEqualTo(12L * lines.get(1).length() + lines.get(0).length() + 12);
    }

    @Test
    void each_table_is_read_at_most_up_to_the_cap() throws IOException {
        Path tcp6 = write("tcp6", table(5_000));
        List<String> v4 = table(5_000);
        v4.add(line(5_000, CLIENT.getPort(), SERVER.getPort(), 1234)); // past the cap: never reached
        Path tcp = write("tcp", v4);
        int cap = 64 * 1024;

        ProcNetTcp.Lookup lookup = new ProcNetTcp(List.of(tcp6, tcp), cap).ownerOf(CLIENT, SERVER);

        assertThat(lookup.uid())
                .as("not found within the cap: the client is then told apart by address")
                .isNull();
        assertThat(lookup.bytesRead()).isBetween(2L * cap, 2L * (cap + v4.get(1).length() + 1));
    }

    @Test
    void the_table_listed_first_is_read_first_and_the_other_only_when_it_has_no_match() throws IOException {
        List<String> lines = table(100);
        lines.add(line(100, CLIENT.getPort(), SERVER.getPort(), 1234));
        Path tcp6 = write("tcp6", lines);
        Path tcp = write("tcp", table(5_000));

        ProcNetTcp.Lookup lookup =
                new ProcNetTcp(List.of(tcp6, tcp), ProcNetTcp.MAX_TABLE_BYTES).ownerOf(CLIENT, SERVER);

        assertThat(lookup.uid()).isEqualTo("1234");
        assertThat(lookup.bytesRead()).isEqualTo(Files.size(tcp6));
        assertThat(new ProcNetTcp(List.of(dir.resolve("missing"), tcp6), ProcNetTcp.MAX_TABLE_BYTES)
                        .ownerOf(CLIENT, SERVER)
                        .uid())
                .as("a table that is not there (no IPv6) is skipped")
                .isEqualTo("1234");
    }

    @Test
    void a_line_that_only_shares_the_ports_is_not_a_match() throws IOException {
        List<String> lines = table(10);
        // Same ports, another address (::1): not this connection.
        lines.add(line(10, CLIENT.getPort(), SERVER.getPort(), 1234)
                .replace(MAPPED_LOOPBACK, "00000000000000000000000001000000"));
        lines.add(line(11, SERVER.getPort(), CLIENT.getPort(), 1234)); // the server's end, reversed
        Path tcp6 = write("tcp6", lines);

        assertThat(new ProcNetTcp(List.of(tcp6), ProcNetTcp.MAX_TABLE_BYTES)
                        .ownerOf(CLIENT, SERVER)
                        .uid())
                .isNull();
    }
}
