package dev.ststoken.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable loopback server for fault injection: each connection gets the next scripted fault
 * (the last one repeats). Raw sockets, so it can also misbehave below HTTP: reset mid-response,
 * never answer, close without a word.
 */
public final class FaultServer implements AutoCloseable {
    /** What to do with one request. */
    public interface Fault {
        void respond(Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Deque<Fault> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.List<String> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final Thread acceptor;
    private volatile boolean closed;

    public FaultServer(Fault... faults) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (Fault fault : faults) {
            script.add(fault);
        }
        acceptor = new Thread(this::acceptLoop, "fault-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public int requests() {
        return requests.get();
    }

    /** Each request as it arrived (head and body, ISO-8859-1), in order. */
    public java.util.List<String> received() {
        synchronized (received) {
            return java.util.List.copyOf(received);
        }
    }

    private synchronized Fault next() {
        return script.size() > 1 ? script.poll() : script.peek();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> handle(socket), "fault-server-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            received.add(readRequest(socket.getInputStream()));
            requests.incrementAndGet();
            next().respond(socket, socket.getOutputStream());
        } catch (IOException e) {
            // the client went away; fine
        }
    }

    /** Reads headers and a Content-Length body. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            headers.append((char) c);
            if (headers.length() >= 4 && headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int length = 0;
        for (String line : headers.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    public static Fault status(int status, String contentType, String body) {
        return (socket, out) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                            + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        };
    }

    public static Fault awsError(int status, String code, String message) {
        return status(
                status,
                "text/xml",
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
                        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>"
                        + message
                        + "</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>");
    }

    /** A well-formed session that expires an hour after the answer is sent. */
    public static Fault sessionToken() {
        return (socket, out) -> credentials(
                        "ASIAFAULTSERVER00001",
                        "faultsecretfaultsecretfaultsecretfaultse",
                        "faulttoken",
                        java.time.Instant.now().plusSeconds(3600).toString())
                .respond(socket, out);
    }

    /** A GetSessionToken answer carrying exactly these texts (not XML-escaped: a hostile server picks its bytes). */
    public static Fault credentials(String accessKeyId, String secret, String token, String expiration) {
        return status(
                200,
                "text/xml",
                "<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetSessionTokenResult><Credentials><AccessKeyId>" + accessKeyId + "</AccessKeyId>"
                        + "<SecretAccessKey>" + secret + "</SecretAccessKey>"
                        + "<SessionToken>" + token + "</SessionToken><Expiration>" + expiration
                        + "</Expiration></Credentials>"
                        + "</GetSessionTokenResult><ResponseMetadata><RequestId>ok-1</RequestId></ResponseMetadata></GetSessionTokenResponse>");
    }

    /** Headers and half a body, then a TCP reset. */
    public static Fault resetMidResponse() {
        return (socket, out) -> {
            out.write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<GetSessionTokenResponse>")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoLinger(true, 0);
        };
    }

    /** Accepts and reads the request, then says nothing until the client gives up. */
    public static Fault silence() {
        return (socket, out) -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
