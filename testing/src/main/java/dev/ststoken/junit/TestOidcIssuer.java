package dev.ststoken.junit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect issuer for tests, as a CI system's (GitHub Actions', GitLab's) is to AWS: it
 * serves its discovery document ({@code /.well-known/openid-configuration}) and its keys
 * ({@code /jwks}, one RSA 2048 and one P-256 key) on a free loopback port, and signs ID tokens with
 * the subject, audience and times a test chooses, which the emulator's AssumeRoleWithWebIdentity
 * verifies as STS does:
 *
 * <pre>
 * TestOidcIssuer ci = sts.oidcIssuer();                      // registered as an IAM OIDC provider
 * TestRole deploy = sts.role("deploy").trustingWebIdentity(ci, "repo:acme/app:ref:refs/heads/main");
 * String token = ci.token("repo:acme/app:ref:refs/heads/main").sign();
 * </pre>
 *
 * <p>Token times follow the clock it was given (the emulator's test clock for {@code sts.oidcIssuer()}),
 * so a test moves one clock for both. Its issuer URL is {@code http://127.0.0.1:PORT}: the emulator
 * fetches keys only from loopback issuers (and those its configuration names).
 */
public final class TestOidcIssuer implements AutoCloseable {
    /** The audience GitHub Actions and the AWS docs use, the default client ID of a registered issuer. */
    public static final String STS_AUDIENCE = "sts.amazonaws.com";

    /** The signing algorithms of its two keys. */
    public enum Algorithm {
        RS256,
        ES256
    }

    private final HttpServer server;
    private final Clock clock;
    private final KeyPair rsa;
    private final KeyPair ec;
    private final AtomicInteger keyFetches = new AtomicInteger();
    private volatile String providerArn;

    private TestOidcIssuer(HttpServer server, Clock clock, KeyPair rsa, KeyPair ec) {
        this.server = server;
        this.clock = clock;
        this.rsa = rsa;
        this.ec = ec;
    }

    /** An issuer on a free loopback port, not registered anywhere; close it. */
    public static TestOidcIssuer start(Clock clock) {
        try {
            KeyPairGenerator rsaKeys = KeyPairGenerator.getInstance("RSA");
            rsaKeys.initialize(2048);
            KeyPairGenerator ecKeys = KeyPairGenerator.getInstance("EC");
            ecKeys.initialize(new ECGenParameterSpec("secp256r1"));
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestOidcIssuer issuer =
                    new TestOidcIssuer(server, clock, rsaKeys.generateKeyPair(), ecKeys.generateKeyPair());
            server.createContext(
                    "/.well-known/openid-configuration", exchange -> issuer.answer(exchange, issuer.discovery()));
            server.createContext("/jwks", exchange -> {
                issuer.keyFetches.incrementAndGet();
                issuer.answer(exchange, issuer.jwks());
            });
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("the test OIDC issuer did not start", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make RSA or P-256 keys", e);
        }
    }

    /** The issuer, as tokens' {@code iss} and the IAM provider's URL: {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The provider's name in IAM (its URL without scheme), the prefix of its condition keys: {@code NAME:sub}. */
    public String providerName() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The IAM OIDC provider's ARN, once registered ({@code sts.oidcIssuer()} does); else null. */
    public String providerArn() {
        return providerArn;
    }

    void registered(String arn) {
        this.providerArn = arn;
    }

    /** How many times its key set was fetched (the emulator keeps keys a while). */
    public int keyFetches() {
        return keyFetches.get();
    }

    /** A token for this subject: audience sts.amazonaws.com, issued now, valid an hour, RS256. */
    public TokenBuilder token(String subject) {
        return new TokenBuilder(subject);
    }

    /** What a token says and how it is signed; {@link #sign()} makes it. */
    public final class TokenBuilder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Algorithm algorithm = Algorithm.RS256;
        private Duration lifetime = Duration.ofHours(1);
        private Instant issuedAt;
        private KeyPair foreignKey;

        private TokenBuilder(String subject) {
            claims.put("iss", url());
            claims.put("sub", subject);
            claims.put("aud", STS_AUDIENCE);
        }

        public TokenBuilder audience(String audience) {
            claims.put("aud", audience);
            return this;
        }

        /** Another {@code iss} than this issuer's (a token another issuer would have made). */
        public TokenBuilder issuer(String issuer) {
            claims.put("iss", issuer);
            return this;
        }

        /** When it was issued (default: the clock's now); exp is this plus its lifetime. */
        public TokenBuilder issuedAt(Instant instant) {
            this.issuedAt = instant;
            return this;
        }

        public TokenBuilder validFor(Duration duration) {
            this.lifetime = duration;
            return this;
        }

        /** Any other claim (a string, number, boolean or list of them). */
        public TokenBuilder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public TokenBuilder signedWith(Algorithm newAlgorithm) {
            this.algorithm = newAlgorithm;
            return this;
        }

        /** Signed with a key the issuer does not publish, under its key id: a forged token. */
        public TokenBuilder forged() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm == Algorithm.RS256 ? "RSA" : "EC");
                if (algorithm == Algorithm.RS256) {
                    generator.initialize(2048);
                } else {
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                }
                this.foreignKey = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        /** The compact JWS. */
        public String sign() {
            Instant iat = issuedAt == null ? clock.instant() : issuedAt;
            Map<String, Object> body = new LinkedHashMap<>(claims);
            body.put("iat", iat.getEpochSecond());
            body.put("nbf", iat.getEpochSecond());
            body.put("exp", iat.plus(lifetime).getEpochSecond());
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", algorithm.name());
            header.put("typ", "JWT");
            header.put("kid", algorithm == Algorithm.RS256 ? "rsa-1" : "ec-1");
            String input = base64(json(header).getBytes(StandardCharsets.UTF_8)) + "."
                    + base64(json(body).getBytes(StandardCharsets.UTF_8));
            KeyPair key = foreignKey != null ? foreignKey : algorithm == Algorithm.RS256 ? rsa : ec;
            try {
                Signature signer = Signature.getInstance(
                        algorithm == Algorithm.RS256 ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
                signer.initSign(key.getPrivate());
                signer.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + base64(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK cannot sign with " + algorithm, e);
            }
        }
    }

    private String discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", url());
        document.put("jwks_uri", url() + "/jwks");
        document.put("response_types_supported", List.of("id_token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        return json(document);
    }

    private String jwks() {
        RSAPublicKey rsaKey = (RSAPublicKey) rsa.getPublic();
        ECPublicKey ecKey = (ECPublicKey) ec.getPublic();
        Map<String, Object> rsaJwk = new LinkedHashMap<>();
        rsaJwk.put("kty", "RSA");
        rsaJwk.put("kid", "rsa-1");
        rsaJwk.put("use", "sig");
        rsaJwk.put("alg", "RS256");
        rsaJwk.put("n", base64(unsigned(rsaKey.getModulus(), 0)));
        rsaJwk.put("e", base64(unsigned(rsaKey.getPublicExponent(), 0)));
        Map<String, Object> ecJwk = new LinkedHashMap<>();
        ecJwk.put("kty", "EC");
        ecJwk.put("kid", "ec-1");
        ecJwk.put("use", "sig");
        ecJwk.put("alg", "ES256");
        ecJwk.put("crv", "P-256");
        ecJwk.put("x", base64(unsigned(ecKey.getW().getAffineX(), 32)));
        ecJwk.put("y", base64(unsigned(ecKey.getW().getAffineY(), 32)));
        return json(Map.of("keys", List.of(rsaJwk, ecJwk)));
    }

    /**
     * JSON text of maps, lists, strings, numbers and booleans: the library keeps to core's exported
     * packages, and its JSON reader and writer are internal.
     */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        json(out, value);
        return out.toString();
    }

    private static void json(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator);
                json(out, String.valueOf(entry.getKey()));
                out.append(':');
                json(out, entry.getValue());
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String separator = "";
            for (Object item : list) {
                out.append(separator);
                json(out, item);
                separator = ",";
            }
            out.append(']');
        } else if (value instanceof String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName());
        }
    }

    /** Big-endian without the sign byte, left-padded to {@code length} when given. */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            return padded;
        }
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "TestOidcIssuer[" + url() + "]";
    }
}
