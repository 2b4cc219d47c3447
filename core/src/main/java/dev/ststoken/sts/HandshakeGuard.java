package dev.ststoken.sts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Bounds the TLS handshake by the connect timeout instead of the read timeout, and remembers
 * whether it finished. An https:// URL pointed at a plain-HTTP port gets no ServerHello: without
 * this the client would wait the whole read timeout on every attempt (a minute with retries) and
 * then report a generic timeout. One instance per connection.
 */
final class HandshakeGuard extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final int handshakeTimeoutMillis;
    private final boolean verifyHostname;
    private volatile boolean started;
    private volatile boolean completed;

    /**
     * @param verifyHostname check the certificate names the host during the handshake (as the JDK
     *                       does when it runs the handshake itself); false only for --no-verify-ssl
     */
    HandshakeGuard(SSLSocketFactory delegate, int handshakeTimeoutMillis, boolean verifyHostname) {
        this.delegate = delegate;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.verifyHostname = verifyHostname;
    }

    /** A handshake began and did not finish: whatever failed, failed before the server spoke TLS. */
    boolean stalledInHandshake() {
        return started && !completed;
    }

    /**
     * Runs the handshake here, under the connect timeout: the connection sets its read timeout on
     * the socket after this returns, so a timeout set here would not survive to its own handshake.
     */
    private Socket handshake(Socket created) throws IOException {
        if (!(created instanceof SSLSocket)) {
            return created;
        }
        SSLSocket ssl = (SSLSocket) created;
        if (verifyHostname) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        int before = ssl.getSoTimeout();
        ssl.setSoTimeout(handshakeTimeoutMillis);
        started = true;
        ssl.startHandshake();
        completed = true;
        ssl.setSoTimeout(before);
        return ssl;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return handshake(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return handshake(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return handshake(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return handshake(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return handshake(delegate.createSocket(address, port, localAddress, localPort));
    }

    // No createSocket(): the inherited one refuses unconnected sockets, which makes the connection
    // connect a plain socket and layer TLS over it through createSocket(Socket, ...) above.

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
