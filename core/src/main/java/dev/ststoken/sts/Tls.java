package dev.ststoken.sts;

import dev.ststoken.errors.StsTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Turns {@link TlsSettings} into a socket factory, and TLS failures into words. Only loaded for https endpoints. */
final class Tls {
    private Tls() {}

    /**
     * The factory TLS sockets come from: a trust-all one for {@code --no-verify-ssl} (the client then
     * skips the host name check too), one trusting only the CA bundle, or the JDK's default.
     */
    static SSLSocketFactory socketFactory(TlsSettings settings) throws StsTransportException {
        if (!settings.verify()) {
            return trustAll();
        }
        if (settings.caBundle() != null) {
            return trusting(settings.caBundle());
        }
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    /**
     * A TLS failure in the user's words. The JDK's messages name its internal classes
     * ("PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException ...").
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return "its certificate is not trusted (self-signed, or issued by a CA that is not in the trust store)";
            }
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "its certificate has expired";
            }
            if (t instanceof java.security.cert.CertificateException
                    && t.getMessage() != null
                    && (t.getMessage().startsWith("No subject alternative")
                            || t.getMessage().startsWith("No name matching"))) {
                return "its certificate does not name this host";
            }
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext connection")) {
            return "it did not answer in TLS (is the endpoint plain http? try http://)";
        }
        if (message.contains("handshake_failure") || message.contains("protocol_version")) {
            return "no TLS version or cipher in common";
        }
        return "the TLS handshake failed";
    }

    private static SSLSocketFactory trustAll() throws StsTransportException {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new StsTransportException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLSocketFactory trusting(Path caBundle) throws StsTransportException {
        try (InputStream in = Files.newInputStream(caBundle)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new StsTransportException("CA bundle " + caBundle + " holds no certificate", null);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new StsTransportException("cannot read CA bundle " + caBundle + ": " + e.getMessage(), e);
        }
    }
}
