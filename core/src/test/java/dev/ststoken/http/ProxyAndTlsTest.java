package dev.ststoken.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.http.HttpFailure.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies and TLS: an http endpoint asked of the proxy in absolute form, an https one through a
 * CONNECT tunnel with the certificate checked against the endpoint's name (never the proxy's),
 * a refused tunnel, and a TLS port that never answers within the connect timeout.
 */
class ProxyAndTlsTest {
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @TempDir
    static Path dir;

    static SSLContext serverContext;
    static SSLSocketFactory trustingTheCertificate;

    /** A certificate naming localhost and 127.0.0.1, made by the JDK's keytool (there is no API). */
    @BeforeAll
    static void certificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-keystore",
                        keystore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass:env",
                        "KS_PASS",
                        "-keypass:env",
                        "KS_PASS")
                .redirectErrorStream(true);
        builder.environment().put("KS_PASS", "test-only-password");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        char[] password = "test-only-password".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", store.getCertificate("server"));
        TrustManagerFactory trusts = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusts.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trusts.getTrustManagers(), null);
        trustingTheCertificate = client.getSocketFactory();
    }

    static ScriptedServer tlsServer(String answer) throws IOException {
        ServerSocket listener =
                serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        assertThat(listener).isInstanceOf(SSLServerSocket.class);
        return new ScriptedServer(listener, (request, socket, out) -> {
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
    }

    static Response get(URI uri, Route route) throws IOException {
        return Http1Client.send(new Request("GET", uri, List.of(), null), route);
    }

    static Route direct() {
        return new Route(null, 0, trustingTheCertificate, true, 2_000, 5_000, 1 << 20);
    }

    static Route through(TunnelProxy proxy) {
        return new Route("127.0.0.1", proxy.port(), trustingTheCertificate, true, 2_000, 5_000, 1 << 20);
    }

    @Test
    void https_with_the_certificate_trusted_and_its_name_checked() throws Exception {
        try (ScriptedServer server = tlsServer(OK)) {
            assertThat(get(URI.create("https://127.0.0.1:" + server.port() + "/a"), direct())
                            .text())
                    .isEqualTo("ok");
            assertThat(get(URI.create("https://localhost:" + server.port() + "/b"), direct())
                            .text())
                    .isEqualTo("ok");
            assertThat(server.requests.get(1)).startsWith("GET /b HTTP/1.1\r\nHost: localhost:" + server.port());
        }
    }

    @Test
    void an_untrusted_certificate_is_refused() throws Exception {
        try (ScriptedServer server = tlsServer(OK)) {
            Route jdkTrustStore =
                    new Route(null, 0, (SSLSocketFactory) SSLSocketFactory.getDefault(), true, 2_000, 5_000, 1 << 20);
            assertThatThrownBy(() -> get(URI.create("https://127.0.0.1:" + server.port() + "/"), jdkTrustStore))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void http_through_a_proxy_is_asked_in_absolute_form() throws Exception {
        try (TunnelProxy proxy = new TunnelProxy(0, OK)) {
            Response response = Http1Client.send(
                    new Request("POST", URI.create("http://sts.example:8080/p?q=1"), List.of(), new byte[] {'x'}),
                    new Route("127.0.0.1", proxy.port(), null, true, 2_000, 5_000, 1024));
            assertThat(response.text()).isEqualTo("ok");
            assertThat(proxy.received.get(0))
                    .startsWith("POST http://sts.example:8080/p?q=1 HTTP/1.1\r\nHost: sts.example:8080\r\n")
                    .doesNotContainIgnoringCase("Proxy-Authorization");
        }
    }

    @Test
    void https_through_a_proxy_tunnels_and_checks_the_endpoints_name_not_the_proxys() throws Exception {
        try (ScriptedServer server = tlsServer(OK);
                TunnelProxy proxy = new TunnelProxy(server.port(), null)) {
            Response response = get(URI.create("https://localhost:" + server.port() + "/t"), through(proxy));
            assertThat(response.text()).isEqualTo("ok");
            assertThat(proxy.received.get(0))
                    .startsWith("CONNECT localhost:" + server.port() + " HTTP/1.1\r\nHost: localhost:" + server.port())
                    .doesNotContainIgnoringCase("Proxy-Authorization");
            assertThat(server.requests.get(0)).startsWith("GET /t HTTP/1.1\r\n");
            // The proxy (127.0.0.1) is a name the certificate holds; the endpoint's is not.
            assertThatThrownBy(() -> get(URI.create("https://sts.example:" + server.port() + "/"), through(proxy)))
                    .isInstanceOf(SSLHandshakeException.class)
                    .rootCause()
                    .hasMessageContaining("No subject alternative");
        }
    }

    @Test
    void a_proxy_that_refuses_the_tunnel_is_said_so_with_its_status() throws Exception {
        try (ScriptedServer proxy =
                ScriptedServer.answering("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")) {
            Route route = new Route("127.0.0.1", proxy.port(), trustingTheCertificate, true, 2_000, 5_000, 1024);
            assertThatThrownBy(() -> get(URI.create("https://localhost:1/"), route))
                    .isInstanceOfSatisfying(
                            HttpFailure.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROXY_REFUSED))
                    .hasMessageContaining("HTTP 407");
        }
    }

    @Test
    void a_port_that_never_answers_tls_fails_within_the_connect_timeout() throws Exception {
        try (ScriptedServer silent = new ScriptedServer((request, socket, out) -> {})) {
            // The script runs only after a request head arrives, which a ClientHello is not: the server waits.
            Route route = new Route(null, 0, trustingTheCertificate, true, 300, 60_000, 1024);
            assertThatThrownBy(() -> get(URI.create("https://127.0.0.1:" + silent.port() + "/"), route))
                    .isInstanceOfSatisfying(
                            HttpFailure.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS_STALLED));
        }
    }

    /**
     * A proxy that records what it received. CONNECT: answers 200 and pipes bytes to 127.0.0.1 at
     * the given port, whatever host was asked for. Anything else: answers {@code answer} itself.
     */
    static final class TunnelProxy implements AutoCloseable {
        final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        TunnelProxy(int targetPort, String answer) throws IOException {
            listener.setSoTimeout(30_000);
            Thread thread = new Thread(() -> {
                while (true) {
                    try {
                        Socket client = listener.accept();
                        client.setSoTimeout(10_000);
                        String head = ScriptedServer.readRequest(client.getInputStream());
                        received.add(head);
                        if (!head.startsWith("CONNECT ")) {
                            client.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        client.getOutputStream()
                                .write("HTTP/1.1 200 Connection established\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                        pipe(client, upstream);
                        pipe(upstream, client);
                    } catch (IOException closedOrIdle) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void pipe(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try (InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
