package dev.ststoken.cli;

import dev.ststoken.internal.Html;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the emulator's Identity Center sign-in page as a person would in a browser, for {@code sso
 * login --local} (the demo user, as {@code get --local} computes the demo's MFA code): fetches the
 * page, keeps its cookie, posts its form (the hidden fields with the CSRF token, the user name,
 * password and TOTP code, and the button), and follows the authorize page's redirect to the loopback
 * receiver. Only for the emulator this process started on 127.0.0.1: it never talks to anything else.
 */
final class SignInRobot {
    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"(/[^\"]*)\">");
    private static final Pattern ERROR = Pattern.compile("<p class=\"error\"[^>]*>([^<]*)</p>");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** What the page said after the form was posted: its status and its error line, if any. */
    record Outcome(int status, String error) {}

    /**
     * Opens {@code page}, signs in and presses {@code action} ("allow" or "deny"); a redirect the
     * page answers with (the authorize page's, to the loopback receiver) is followed once.
     */
    Outcome answer(URI page, String user, String password, String totp, String action)
            throws IOException, InterruptedException {
        HttpResponse<String> form =
                http.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers()
                .firstValue("Set-Cookie")
                .map(c -> c.split(";", 2)[0])
                .orElse(null);
        Matcher target = ACTION.matcher(form.body());
        if (form.statusCode() != 200 || cookie == null || !target.find()) {
            return new Outcome(form.statusCode(), error(form.body(), "the sign-in page has no form"));
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        Matcher hidden = HIDDEN.matcher(form.body());
        while (hidden.find()) {
            fields.add(Map.entry(hidden.group(1), Html.unescape(hidden.group(2))));
        }
        Matcher userCode = Pattern.compile("name=\"user_code\" id=\"user_code\" value=\"([^\"]*)\"")
                .matcher(form.body());
        if (userCode.find()) {
            fields.add(Map.entry("user_code", Html.unescape(userCode.group(1))));
        }
        fields.add(Map.entry("username", user));
        fields.add(Map.entry("password", password));
        fields.add(Map.entry("totp", totp));
        fields.add(Map.entry("action", action));
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(page.resolve(target.group(1)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(PercentEncoding.formEncode(fields)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() == 302 || posted.statusCode() == 303) {
            URI location = URI.create(posted.headers().firstValue("Location").orElseThrow());
            if (!"127.0.0.1".equals(location.getHost()) || !"http".equals(location.getScheme())) {
                return new Outcome(posted.statusCode(), "the page redirected away from this machine");
            }
            HttpResponse<String> landed =
                    http.send(HttpRequest.newBuilder(location).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(landed.statusCode(), landed.statusCode() == 200 ? null : "the redirect was refused");
        }
        return new Outcome(posted.statusCode(), posted.statusCode() == 200 ? null : error(posted.body(), null));
    }

    private static String error(String body, String otherwise) {
        Matcher m = ERROR.matcher(body);
        return m.find() ? Html.unescape(m.group(1)) : otherwise;
    }
}
