package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-HTTP port closes a TLS handshake at once and relays everything else unchanged. */
class TlsRefusingFrontTest {
    /** Far below the 30 s the HTTP server would wait for a request line; a hang fails the test. */
    static final int PATIENCE_MILLIS = 5000;

    @TempDir
    Path stateDir;

    Emulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void a_tls_client_hello_on_the_plain_port_is_answered_by_closing_the_connection() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", emulator.port())) {
            raw.setSoTimeout(PATIENCE_MILLIS);
            SSLSocket tls = (SSLSocket)
                    SSLContext.getDefault().getSocketFactory().createSocket(raw, "127.0.0.1", emulator.port(), true);
            Throwable failure = catchThrowable(tls::startHandshake);
            assertThat(failure)
                    .as("the handshake must fail because the server closed, not time out")
                    .isNotNull()
                    .isNotInstanceOf(SocketTimeoutException.class)
                    .hasMessageNotContaining("Read timed out");
        }
    }

    @Test
    void a_plain_request_still_gets_an_http_answer_on_the_same_port() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(PATIENCE_MILLIS);
            socket.getOutputStream()
                    .write("GET /?Action=GetCallerIdentity HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").contains("MissingAuthenticationToken");
        }
    }

    @Test
    void a_connection_that_never_sends_a_byte_does_not_stop_others() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", emulator.port())) {
            a_plain_request_still_gets_an_http_answer_on_the_same_port();
        }
    }
}
