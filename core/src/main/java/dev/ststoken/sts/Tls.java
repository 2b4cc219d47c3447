package dev.ststoken.sts;

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
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Applies {@link TlsSettings} to a connection. Only loaded for https endpoints. */
final class Tls {
    private Tls() {}

    static void configure(HttpsURLConnection connection, TlsSettings settings) throws StsTransportException {
        if (!settings.verify()) {
            connection.setSSLSocketFactory(trustAll());
            HostnameVerifier any = (host, session) -> true;
            connection.setHostnameVerifier(any);
        } else if (settings.caBundle() != null) {
            connection.setSSLSocketFactory(trusting(settings.caBundle()));
        }
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
