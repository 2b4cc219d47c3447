package dev.ststoken.emulator.signin;

import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Html;
import dev.ststoken.internal.PercentEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sign-in service's authorize page ({@code /v1/authorize}): an OAuth 2.0 authorization request
 * (response_type=code, client_id, a loopback redirect_uri, state, code_challenge with method S256)
 * answered with a plain server-rendered form (no script, no external asset, every value escaped) where
 * an IAM user gives user name, console password and MFA code. On success the browser is sent to the
 * redirect URI with {@code code} and {@code state}. The form carries a CSRF token that must match a
 * SameSite=Strict cookie and the service's MAC, and is good for ten minutes. A request that is not
 * valid is answered with an error page, never with a redirect to a URI not checked.
 */
final class AuthorizePage {
    static final String PATH = "/v1/authorize";
    /** Where the cross-device flow (aws login --remote) lands: a page showing the code to paste. */
    static final String CONFIRMATION_PATH = "/v1/sessions/confirmation";

    private static final long CSRF_SECONDS = 600;
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String COOKIE = "signin_csrf";
    private static final Pattern CLIENT_ID = Pattern.compile("arn:aws:signin:::devtools/(cross-device|same-device)");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern STATE = Pattern.compile("[\\x21-\\x7e]{1,512}");
    static final String AUTHORIZE_ACTION = "signin:AuthorizeOAuth2Access";
    /** The one region of the emulator's sign-in service, as it appears in its resource ARNs. */
    static final String REGION = "us-east-1";

    private static final String ROOT = "root";
    private static final List<String> FIELDS =
            List.of("response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method");

    private final SigninService service;
    private final SigninAccounts accounts;
    private final byte[] key;
    private final Clock clock;
    private final SecureRandom random;
    private final boolean tls;

    AuthorizePage(
            SigninService service,
            SigninAccounts accounts,
            byte[] tokenKey,
            Clock clock,
            SecureRandom random,
            boolean tls) {
        this.tls = tls;
        this.service = service;
        this.accounts = accounts;
        this.key = Crypto.hmacSha256(tokenKey, "signin-authorize-csrf");
        this.clock = clock;
        this.random = random;
    }

    /** This service's own confirmation page, the only redirect the cross-device client may name. */
    private String confirmation(Request request) {
        String host = request.header("Host");
        return host == null ? null : (tls ? "https" : "http") + "://" + host + CONFIRMATION_PATH;
    }

    Response handle(Request request) throws IOException {
        if (request.rawPath().equals(CONFIRMATION_PATH)) {
            return confirmationPage(request);
        }
        if ("GET".equals(request.method())) {
            Map<String, String> params = pairs(request.rawQuery());
            String problem = problem(params, confirmation(request));
            if (problem != null) {
                return page(400, "Sign-in request refused", "<p>" + escape(problem) + "</p>", null);
            }
            // The root user's password and MFA seed files exist from the first page on (made once).
            accounts.prepareRoot();
            return form(200, params, null);
        }
        if (!"POST".equals(request.method())) {
            return page(405, "Method not allowed", "<p>Use GET or POST.</p>", null);
        }
        Map<String, String> params = pairs(body(request));
        String problem = problem(params, confirmation(request));
        if (problem != null) {
            return page(400, "Sign-in request refused", "<p>" + escape(problem) + "</p>", null);
        }
        if (!validCsrf(params.get("csrf"), cookie(request.header("Cookie")))) {
            return page(
                    403,
                    "Sign-in form expired",
                    "<p>The form is stale or was not sent by this page. "
                            + "Start the sign-in again from the command line.</p>",
                    null);
        }
        String user = params.getOrDefault("username", "");
        boolean root = ROOT.equals(params.get("principal"));
        // The password first: a wrong one must not spend (or count against) the user's MFA codes.
        boolean ok = root
                ? accounts.rootPasswordMatches(params.get("password"))
                        && accounts.rootMfaCodeMatches(params.get("mfa_code"))
                : accounts.passwordMatches(user, params.get("password"))
                        && accounts.mfaCodeMatches(user, params.get("mfa_code"));
        if (!ok) {
            return form(401, params, "The user name, password or MFA code is not right.");
        }
        if (!root) {
            // AWS's rule for aws login: an IAM user needs signin:AuthorizeOAuth2Access (the managed
            // policy SignInLocalDevelopmentAccess grants it); the root user needs nothing more.
            String refusal = accounts.refusal(user, AUTHORIZE_ACTION, resource(params.get("client_id")));
            if (refusal != null) {
                return page(
                        403,
                        "Access denied",
                        "<p role=\"alert\">AccessDeniedException (INSUFFICIENT_PERMISSIONS): " + escape(refusal)
                                + "</p>\n<p>An administrator can attach the AWS managed policy"
                                + " SignInLocalDevelopmentAccess (signin:AuthorizeOAuth2Access and"
                                + " signin:CreateOAuth2Token) to this user.</p>\n",
                        null);
            }
        }
        String code = root
                ? service.rootAuthorizationCode(
                        params.get("client_id"), params.get("redirect_uri"), params.get("code_challenge"))
                : service.authorizationCode(
                        user, params.get("client_id"), params.get("redirect_uri"), params.get("code_challenge"));
        String redirect = params.get("redirect_uri");
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + PercentEncoding.encode(code)
                + "&state=" + PercentEncoding.encode(params.get("state"));
        return Response.of(302)
                .withHeader("Location", location)
                .withHeader("Cache-Control", "no-store")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /**
     * The resource AuthorizeOAuth2Access is checked on: AWS's public client of aws login,
     * {@code oauth2/public-client/localhost} for the same-device flow and {@code .../remote} for the
     * cross-device one (AWS Sign-In's "OAuth resource types").
     */
    String resource(String clientId) {
        return "arn:aws:signin:" + REGION + ":" + accounts.accountId() + ":oauth2/public-client/"
                + (clientId.endsWith("/cross-device") ? "remote" : "localhost");
    }

    /** What is wrong with an authorization request, or null. */
    static String problem(Map<String, String> params, String confirmation) {
        if (!"code".equals(params.get("response_type"))) {
            return "response_type must be code.";
        }
        String client = params.get("client_id");
        if (client == null || !CLIENT_ID.matcher(client).matches()) {
            return "client_id is not a sign-in developer tools client.";
        }
        if (client.endsWith("/cross-device")) {
            // aws login --remote: the browser lands on this service's page that shows the code to paste.
            if (confirmation == null || !confirmation.equals(params.get("redirect_uri"))) {
                return "redirect_uri of the cross-device client must be " + confirmation + ".";
            }
        } else if (!loopback(params.get("redirect_uri"))) {
            return "redirect_uri must be an http URL on 127.0.0.1, [::1] or localhost with a port.";
        }
        String state = params.get("state");
        if (state == null || !STATE.matcher(state).matches()) {
            return "state must be 1 to 512 visible characters.";
        }
        String challenge = params.get("code_challenge");
        if (challenge == null || !CHALLENGE.matcher(challenge).matches()) {
            return "code_challenge must be a base64url SHA-256 (43 characters).";
        }
        // The AWS CLI sends SHA-256 (awscli/customizations/login/utils.py), RFC 7636 names it S256.
        String method = params.get("code_challenge_method");
        if (!"S256".equals(method) && !"SHA-256".equals(method)) {
            return "code_challenge_method must be S256 (or SHA-256, as the AWS CLI sends it).";
        }
        return null;
    }

    /** RFC 8252 7.3: a loopback redirect, http, an explicit port, no user info or fragment. */
    static boolean loopback(String uri) {
        if (uri == null || uri.length() > 2048 || !uri.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return false;
        }
        try {
            URI parsed = new URI(uri);
            String host = parsed.getHost();
            return "http".equals(parsed.getScheme())
                    && host != null
                    && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost"))
                    && parsed.getPort() > 0
                    && parsed.getRawUserInfo() == null
                    && parsed.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Response form(int status, Map<String, String> params, String error) {
        String nonce = token(16);
        long issued = clock.instant().getEpochSecond();
        String csrf = nonce + "." + issued + "." + mac(nonce + "." + issued);
        StringBuilder html = new StringBuilder();
        if (error != null) {
            html.append("<p role=\"alert\">").append(escape(error)).append("</p>\n");
        }
        html.append("<form method=\"post\" action=\"").append(PATH).append("\">\n");
        for (String field : FIELDS) {
            html.append("<input type=\"hidden\" name=\"")
                    .append(field)
                    .append("\" value=\"")
                    .append(escape(params.get(field)))
                    .append("\">\n");
        }
        html.append("<input type=\"hidden\" name=\"csrf\" value=\"")
                .append(escape(csrf))
                .append("\">\n");
        boolean root = ROOT.equals(params.get("principal"));
        html.append("<fieldset><legend>Sign in as</legend>\n<p><label><input type=\"radio\" name=\"principal\""
                        + " value=\"iam\"")
                .append(root ? "" : " checked")
                .append("> IAM user</label> <label><input type=\"radio\" name=\"principal\" value=\"root\"")
                .append(root ? " checked" : "")
                .append("> Root user of account ")
                .append(escape(accounts.accountId()))
                .append("</label></p>\n</fieldset>\n");
        html.append("<p><label>IAM user name (not used for root) <input name=\"username\" autocomplete=\"username\""
                        + " value=\"")
                .append(escape(params.getOrDefault("username", "")))
                .append("\"></label></p>\n");
        html.append("<p><label>Password <input name=\"password\" type=\"password\""
                + " autocomplete=\"current-password\" required></label></p>\n");
        html.append("<p><label>MFA code <input name=\"mfa_code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\""
                + " autocomplete=\"one-time-code\" required></label></p>\n");
        html.append("<p><button type=\"submit\">Sign in</button></p>\n</form>\n");
        html.append("<p>Signing in gives the command line tool on this computer (")
                .append(escape(params.get("client_id")))
                .append(") credentials for up to 12 hours.</p>\n");
        return page(status, "Sign in to the emulator", html.toString(), nonce);
    }

    private static Response page(int status, String title, String body, String cookieNonce) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
        Response response = Response.of(status, "text/html; charset=utf-8", html)
                .withHeader("Cache-Control", "no-store")
                // No form-action: Chromium applies it to the redirect that answers the form, so 'self'
                // stopped the browser on its way to the client's loopback URI (SigninAuthorizePageChromiumTest).
                .withHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer");
        if (cookieNonce != null) {
            response = response.withHeader(
                    "Set-Cookie", COOKIE + "=" + cookieNonce + "; Path=" + PATH + "; HttpOnly; SameSite=Strict");
        }
        return response;
    }

    /**
     * The cross-device flow's last page: the code to paste into the command line, as the AWS CLI reads
     * it (base64 of {@code state=S&code=C}). Only well-formed values are shown, escaped.
     */
    private Response confirmationPage(Request request) {
        Map<String, String> params = pairs(request.rawQuery());
        String code = params.get("code");
        String state = params.get("state");
        if (!"GET".equals(request.method())
                || code == null
                || state == null
                || !STATE.matcher(state).matches()
                || !code.matches("[A-Za-z0-9._~+/=-]{1,4096}")) {
            return page(400, "Sign-in request refused", "<p>This page shows a sign-in's code; this is none.</p>", null);
        }
        String pasted = Base64.getEncoder()
                .encodeToString(("state=" + PercentEncoding.encode(state) + "&code=" + PercentEncoding.encode(code))
                        .getBytes(StandardCharsets.UTF_8));
        return page(
                200,
                "Authorization code",
                "<p>Paste this code into the command line that asked for it:</p>\n<p><code id=\"verification-code\">"
                        + escape(pasted) + "</code></p>\n<p>It is good for five minutes and once only.</p>\n",
                null);
    }

    /** The form's token: this service's MAC over its nonce and time, fresh, and the nonce equal to the cookie's. */
    private boolean validCsrf(String csrf, String cookieNonce) {
        if (csrf == null || cookieNonce == null) {
            return false;
        }
        String[] parts = csrf.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        long issued;
        try {
            issued = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        long age = clock.instant().getEpochSecond() - issued;
        return age >= 0
                && age <= CSRF_SECONDS
                && MessageDigest.isEqual(
                        parts[0].getBytes(StandardCharsets.US_ASCII), cookieNonce.getBytes(StandardCharsets.US_ASCII))
                && MessageDigest.isEqual(
                        mac(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                        parts[2].getBytes(StandardCharsets.US_ASCII));
    }

    private static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(COOKIE + "=")) {
                return trimmed.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private String mac(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.hmacSha256(key, text));
    }

    private String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static Map<String, String> pairs(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(raw, true)) {
            values.putIfAbsent(pair.getKey(), pair.getValue());
        }
        return values;
    }

    private static String body(Request request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        InputStream in = request.body();
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                return "";
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Controls other than newline and tab shown as U+FFFD, as browsers show undecodable text. */
    static String escape(String text) {
        return Html.escape(text, c -> c < 0x20 && c != '\n' && c != '\t', '\uFFFD');
    }
}
