package dev.ststoken.emulator.federation;

import dev.ststoken.emulator.http.Handler;
import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.emulator.sts.SessionTokens;
import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console federation endpoint ({@code /federation}) as AWS answers it: {@code getSigninToken}
 * trades a role session (JSON {@code sessionId}, {@code sessionKey}, {@code sessionToken}) for a
 * sign-in token valid 15 minutes; {@code login} with that token redirects to the destination. As on
 * AWS, a GetSessionToken session is refused (AWS answers those with a bare 400), and so is any
 * session whose secret does not match its token.
 */
public final class FederationHandler implements Handler {
    public static final String PATH = "/federation";
    private static final long SIGNIN_TOKEN_SECONDS = 15 * 60;
    private final SessionTokens tokens;
    private final byte[] key;
    private final Clock clock;
    private final java.util.function.Supplier<String> accountId;

    /** @param accountId the emulator's account, for the ARN a sign-in names (it is read when signing in) */
    public FederationHandler(
            SessionTokens tokens, byte[] key, Clock clock, java.util.function.Supplier<String> accountId) {
        this.tokens = tokens;
        this.key = key.clone();
        this.clock = clock;
        this.accountId = accountId;
    }

    /** Whether {@code rawPath} is this handler's: the federation endpoint or the console stand-in. */
    public static boolean owns(String rawPath) {
        return rawPath.equals(PATH) || rawPath.startsWith(PATH + "/") || ConsolePage.owns(rawPath);
    }

    @Override
    public Response handle(Request request) {
        if (!"GET".equals(request.method())) {
            return Response.of(405);
        }
        if (ConsolePage.owns(request.rawPath())) {
            return console(request);
        }
        Map<String, String> query = query(request.rawQuery());
        String action = query.get("Action");
        if ("getSigninToken".equals(action)) {
            return getSigninToken(query);
        } else if ("login".equals(action)) {
            return login(query);
        }
        return Response.of(400);
    }

    private Response getSigninToken(Map<String, String> query) {
        SessionTokens.Session session = session(query.get("Session"));
        if (session == null
                || !SessionTokens.Session.ROLE.equals(session.principalType())
                || query.containsKey("SessionDuration")) {
            // AWS: GetSessionToken sessions, bad sessions, and SessionDuration with a role session are a bare 400.
            return Response.of(400);
        }
        String arn = dev.ststoken.emulator.state.Arns.assumedRole(
                accountId.get(), session.principal(), session.roleSessionName());
        long expires = Math.min(
                clock.instant().getEpochSecond() + SIGNIN_TOKEN_SECONDS,
                session.expiration().getEpochSecond());
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((arn + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("SigninToken", payload + "." + mac(payload));
        return Response.of(200, "application/json", Json.write(body));
    }

    private Response login(Map<String, String> query) {
        String token = query.get("SigninToken");
        String destination = query.get("Destination");
        if (token == null || destination == null || !validSigninToken(token) || !isWebUrl(destination)) {
            return Response.of(400);
        }
        // The console session: for the emulator's console stand-in, whatever the destination.
        String payload = token.substring(0, token.indexOf('.'));
        return Response.of(302)
                .withHeader("Location", destination)
                .withHeader("Set-Cookie", ConsolePage.setCookie(payload + "." + consoleMac(payload)));
    }

    /** The console stand-in, for the browser whose console-session cookie is ours and current. */
    private Response console(Request request) {
        String cookie = ConsolePage.cookie(request);
        int dot = cookie == null ? -1 : cookie.indexOf('.');
        if (dot > 0
                && MessageDigest.isEqual(
                        consoleMac(cookie.substring(0, dot)).getBytes(StandardCharsets.UTF_8),
                        cookie.substring(dot + 1).getBytes(StandardCharsets.UTF_8))) {
            try {
                String[] fields = new String(
                                Base64.getUrlDecoder().decode(cookie.substring(0, dot)), StandardCharsets.UTF_8)
                        .split("\n");
                Instant expires = Instant.ofEpochSecond(Long.parseLong(fields[1]));
                if (fields.length == 2 && expires.isAfter(clock.instant())) {
                    return ConsolePage.page(fields[0], expires);
                }
            } catch (RuntimeException e) {
                // not one of ours after all: not signed in
            }
        }
        return ConsolePage.page(null, null);
    }

    private String consoleMac(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.hmacSha256(key, "console:" + payload));
    }

    /** The session the JSON describes, when its secret belongs to its token and it has not expired. */
    private SessionTokens.Session session(String json) {
        if (json == null) {
            return null;
        }
        try {
            Map<String, Object> fields = Json.parseObject(json);
            Object id = fields.get("sessionId");
            Object secret = fields.get("sessionKey");
            Object token = fields.get("sessionToken");
            if (!(id instanceof String) || !(secret instanceof String) || !(token instanceof String)) {
                return null;
            }
            SessionTokens.Session session = tokens.open((String) token);
            if (session == null
                    || !session.accessKeyId().equals(id)
                    || !MessageDigest.isEqual(
                            tokens.secretFor((String) id).getBytes(StandardCharsets.UTF_8),
                            ((String) secret).getBytes(StandardCharsets.UTF_8))
                    || !session.expiration().isAfter(clock.instant())) {
                return null;
            }
            return session;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean validSigninToken(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0
                || !MessageDigest.isEqual(
                        mac(token.substring(0, dot)).getBytes(StandardCharsets.UTF_8),
                        token.substring(dot + 1).getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        try {
            String[] fields = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8)
                    .split("\n");
            return fields.length == 2
                    && Instant.ofEpochSecond(Long.parseLong(fields[1])).isAfter(clock.instant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String mac(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.hmacSha256(key, "signin:" + payload));
    }

    /** Only http(s) destinations: a redirect to javascript: or a header-splitting value is refused. */
    private static boolean isWebUrl(String destination) {
        try {
            URI uri = new URI(destination);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && destination.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = PercentEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentEncoding.decode(pair.substring(eq + 1), true);
            values.putIfAbsent(name, value); // the first value wins, as everywhere in the emulator
        }
        return values;
    }
}
