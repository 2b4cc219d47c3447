package dev.ststoken.emulator.state;

import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The emulator's self-signed certificate, kept in the state dir. The JDK has no public API to
 * create a certificate, so the JDK's own keytool makes it once; later starts only load it.
 * {@code tls-cert.pem} is what clients trust with --ca-bundle or AWS_CA_BUNDLE.
 */
public final class TlsCertificate {
    static final String KEYSTORE = "tls-keystore.p12";
    static final String PASSWORD = "tls-keystore.pass";
    static final String CERT_PEM = "tls-cert.pem";

    private final SSLContext context;

    private TlsCertificate(SSLContext context) {
        this.context = context;
    }

    public SSLContext sslContext() {
        return context;
    }

    public static synchronized TlsCertificate loadOrCreate(Path stateDir) throws IOException, EmulatorStateException {
        Path keystore = stateDir.resolve(KEYSTORE);
        Path passwordFile = stateDir.resolve(PASSWORD);
        if (!Files.exists(keystore) || !Files.exists(passwordFile)) {
            create(stateDir, keystore, passwordFile);
        }
        char[] password =
                Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return new TlsCertificate(context);
        } catch (GeneralSecurityException e) {
            throw new EmulatorStateException(
                    "TLS keystore " + keystore + " is unusable (" + e.getMessage() + "); delete " + KEYSTORE + " and "
                            + PASSWORD + " to make a new certificate",
                    e);
        }
    }

    private static void create(Path stateDir, Path keystore, Path passwordFile)
            throws IOException, EmulatorStateException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        AtomicFiles.write(passwordFile, password + "\n");
        Path temp = stateDir.resolve(KEYSTORE + ".new");
        Files.deleteIfExists(temp);
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        // The password reaches keytool through its environment, never its argv (visible in ps).
        run(
                List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "emulator",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "3650",
                        "-dname",
                        "CN=localhost, O=sts-session-token emulator",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1",
                        "-keystore",
                        temp.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass:env",
                        "STS_EMULATOR_KS",
                        "-keypass:env",
                        "STS_EMULATOR_KS"),
                password);
        Path pem = stateDir.resolve(CERT_PEM + ".new");
        run(
                List.of(
                        keytool,
                        "-exportcert",
                        "-rfc",
                        "-alias",
                        "emulator",
                        "-keystore",
                        temp.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass:env",
                        "STS_EMULATOR_KS",
                        "-file",
                        pem.toString()),
                password);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, keystore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.write(stateDir.resolve(CERT_PEM), Files.readString(pem, StandardCharsets.UTF_8));
        Files.delete(pem);
    }

    private static void run(List<String> command, String password) throws IOException, EmulatorStateException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("STS_EMULATOR_KS", password);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new EmulatorStateException(
                        "keytool could not create the TLS certificate: "
                                + new String(output, StandardCharsets.UTF_8).strip(),
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the TLS certificate", e);
        }
    }
}
