package dev.ststoken.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile (or plain) endpoint on 127.0.0.1, port 0: each connection's request is read and recorded,
 * then the script answers on the raw socket. It stops by itself: no connection for 30 s ends it, and
 * so does {@link #close}.
 */
final class ScriptedServer implements AutoCloseable {
    interface Script {
        void answer(String request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket listener;
    final List<String> requests = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    }

    ScriptedServer(ServerSocket listener, Script script) throws IOException {
        this.listener = listener;
        listener.setSoTimeout(30_000);
        Thread thread = new Thread(() -> {
            while (true) {
                Socket accepted;
                try {
                    accepted = listener.accept();
                } catch (IOException closedOrIdle) {
                    return; // closed by the test, or idle for 30 s
                }
                try (Socket socket = accepted) {
                    socket.setSoTimeout(10_000);
                    String request = readRequest(socket.getInputStream());
                    requests.add(request);
                    script.answer(request, socket, socket.getOutputStream());
                } catch (IOException perConnection) {
                    // the client went away: next connection
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes these bytes (ISO-8859-1) and closes. */
    static ScriptedServer answering(String raw) throws IOException {
        return new ScriptedServer((request, socket, out) -> {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** The request's head and its Content-Length body, as text. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                String lower = text.toLowerCase(Locale.ROOT);
                int at = lower.indexOf("\r\ncontent-length:");
                int length = at < 0
                        ? 0
                        : Integer.parseInt(lower.substring(at + 17, lower.indexOf("\r\n", at + 2))
                                .strip());
                return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
