package dev.ststoken.sts;

import java.nio.file.Path;

/**
 * How to trust the endpoint's certificate: the JDK's trust store, a PEM bundle, or (the original module's
 * {@code validate_certs: no}) nothing at all.
 */
public record TlsSettings(boolean verify, Path caBundle) {
    public static final TlsSettings DEFAULT = new TlsSettings(true, null);
}
