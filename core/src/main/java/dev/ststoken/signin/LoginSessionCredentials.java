package dev.ststoken.signin;

import dev.ststoken.http.Http1Client;
import dev.ststoken.http.HttpFailure;
import dev.ststoken.http.Request;
import dev.ststoken.http.Response;
import dev.ststoken.http.Route;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.ControlCharacters;
import dev.ststoken.internal.FileLocks;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.internal.TrustedDirectories;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * The credentials of a {@code login_session} profile ({@code aws login}, AWS CLI 2.32+): read from
 * the token the AWS CLI cached, and when they run low refreshed at the sign-in service's token
 * endpoint with a DPoP proof signed by the key kept in the same file, then written back in the same
 * format (0600, temp file and rename, under a lock file beside it) so the AWS CLI, botocore and the
 * SDKs go on with the new refresh token. The cache file must be a regular file owned by the user
 * with no permission for group or others, in a directory no one else can change; on any failure the
 * file is left as it was.
 */
public final class LoginSessionCredentials {
    /** The token endpoint's path (CreateOAuth2Token). */
    public static final String TOKEN_PATH = "/v1/token";

    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    /** A principal an id token may name: an IAM user or root, or an STS session (federation). */
    private static final Pattern ARN =
            Pattern.compile("arn:aws[a-z-]{0,16}:(iam|sts)::[0-9]{12}:(root|[A-Za-z0-9+=,.@_/:-]{1,512})");

    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9+/=_.~\\-]{1,8192}");

    private final Path directory;
    private final String loginSession;
    private final URI endpoint;
    private final Clock clock;

    /**
     * @param directory    the login cache directory ({@link LoginCache#directory})
     * @param loginSession the profile's {@code login_session} value
     * @param endpoint     the sign-in service ({@link #endpoint})
     */
    public LoginSessionCredentials(Path directory, String loginSession, URI endpoint, Clock clock) {
        if (loginSession == null || loginSession.isBlank()) {
            throw new IllegalArgumentException("login_session is empty");
        }
        this.directory = directory;
        this.loginSession = loginSession;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /**
     * The sign-in service for a region: {@code AWS_ENDPOINT_URL_SIGNIN}, else {@code AWS_ENDPOINT_URL},
     * else the regional endpoint of the service's endpoint rules ({@code https://REGION.signin.aws.amazon.com},
     * amazonaws.cn in China, amazonaws-us-gov.com in GovCloud).
     */
    public static URI endpoint(String region, Map<String, String> env) {
        for (String name : new String[] {"AWS_ENDPOINT_URL_SIGNIN", "AWS_ENDPOINT_URL"}) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                URI uri = URI.create(value);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    throw new IllegalArgumentException(name + " must be an http(s) URL");
                }
                return uri;
            }
        }
        if (region == null || !region.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a login_session profile needs a region");
        }
        String domain = region.startsWith("cn-")
                ? "signin.amazonaws.cn"
                : region.startsWith("us-gov-") ? "signin.amazonaws-us-gov.com" : "signin.aws.amazon.com";
        return URI.create("https://" + region + "." + domain);
    }

    /** The sign-in service this session refreshes at. */
    public URI endpoint() {
        return endpoint;
    }

    /** The profile's {@code login_session} value. */
    public String loginSession() {
        return loginSession;
    }

    /** The cache file this session's token is in. */
    public Path file() {
        return directory.resolve(LoginCache.fileName(loginSession));
    }

    /**
     * Credentials with at least {@code minRemaining} left, refreshing them first when they have
     * less (or when {@code force}).
     */
    public LoginCredentials credentials(Duration minRemaining, boolean force) throws LoginSessionException {
        Map<String, Object> token = read();
        if (!force && remaining(token).compareTo(minRemaining) >= 0) {
            return credentialsOf(token);
        }
        try (AutoCloseable ignored = lock()) {
            // Another process (the AWS CLI, botocore, another of ours) may have refreshed while we waited.
            Map<String, Object> current = read();
            if (!force || !current.get("refreshToken").equals(token.get("refreshToken"))) {
                if (remaining(current).compareTo(minRemaining) >= 0) {
                    return credentialsOf(current);
                }
            }
            Map<String, Object> refreshed = refresh(current);
            try {
                AtomicFiles.write(file(), Json.write(refreshed), PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new LoginSessionException(
                                "cannot write the refreshed login token to " + file() + ": " + e.getMessage(), false, e)
                        .local();
            }
            return credentialsOf(refreshed);
        } catch (LoginSessionException e) {
            throw e;
        } catch (Exception e) {
            throw new LoginSessionException(
                            "cannot lock the login cache in " + directory + ": " + e.getMessage(), false, e)
                    .local();
        }
    }

    /**
     * Ends a sign-in: redeems the authorization code (with the PKCE verifier and a DPoP proof of
     * {@code key}) and writes the cache entry in the AWS CLI's format, 0600 in a directory made 0700,
     * so this session, the AWS CLI and the SDKs can use and refresh it. {@code accountId} is the
     * account signed in to (the cache format keeps it beside the credentials).
     */
    public LoginCredentials redeem(
            String code, String codeVerifier, String redirectUri, String clientId, DpopKey key, String accountId)
            throws LoginSessionException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", clientId);
        input.put("grantType", "authorization_code");
        input.put("code", code);
        input.put("redirectUri", redirectUri);
        input.put("codeVerifier", codeVerifier);
        Map<String, Object> token = new LinkedHashMap<>();
        Map<String, Object> placeholder = new LinkedHashMap<>();
        placeholder.put("accountId", accountId);
        token.put("accessToken", placeholder);
        token.put("clientId", clientId);
        token.put("dpopKey", key.toPem());
        Map<String, Object> created = exchange(token, key, input);
        created.put("tokenType", "aws_sigv4");
        store(created);
        return credentialsOf(created);
    }

    /**
     * Ends a sign-in whose principal is not known yet, as {@code aws login} does: redeems the code,
     * takes the {@code login_session} from the id token's {@code sub} (the signed-in principal's ARN,
     * its account the ARN's), and writes the cache entry under that name. Nothing is written unless
     * the service answered with a token and an id token naming an IAM or STS ARN.
     */
    public static LoginSessionCredentials signIn(
            Path directory,
            URI endpoint,
            Clock clock,
            String code,
            String codeVerifier,
            String redirectUri,
            String clientId,
            DpopKey key)
            throws LoginSessionException {
        LoginSessionCredentials pending = new LoginSessionCredentials(directory, "(new sign-in)", endpoint, clock);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", clientId);
        input.put("grantType", "authorization_code");
        input.put("code", code);
        input.put("redirectUri", redirectUri);
        input.put("codeVerifier", codeVerifier);
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("accessToken", new LinkedHashMap<String, Object>());
        token.put("clientId", clientId);
        token.put("dpopKey", key.toPem());
        Map<String, Object> created = pending.exchange(token, key, input);
        created.put("tokenType", "aws_sigv4");
        String session = subject(created.get("idToken"));
        if (session == null) {
            throw new LoginSessionException(
                    "the sign-in service at " + endpoint + " answered without an id token naming who signed in;"
                            + " nothing was written",
                    false);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> access = (Map<String, Object>) created.get("accessToken");
        access.put("accountId", session.split(":")[4]);
        LoginSessionCredentials signedIn = new LoginSessionCredentials(directory, session, endpoint, clock);
        signedIn.store(created);
        return signedIn;
    }

    /** The ARN in an id token's {@code sub}, or null; the token's signature is the service's business. */
    static String subject(Object idToken) {
        if (!(idToken instanceof String jwt)) {
            return null;
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Object sub = Json.parseObject(
                            new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .get("sub");
            return sub instanceof String arn && ARN.matcher(arn).matches() ? arn : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes a new entry, 0600 in a 0700 directory, under the entry's lock. */
    private void store(Map<String, Object> created) throws LoginSessionException {
        try {
            AtomicFiles.createPrivateDirectory(directory);
            try (AutoCloseable ignored = lock()) {
                AtomicFiles.write(file(), Json.write(created), PosixFilePermissions.fromString("rw-------"));
            }
        } catch (Exception e) {
            throw new LoginSessionException(
                    "cannot write the login token to " + file() + ": " + e.getMessage(), false, e);
        }
    }

    private Duration remaining(Map<String, Object> token) throws LoginSessionException {
        return Duration.between(clock.instant(), expiration(accessToken(token)));
    }

    /** The cache file's token, checked: ours, private, complete. */
    Map<String, Object> read() throws LoginSessionException {
        Path file = file();
        try {
            TrustedDirectories.check(directory);
        } catch (NoSuchFileException e) {
            throw new LoginSessionException(
                            "no login session '" + loginSession + "' (no " + directory
                                    + "): sign in with 'aws login' or 'sts-session-token signin'",
                            true)
                    .local();
        } catch (IOException e) {
            throw new LoginSessionException("refusing the login cache: " + e.getMessage(), false).local();
        }
        String text;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new LoginSessionException(
                                "no login session '" + loginSession + "' in " + directory
                                        + ": sign in with 'aws login' or 'sts-session-token signin'",
                                true)
                        .local();
            }
            if (!TrustedDirectories.isPrivateFile(file)) {
                throw new LoginSessionException(
                                "refusing " + file + ": a login token must be a regular file of yours that no one else"
                                        + " can read or write (chmod 600 " + file + ")",
                                false)
                        .local();
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new LoginSessionException("refusing " + file + ": too large for a login token", false).local();
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoginSessionException("cannot read " + file + ": " + e.getMessage(), false, e).local();
        }
        Map<String, Object> token;
        try {
            token = Json.parseObject(text);
        } catch (RuntimeException e) {
            throw new LoginSessionException(file + " is not a login token (not a JSON object)", false).local();
        }
        for (String field : new String[] {"refreshToken", "clientId", "dpopKey"}) {
            if (!(token.get(field) instanceof String)) {
                throw new LoginSessionException(file + " is not a login token (no " + field + ")", false).local();
            }
        }
        credentialsOf(token);
        return token;
    }

    private LoginCredentials credentialsOf(Map<String, Object> token) throws LoginSessionException {
        Map<?, ?> access = accessToken(token);
        for (String field : new String[] {"accessKeyId", "secretAccessKey", "sessionToken", "accountId"}) {
            if (!(access.get(field) instanceof String)) {
                throw new LoginSessionException(file() + " is not a login token (no accessToken." + field + ")", false)
                        .local();
            }
        }
        return new LoginCredentials(
                (String) access.get("accessKeyId"),
                (String) access.get("secretAccessKey"),
                (String) access.get("sessionToken"),
                (String) access.get("accountId"),
                expiration(access));
    }

    private Map<?, ?> accessToken(Map<String, Object> token) throws LoginSessionException {
        if (!(token.get("accessToken") instanceof Map<?, ?> access)) {
            throw new LoginSessionException(file() + " is not a login token (no accessToken)", false).local();
        }
        return access;
    }

    private Instant expiration(Map<?, ?> access) throws LoginSessionException {
        if (access.get("expiresAt") instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        throw new LoginSessionException(file() + " is not a login token (no accessToken.expiresAt)", false).local();
    }

    /** The token after a refresh, or an exception; the network's answer is checked before it is kept. */
    private Map<String, Object> refresh(Map<String, Object> token) throws LoginSessionException {
        DpopKey key;
        try {
            key = DpopKey.fromPem((String) token.get("dpopKey"));
        } catch (IllegalArgumentException e) {
            throw new LoginSessionException(file() + ": " + e.getMessage(), false).local();
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", token.get("clientId"));
        input.put("grantType", "refresh_token");
        input.put("refreshToken", token.get("refreshToken"));
        return exchange(token, key, input);
    }

    /** One call of the token endpoint; {@code token} updated with its answer, checked before it is kept. */
    private Map<String, Object> exchange(Map<String, Object> token, DpopKey key, Map<String, Object> input)
            throws LoginSessionException {
        String url = endpoint.toString().replaceAll("/+$", "") + TOKEN_PATH;
        Instant now = clock.instant();
        Answer answer = post(url, key.proof("POST", url, now.getEpochSecond()), Json.write(input));
        if (answer.status() != 200) {
            throw refusal(answer);
        }
        Map<?, ?> access = answer.body().get("accessToken") instanceof Map<?, ?> m ? m : null;
        Object expiresIn = answer.body().get("expiresIn");
        Object refreshToken = answer.body().get("refreshToken");
        if (access == null
                || !(access.get("accessKeyId") instanceof String id
                        && ACCESS_KEY_ID.matcher(id).matches())
                || !(access.get("secretAccessKey") instanceof String secret
                        && TOKEN_CHARS.matcher(secret).matches())
                || !(access.get("sessionToken") instanceof String session
                        && TOKEN_CHARS.matcher(session).matches())
                || !(expiresIn instanceof Long seconds && seconds > 0 && seconds <= 43_200)
                || !(refreshToken instanceof String refresh
                        && TOKEN_CHARS.matcher(refresh).matches())) {
            throw new LoginSessionException(
                    "the sign-in service at " + endpoint + " answered the refresh with something that is not a"
                            + " token; the login cache was left as it was",
                    false);
        }
        Map<String, Object> accessToken = new LinkedHashMap<>();
        accessToken.put("accessKeyId", access.get("accessKeyId"));
        accessToken.put("secretAccessKey", access.get("secretAccessKey"));
        accessToken.put("sessionToken", access.get("sessionToken"));
        accessToken.put("accountId", accessToken(token).get("accountId"));
        accessToken.put("expiresAt", Timestamps.utcZ(now.plusSeconds((Long) expiresIn)));
        Map<String, Object> refreshed = new LinkedHashMap<>(token);
        refreshed.put("accessToken", accessToken);
        refreshed.put("refreshToken", refreshToken);
        // Code redemption only: the AWS CLI keeps it as idToken.
        if (answer.body().get("idToken") instanceof String idToken
                && TOKEN_CHARS.matcher(idToken).matches()) {
            refreshed.put("idToken", idToken);
        }
        return refreshed;
    }

    private LoginSessionException refusal(Answer answer) {
        Object error = answer.body().get("error");
        String message = answer.body().get("message") instanceof String text ? clean(text) : "";
        if ("TOKEN_EXPIRED".equals(error) || "USER_CREDENTIALS_CHANGED".equals(error)) {
            return new LoginSessionException(
                    "login session '" + loginSession + "' has ended (" + error
                            + (message.isEmpty() ? "" : ": " + message)
                            + "): sign in again with 'aws login' or 'sts-session-token signin'",
                    true);
        }
        LoginSessionException refused = new LoginSessionException(
                "the sign-in service refused to refresh login session '" + loginSession + "' (HTTP " + answer.status()
                        + (error instanceof String code ? ", " + clean(code) : "")
                        + (message.isEmpty() ? "" : ": " + message) + ")",
                false);
        // A 4xx is the service's answer about this request; a 5xx or an odd status is the endpoint's trouble.
        return answer.status() >= 400 && answer.status() < 500
                ? refused.refusedBy(
                        error instanceof String code ? clean(code) : "HTTP" + answer.status(), answer.status())
                : refused;
    }

    /** At most 300 printable characters of the server's text, for one line on a terminal. */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            out.append(ControlCharacters.is(c) ? '?' : c);
        }
        return out.toString();
    }

    private record Answer(int status, Map<String, Object> body) {}

    private Answer post(String url, String dpop, String body) throws LoginSessionException {
        Response response;
        try {
            URI uri = URI.create(url);
            // The DPoP proof is checked before it is sent: the message names the header, never the value.
            Request request = new Request(
                    "POST",
                    uri,
                    List.of(Map.entry("Content-Type", "application/json"), Map.entry("DPoP", dpop)),
                    body.getBytes(StandardCharsets.UTF_8));
            // Directly, with the JDK's trust store, as this call always went (no proxy variables, no CA bundle).
            SSLSocketFactory tls =
                    "https".equalsIgnoreCase(uri.getScheme()) ? (SSLSocketFactory) SSLSocketFactory.getDefault() : null;
            response = Http1Client.send(request, Route.direct(tls, 10_000, 30_000, MAX_RESPONSE_BYTES));
        } catch (HttpFailure e) {
            throw new LoginSessionException(
                    "cannot reach the sign-in service at " + endpoint + ": " + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new LoginSessionException(
                    "cannot reach the sign-in service at " + endpoint + ": "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + clean(e.getMessage())),
                    false,
                    e);
        }
        Map<String, Object> parsed;
        try {
            parsed = response.body().length == 0 ? Map.of() : Json.parseObject(response.text());
        } catch (RuntimeException e) {
            parsed = Map.of();
        }
        return new Answer(response.status(), parsed);
    }

    /**
     * The cross-process lock beside the cache file ({@code <file>.lock}, 0600, never through a link),
     * so two of our processes never spend the same refresh token. The AWS CLI takes no lock.
     */
    private AutoCloseable lock() throws IOException {
        return FileLocks.acquire(directory.resolve(LoginCache.fileName(loginSession) + ".lock"));
    }

    @Override
    public String toString() {
        return "LoginSessionCredentials[" + loginSession + ", " + endpoint + "]";
    }
}
