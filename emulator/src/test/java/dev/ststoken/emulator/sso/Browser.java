package dev.ststoken.emulator.sso;

import dev.ststoken.internal.PercentEncoding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser does with the sign-in pages, over real HTTP: keeps the cookie the page sets, reads
 * the form's CSRF token, posts the form, and does not follow redirects (the test reads them).
 */
final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI endpoint;
    String cookie;
    String csrf;

    Browser(URI endpoint) {
        this.endpoint = endpoint;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint.resolve(pathAndQuery)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** Posts the fields as a form, with the cookie this browser holds. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(fields.entrySet());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PercentEncoding.formEncode(pairs)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON call of the OIDC or portal API, as botocore makes it. */
    HttpResponse<String> api(String method, String pathAndQuery, String json, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("x-amz-sso_bearer_token", bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
