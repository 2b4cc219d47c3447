package dev.ststoken.emulator.signin;

import dev.ststoken.emulator.http.Handler;
import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The AWS Sign-In service's token endpoint ({@code POST /v1/token}, CreateOAuth2Token in botocore's
 * signin model, rest-json) as {@code aws login} and the SDKs' login_session providers use it:
 * an authorization code (PKCE S256) or a refresh token, each with a DPoP proof, traded for
 * 15-minute credentials of the signed-in user and a new refresh token bound to the proof's key
 * ({@code cnf.jkt}). The session ends 12 hours after sign-in, whatever the refreshes. A refresh
 * token used again more than a minute after its first use revokes the whole sign-in (OAuth 2.0
 * Security BCP 4.14.2: a replayed refresh token means two holders). The record of used tokens is
 * kept in memory: after a restart, an old refresh token of a live sign-in works once more.
 */
public final class SigninService implements Handler {
    public static final String TOKEN_PATH = "/v1/token";
    static final long SESSION_SECONDS = 12 * 3600;
    static final long CREDENTIAL_SECONDS = 900;
    static final long CODE_SECONDS = 300;
    /** How long after its first use a refresh token is still answered (see {@link #used}). */
    static final long REUSE_GRACE_SECONDS = 60;

    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Pattern CLIENT_ID = Pattern.compile("arn:aws:signin:::devtools/(cross-device|same-device)");
    /** The kinds of principal a sign-in is for (claim {@code k}); tokens without one are a user's. */
    private static final String USER = "user";

    private static final String ROOT = "root";
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private final SigninAccounts accounts;
    private final Clock clock;
    private final boolean tls;
    private final SecureRandom random;
    private final DpopVerifier dpop;
    private final SealedClaims refreshTokens;
    private final SealedClaims codes;
    private final AuthorizePage authorize;
    private final byte[] idKey;
    /** Spent refresh tokens and codes, by id, to the epoch second after which they could not be used anyway. */
    private final Map<String, Long> spent = new ConcurrentHashMap<>();
    /**
     * Refresh tokens by id to the epoch second of their first use. The model calls a refresh
     * "idempotent within token validity window": a second use soon after the first (two tools sharing
     * one cache entry without a lock, as botocore and the SDKs do) is answered; a later one is a replay.
     */
    private final Map<String, Long> used = new ConcurrentHashMap<>();
    /** Sign-ins (families of refresh tokens) revoked by a replay. */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();

    public SigninService(SigninAccounts accounts, byte[] tokenKey, Clock clock, boolean tls, SecureRandom random) {
        this.accounts = accounts;
        this.clock = clock;
        this.tls = tls;
        this.random = random;
        this.dpop = new DpopVerifier(clock);
        this.refreshTokens = new SealedClaims(tokenKey, "SIRT", random);
        this.codes = new SealedClaims(tokenKey, "SIAC", random);
        this.idKey = dev.ststoken.internal.Crypto.hmacSha256(tokenKey, "signin-id-token");
        this.authorize = new AuthorizePage(this, accounts, tokenKey, clock, random, tls);
    }

    /** Whether a request is for this service. */
    public static boolean handles(String rawPath) {
        return rawPath.equals(TOKEN_PATH)
                || rawPath.equals(AuthorizePage.PATH)
                || rawPath.equals(AuthorizePage.CONFIRMATION_PATH);
    }

    /**
     * An authorization code for a user who has proved who they are (the authorize page does that with
     * password and MFA code): redeemable once, within five minutes, by the client that shows the PKCE
     * verifier of {@code codeChallenge} and names the same redirect URI.
     */
    public String authorizationCode(String userName, String clientId, String redirectUri, String codeChallenge) {
        String userId = accounts.userId(userName);
        if (userId == null) {
            throw new IllegalArgumentException("no such user: " + userName);
        }
        return code(USER, userName, userId, clientId, redirectUri, codeChallenge);
    }

    /**
     * The same for the account's root user, who has proved it with the root password and the root
     * MFA device's code: the credentials then carry the root identity ({@code arn:aws:iam::ACCOUNT:root}).
     */
    public String rootAuthorizationCode(String clientId, String redirectUri, String codeChallenge) {
        return code(ROOT, "", accounts.accountId(), clientId, redirectUri, codeChallenge);
    }

    private String code(
            String kind, String userName, String userId, String clientId, String redirectUri, String codeChallenge) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("k", kind);
        claims.put("u", userName);
        claims.put("i", userId);
        claims.put("c", clientId);
        claims.put("r", redirectUri);
        claims.put("h", codeChallenge);
        claims.put("s", now);
        claims.put("x", now + CODE_SECONDS);
        claims.put("t", id());
        return codes.seal(claims);
    }

    /** Whether the principal the claims name is the one the account has now (same unique id). */
    private boolean alive(Map<String, Object> claims) {
        if (ROOT.equals(claims.get("k"))) {
            return accounts.accountId().equals(claims.get("i"));
        }
        return claims.get("i").equals(accounts.userId((String) claims.get("u")));
    }

    @Override
    public Response handle(Request request) throws IOException {
        if (request.rawPath().equals(AuthorizePage.PATH) || request.rawPath().equals(AuthorizePage.CONFIRMATION_PATH)) {
            return authorize.handle(request);
        }
        try {
            if (!"POST".equals(request.method())) {
                throw SigninError.invalid("Only POST is accepted on " + TOKEN_PATH);
            }
            String host = request.header("Host");
            if (host == null) {
                throw SigninError.invalid("The request has no Host");
            }
            String thumbprint = dpop.verify(
                    request.header("DPoP"), "POST", (tls ? "https" : "http") + "://" + host + request.rawPath());
            Map<String, Object> input = body(request);
            String clientId = string(input, "clientId");
            if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
                throw SigninError.invalid("clientId must be arn:aws:signin:::devtools/same-device or cross-device");
            }
            String grant = string(input, "grantType");
            Map<String, Object> output;
            if ("refresh_token".equals(grant)) {
                output = refresh(input, clientId, thumbprint);
            } else if ("authorization_code".equals(grant)) {
                output = redeem(input, clientId, thumbprint);
            } else {
                throw SigninError.invalid("grantType must be authorization_code or refresh_token");
            }
            return Response.of(200, "application/json", Json.write(output));
        } catch (SigninError e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.error());
            body.put("message", e.getMessage());
            return Response.of(e.status(), "application/json", Json.write(body))
                    .withHeader("x-amzn-ErrorType", e.type());
        }
    }

    private Map<String, Object> refresh(Map<String, Object> input, String clientId, String thumbprint)
            throws SigninError {
        Map<String, Object> token = refreshTokens.open(string(input, "refreshToken"));
        if (token == null) {
            throw SigninError.invalid("The refresh token is not valid");
        }
        long now = clock.instant().getEpochSecond();
        long end = (Long) token.get("e");
        String family = (String) token.get("f");
        if (now >= end) {
            throw SigninError.tokenExpired("The sign-in session has ended (12 hours after sign-in); sign in again");
        }
        if (revoked.containsKey(family)) {
            throw SigninError.tokenExpired("The sign-in session was revoked; sign in again");
        }
        if (!clientId.equals(token.get("c"))) {
            throw SigninError.invalid("The refresh token was issued to another client");
        }
        if (!thumbprint.equals(token.get("j"))) {
            throw SigninError.invalid("The DPoP proof's key is not the key the refresh token is bound to");
        }
        if (!alive(token)) {
            throw SigninError.credentialsChanged("The signed-in user no longer exists; sign in again");
        }
        Long firstUse = used.putIfAbsent((String) token.get("t"), now);
        if (firstUse != null && now - firstUse > REUSE_GRACE_SECONDS) {
            revoked.put(family, end);
            throw SigninError.tokenExpired(
                    "The refresh token was already used; the sign-in session is revoked; sign in again");
        }
        forgetLapsed(now);
        return issue(token, clientId, thumbprint, (Long) token.get("s"), end, family, now);
    }

    private Map<String, Object> redeem(Map<String, Object> input, String clientId, String thumbprint)
            throws SigninError {
        Map<String, Object> code = codes.open(string(input, "code"));
        if (code == null) {
            throw SigninError.invalid("The authorization code is not valid");
        }
        long now = clock.instant().getEpochSecond();
        long expires = (Long) code.get("x");
        if (now >= expires) {
            throw SigninError.authcodeExpired("The authorization code has expired; sign in again");
        }
        if (!clientId.equals(code.get("c"))) {
            throw SigninError.invalid("The authorization code was issued to another client");
        }
        if (!code.get("r").equals(string(input, "redirectUri"))) {
            throw SigninError.invalid("redirectUri does not match the authorization request");
        }
        String verifier = string(input, "codeVerifier");
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw SigninError.invalid("codeVerifier must be 43 to 128 unreserved characters");
        }
        if (!MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII),
                ((String) code.get("h")).getBytes(StandardCharsets.US_ASCII))) {
            throw SigninError.invalid("codeVerifier does not match the code challenge");
        }
        if (spent.putIfAbsent((String) code.get("t"), expires) != null) {
            throw SigninError.authcodeExpired("The authorization code was already redeemed");
        }
        if (!alive(code)) {
            throw SigninError.credentialsChanged("The signed-in user no longer exists; sign in again");
        }
        long signedIn = (Long) code.get("s");
        Map<String, Object> output = issue(code, clientId, thumbprint, signedIn, signedIn + SESSION_SECONDS, id(), now);
        output.put("idToken", idToken(code, clientId, now));
        return output;
    }

    private Map<String, Object> issue(
            Map<String, Object> principal,
            String clientId,
            String thumbprint,
            long signedIn,
            long end,
            String family,
            long now) {
        long seconds = Math.min(CREDENTIAL_SECONDS, end - now);
        boolean root = ROOT.equals(principal.get("k"));
        String userName = (String) principal.get("u");
        String userId = (String) principal.get("i");
        Instant from = Instant.ofEpochSecond(now);
        Instant to = Instant.ofEpochSecond(now + seconds);
        SigninAccounts.IssuedCredentials credentials =
                root ? accounts.issueRoot(from, to) : accounts.issue(userName, userId, from, to);
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("k", root ? ROOT : USER);
        next.put("u", userName);
        next.put("i", userId);
        next.put("c", clientId);
        next.put("j", thumbprint);
        next.put("s", signedIn);
        next.put("e", end);
        next.put("f", family);
        next.put("t", id());
        Map<String, Object> accessToken = new LinkedHashMap<>();
        accessToken.put("accessKeyId", credentials.accessKeyId());
        accessToken.put("secretAccessKey", credentials.secretAccessKey());
        accessToken.put("sessionToken", credentials.sessionToken());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("accessToken", accessToken);
        output.put("tokenType", "aws_sigv4");
        output.put("expiresIn", seconds);
        output.put("refreshToken", refreshTokens.seal(next));
        return output;
    }

    /**
     * The OpenID id token of a code redemption: its {@code sub} is the signed-in principal's ARN,
     * which the AWS CLI takes as the profile's {@code login_session} (awscli login utils,
     * _extract_login_session_from_id_token); clients do not check its signature (HS256 here).
     */
    private String idToken(Map<String, Object> principal, String clientId, long now) {
        String arn = ROOT.equals(principal.get("k"))
                ? "arn:aws:iam::" + accounts.accountId() + ":root"
                : "arn:aws:iam::" + accounts.accountId() + ":user/" + principal.get("u");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", arn);
        claims.put("aud", clientId);
        claims.put("iat", now);
        claims.put("exp", now + CREDENTIAL_SECONDS);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        return signed + "." + b64.encodeToString(dev.ststoken.internal.Crypto.hmacSha256(idKey, signed));
    }

    private void forgetLapsed(long now) {
        spent.values().removeIf(until -> until < now);
        used.values().removeIf(first -> first < now - SESSION_SECONDS);
        revoked.values().removeIf(until -> until < now);
    }

    private String id() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static Map<String, Object> body(Request request) throws IOException, SigninError {
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw SigninError.invalid("The body must be application/json");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        InputStream in = request.body();
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw SigninError.invalid("The body is too large");
            }
            out.write(buffer, 0, n);
        }
        try {
            return Json.parseObject(out.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw SigninError.invalid("The body is not a JSON object");
        }
    }

    private static String string(Map<String, Object> input, String name) throws SigninError {
        Object value = input.get(name);
        if (value != null && !(value instanceof String)) {
            throw SigninError.invalid(name + " must be a string");
        }
        return (String) value;
    }
}
