package dev.ststoken.webidentity;

import dev.ststoken.errors.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A web identity token file as CI systems and Kubernetes write one (GitHub Actions' step, EKS's
 * projected service account token, often a link into a {@code ..data} directory): a regular file
 * holding one token. It is read afresh for each new session, since its writer replaces it before the
 * token ends. Its owner and mode are not checked (EKS mounts it root-owned and 0644); what is checked
 * is that it is a regular file (a FIFO or device would hang or flood the read), no larger than STS
 * takes (20,000 characters), and printable ASCII without spaces. The token is a bearer credential:
 * no message ever shows it or any part of it.
 */
final class TokenFile {
    /** STS's model: WebIdentityToken is 4 to 20,000 characters. */
    static final int MAX_CHARS = 20_000;

    private TokenFile() {}

    static String read(Path file) throws ConfigException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new ConfigException("web identity token file " + file + " is not a regular file");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                // Trailing newlines allowed; more than that is no token.
                bytes = in.readNBytes(MAX_CHARS + 3);
            }
            String token = new String(bytes, StandardCharsets.ISO_8859_1).strip();
            if (bytes.length > MAX_CHARS + 2) {
                throw new ConfigException("web identity token file " + file + " holds more than " + MAX_CHARS
                        + " characters: not a token STS takes");
            }
            if (token.length() < 4) {
                throw new ConfigException("web identity token file " + file + " holds no token");
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c <= ' ' || c > '~') {
                    throw new ConfigException("web identity token file " + file
                            + " holds a character a token does not have (a space, a control or a non-ASCII one)");
                }
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new ConfigException("web identity token file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read web identity token file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
