package dev.ststoken.emulator.sso;

import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.internal.Html;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pages a browser sees: the device verification page (the user code, then sign-in with
 * password and TOTP code, then allow or deny) and the authorize page of the PKCE flow (sign in,
 * allow, and back to the client's loopback redirect URI with the code and state). Plain HTML, no
 * script and no asset from elsewhere; everything echoed is escaped. Each form carries a CSRF token,
 * the keyed MAC of a random cookie set with the form (HttpOnly, SameSite=Strict): a post from
 * another site has the cookie perhaps, but not the token.
 */
final class SignInPages {
    static final String COOKIE = "sso_csrf";
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SsoStore store;
    private final Sealer sealer;
    private final Directory directory;
    private final Clock clock;
    private final UserCodeThrottle throttle;

    SignInPages(SsoStore store, Sealer sealer, Directory directory, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.directory = directory;
        this.clock = clock;
        this.throttle = new UserCodeThrottle(clock);
    }

    // The device page.

    Response deviceForm(Request request, Map<String, String> query) {
        Csrf csrf = csrf(request);
        return page(200, csrf, "Authorize a device", deviceFields(csrf, query.getOrDefault("user_code", ""), "", null));
    }

    Response devicePost(Request request, Map<String, String> form) throws IOException {
        Csrf csrf = csrf(request);
        if (!csrf.accepts(form.get("csrf"))) {
            return refusedForm(csrf);
        }
        String userCode = normalized(form.getOrDefault("user_code", ""));
        String userName = form.getOrDefault("username", "");
        java.net.InetAddress address =
                request.remote() == null ? null : request.remote().getAddress();
        if (address != null && !throttle.allows(address)) {
            return page(
                    429,
                    csrf,
                    "Authorize a device",
                    deviceFields(csrf, userCode, userName, "Too many wrong codes: try again in a few minutes."));
        }
        String hash = pendingFlow(userCode);
        if (hash == null) {
            if (address != null) {
                throttle.wrong(address);
            }
            return page(
                    400,
                    csrf,
                    "Authorize a device",
                    deviceFields(csrf, userCode, userName, "That code is not valid or has expired."));
        }
        boolean allow = "allow".equals(form.get("action"));
        String user = null;
        if (allow) {
            try {
                user = directory
                        .signIn(userName, form.getOrDefault("password", ""), form.get("totp"))
                        .name();
            } catch (Directory.SignInRefused e) {
                return page(
                        e.locked ? 429 : 401,
                        csrf,
                        "Authorize a device",
                        deviceFields(csrf, userCode, userName, e.getMessage()));
            }
        }
        String status = allow ? SsoState.DeviceFlow.APPROVED : SsoState.DeviceFlow.DENIED;
        String by = user;
        boolean decided;
        try {
            decided = store.mutate(state -> {
                SsoState.DeviceFlow flow = state.devices().get(hash);
                if (flow == null
                        || !flow.status().equals(SsoState.DeviceFlow.PENDING)
                        || !flow.expires().isAfter(clock.instant())) {
                    return SsoStore.Changed.to(state, false);
                }
                return SsoStore.Changed.to(state.withDevice(hash, flow.decided(status, by)), true);
            });
        } catch (SsoError e) {
            throw new IllegalStateException(e);
        }
        if (!decided) {
            return page(
                    400,
                    csrf,
                    "Authorize a device",
                    deviceFields(csrf, userCode, userName, "That code is not valid or has expired."));
        }
        return page(
                200,
                csrf,
                allow ? "Access approved" : "Access denied",
                "<p>" + (allow ? "You approved the request" : "You denied the request")
                        + ". You can close this window and return to your application.</p>");
    }

    private String pendingFlow(String userCode) {
        Instant now = clock.instant();
        for (Map.Entry<String, SsoState.DeviceFlow> e :
                store.current().devices().entrySet()) {
            SsoState.DeviceFlow flow = e.getValue();
            if (flow.userCode().equals(userCode)
                    && flow.status().equals(SsoState.DeviceFlow.PENDING)
                    && flow.expires().isAfter(now)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static String normalized(String code) {
        String letters = code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        return letters.length() == 8 ? letters.substring(0, 4) + "-" + letters.substring(4) : code;
    }

    private String deviceFields(Csrf csrf, String userCode, String userName, String error) {
        return error(error)
                + "<form method=\"post\" action=\"" + SsoHandler.DEVICE_PAGE + "\">"
                + hidden("csrf", csrf.token())
                + field("Code shown by your device", "user_code", "text", userCode)
                + signInFields(userName)
                + buttons()
                + "</form>";
    }

    // The authorize page (PKCE).

    /** The checked parameters of an authorization request. */
    private record Authorization(
            SsoState.Client client, String redirectUri, String state, String challenge, List<String> scopes) {}

    /** What is wrong with an authorization request: before the client and redirect are trusted, a page; after, a redirect. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final Response response;

        Invalid(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private Authorization authorization(Csrf csrf, Map<String, String> params) throws Invalid {
        String clientId = params.get("client_id");
        String redirectUri = params.get("redirect_uri");
        SsoState.Client client =
                clientId == null ? null : store.current().clients().get(clientId);
        if (client == null
                || redirectUri == null
                || !OidcApi.registered(client.redirectUris(), redirectUri)
                || !client.expires().isAfter(clock.instant())) {
            // Never redirect to a URI the client did not register: an open redirect otherwise.
            throw new Invalid(page(
                    400,
                    csrf,
                    "Sign-in failed",
                    "<p class=\"error\">Unknown client, or a redirect URI it did not register.</p>"));
        }
        String state = params.get("state");
        String challenge = params.get("code_challenge");
        if (!"code".equals(params.get("response_type"))
                || !"S256".equals(params.get("code_challenge_method"))
                || challenge == null
                || !CHALLENGE.matcher(challenge).matches()) {
            throw new Invalid(redirect(redirectUri, "error", "invalid_request", state));
        }
        String scopes = params.getOrDefault("scopes", "");
        return new Authorization(
                client,
                redirectUri,
                state,
                challenge,
                scopes.isBlank() ? List.of() : List.of(scopes.trim().split("[ ,]+")));
    }

    Response authorizeForm(Request request, Map<String, String> query) {
        Csrf csrf = csrf(request);
        try {
            Authorization a = authorization(csrf, query);
            return page(200, csrf, "Sign in to allow " + a.client().name(), authorizeFields(csrf, a, "", null));
        } catch (Invalid e) {
            return e.response;
        }
    }

    Response authorizePost(Request request, Map<String, String> form) throws IOException {
        Csrf csrf = csrf(request);
        if (!csrf.accepts(form.get("csrf"))) {
            return refusedForm(csrf);
        }
        Authorization a;
        try {
            a = authorization(csrf, form);
        } catch (Invalid e) {
            return e.response;
        }
        if (!"allow".equals(form.get("action"))) {
            return redirect(a.redirectUri(), "error", "access_denied", a.state());
        }
        String userName = form.getOrDefault("username", "");
        SsoState.User user;
        try {
            user = directory.signIn(userName, form.getOrDefault("password", ""), form.get("totp"));
        } catch (Directory.SignInRefused e) {
            return page(
                    e.locked ? 429 : 401,
                    csrf,
                    "Sign in to allow " + a.client().name(),
                    authorizeFields(csrf, a, userName, e.getMessage()));
        }
        String code = sealer.randomToken(32);
        SsoState.AuthCode grant = new SsoState.AuthCode(
                a.client().clientId(),
                a.redirectUri(),
                a.challenge(),
                user.name(),
                clock.instant().plusSeconds(OidcApi.CODE_SECONDS),
                a.scopes());
        try {
            store.mutate(state -> SsoStore.Changed.to(state.withCode(Sealer.hash(code), grant), null));
        } catch (SsoError e) {
            throw new IllegalStateException(e);
        }
        return redirect(a.redirectUri(), "code", code, a.state());
    }

    private String authorizeFields(Csrf csrf, Authorization a, String userName, String error) {
        return error(error)
                + "<form method=\"post\" action=\"" + SsoHandler.AUTHORIZE + "\">"
                + hidden("csrf", csrf.token())
                + hidden("response_type", "code")
                + hidden("client_id", a.client().clientId())
                + hidden("redirect_uri", a.redirectUri())
                + (a.state() == null ? "" : hidden("state", a.state()))
                + hidden("code_challenge", a.challenge())
                + hidden("code_challenge_method", "S256")
                + hidden("scopes", String.join(" ", a.scopes()))
                + "<p>The application <b>" + Html.escape(a.client().name()) + "</b> asks to use your AWS access"
                + (a.scopes().isEmpty() ? "" : " (" + Html.escape(String.join(", ", a.scopes())) + ")") + ".</p>"
                + signInFields(userName)
                + buttons()
                + "</form>";
    }

    private static Response redirect(String redirectUri, String name, String value, String state) {
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + name + "="
                + PercentEncoding.encode(value)
                + (state == null ? "" : "&state=" + PercentEncoding.encode(state));
        return Response.of(302).withHeader("Location", location).withHeader("Cache-Control", "no-store");
    }

    // Common parts.

    private Response refusedForm(Csrf csrf) {
        return page(
                403,
                csrf,
                "Form refused",
                "<p class=\"error\">This form has expired or was not sent from this page. Go back, reload the "
                        + "page and try again.</p>");
    }

    private static String signInFields(String userName) {
        return field("User name", "username", "text", userName)
                + field("Password", "password", "password", "")
                + field("MFA code", "totp", "text", "");
    }

    private static String buttons() {
        return "<p><button type=\"submit\" name=\"action\" value=\"allow\">Allow</button> "
                + "<button type=\"submit\" name=\"action\" value=\"deny\">Deny</button></p>";
    }

    private static String error(String message) {
        return message == null ? "" : "<p class=\"error\" role=\"alert\">" + Html.escape(message) + "</p>";
    }

    private static String field(String label, String name, String type, String value) {
        return "<p><label>" + Html.escape(label) + "<br><input type=\"" + type + "\" name=\"" + name + "\" id=\"" + name
                + "\" value=\"" + Html.escape(value) + "\" autocomplete=\"off\"></label></p>";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
    }

    private static Response page(int status, Csrf csrf, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + " - STS emulator</title><style>body{font-family:sans-serif;max-width:32em;margin:2em auto}"
                + ".error{color:#b00}</style></head><body><h1>" + Html.escape(title) + "</h1>" + body
                + "</body></html>";
        Response response = Response.of(status, "text/html; charset=utf-8", html)
                .withHeader(
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Referrer-Policy", "no-referrer");
        return csrf.isNew()
                ? response.withHeader(
                        "Set-Cookie", COOKIE + "=" + csrf.cookie() + "; Path=/; HttpOnly; SameSite=Strict")
                : response;
    }

    /** The browser's CSRF cookie (new when it had none) and the form token bound to it. */
    private record Csrf(String cookie, boolean isNew, String token) {
        boolean accepts(String formToken) {
            return !isNew
                    && formToken != null
                    && java.security.MessageDigest.isEqual(
                            formToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private Csrf csrf(Request request) {
        String cookie = cookie(request.header("Cookie"));
        boolean isNew = cookie == null;
        if (isNew) {
            cookie = sealer.randomToken(32);
        }
        return new Csrf(cookie, isNew, sealer.mac("csrf", cookie));
    }

    private static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String pair = part.trim();
            if (pair.startsWith(COOKIE + "=")) {
                String value = pair.substring(COOKIE.length() + 1);
                return COOKIE_VALUE.matcher(value).matches() ? value : null;
            }
        }
        return null;
    }
}
