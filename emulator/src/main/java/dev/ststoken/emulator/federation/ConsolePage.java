package dev.ststoken.emulator.federation;

import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.internal.Html;
import java.time.Instant;

/**
 * The emulator's stand-in for the AWS console ({@code /console/}): where a federation sign-in
 * lands when its Destination is the emulator's own console. It shows who the browser is signed in
 * as, from the console-session cookie the federation endpoint set on {@code login} (HttpOnly,
 * SameSite=Lax, checked by its MAC and expiry), and nothing else: a plain page, every value
 * escaped, no script, style sheet or other asset, and a Content-Security-Policy that allows none.
 * Without a valid cookie it answers 401 with a page saying how to sign in.
 */
final class ConsolePage {
    static final String PATH = "/console";
    static final String COOKIE = "sts-emulator-console";

    private ConsolePage() {}

    static boolean owns(String rawPath) {
        return rawPath.equals(PATH) || rawPath.startsWith(PATH + "/");
    }

    /** The cookie the federation endpoint sets with its redirect: the signed-in principal until {@code expires}. */
    static String setCookie(String value) {
        return COOKIE + "=" + value + "; Path=" + PATH + "; HttpOnly; SameSite=Lax";
    }

    /** The value of our cookie in the request's Cookie header, or null. */
    static String cookie(Request request) {
        String header = request.header("Cookie");
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.startsWith(COOKIE + "=")) {
                return trimmed.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    /**
     * @param principal the signed-in principal's ARN from a valid cookie, or null when there is none
     */
    static Response page(String principal, Instant expires) {
        if (principal == null) {
            return html(
                    401,
                    "Not signed in",
                    "<p>This is the sts-session-token emulator's stand-in for the AWS console. Sign in through its "
                            + "federation endpoint (<code>sts-session-token login</code> with a role profile whose "
                            + "endpoint_url is this emulator and <code>--destination</code> this page).</p>");
        }
        String account = field(principal, 4);
        String resource = field(principal, 5);
        String[] parts = resource.split("/");
        StringBuilder body = new StringBuilder();
        body.append("<p>Signed in as <strong id=\"principal\">")
                .append(escape(principal))
                .append("</strong></p>\n<dl>\n<dt>Account</dt><dd id=\"account\">")
                .append(escape(account))
                .append("</dd>\n");
        if (parts.length == 3 && parts[0].equals("assumed-role")) {
            body.append("<dt>Role</dt><dd id=\"role\">")
                    .append(escape(parts[1]))
                    .append("</dd>\n<dt>Session</dt><dd id=\"session\">")
                    .append(escape(parts[2]))
                    .append("</dd>\n");
        }
        body.append("<dt>Console session ends</dt><dd id=\"expires\">")
                .append(escape(expires.toString()))
                .append("</dd>\n</dl>\n<p>This is the sts-session-token emulator's stand-in for the AWS console: "
                        + "nothing here acts on the account.</p>");
        return html(200, "AWS console (emulator)", body.toString());
    }

    private static String field(String arn, int index) {
        String[] fields = arn.split(":", 6);
        return fields.length > index ? fields[index] : "";
    }

    private static Response html(int status, String title, String body) {
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title></head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body + "\n</body></html>\n";
        return Response.of(status, "text/html; charset=utf-8", page)
                .withHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; form-action 'none'")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cache-Control", "no-store");
    }

    /** Controls and DEL shown as ?, so a hostile principal cannot draw on the page. */
    static String escape(String text) {
        return Html.escape(text, c -> c < 0x20 || c == 0x7f, '?');
    }
}
