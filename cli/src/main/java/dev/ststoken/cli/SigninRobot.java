package dev.ststoken.cli;

import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.internal.Html;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code signin --local}: answers the in-process emulator's authorize page for its demo user as a
 * person would in the browser (the form's hidden fields and CSRF cookie, the demo's console password
 * from the state dir, a fresh TOTP code of its device), so the whole flow runs with nothing but a
 * JDK, as {@code get --local} computes the demo's MFA code. Only ever talks to the emulator it was given.
 */
final class SigninRobot {
    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");
    private static final Pattern SHOWN_CODE =
            Pattern.compile("<code id=\"verification-code\">([A-Za-z0-9+/=]+)</code>");

    private final LocalEmulator local;
    private final Emulator emulator;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SigninRobot(LocalEmulator local, Emulator emulator) {
        this.local = local;
        this.emulator = emulator;
    }

    /** Signs in on the page and follows its redirect to our loopback receiver in the background. */
    void answer(URI authorizeUrl) throws IOException {
        URI location = signIn(authorizeUrl);
        Thread browser = new Thread(
                () -> {
                    try {
                        http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        // the receiver's await times out and says so
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "signin-local-redirect");
        browser.setDaemon(true);
        browser.start();
    }

    /** The cross-device flow: signs in, opens the confirmation page and reads the code a person would copy. */
    String pastedCode(URI authorizeUrl) throws IOException {
        URI location = signIn(authorizeUrl);
        String page = send(HttpRequest.newBuilder(location).build()).body();
        Matcher shown = SHOWN_CODE.matcher(page);
        if (!shown.find()) {
            throw new IOException("the emulator's confirmation page showed no code");
        }
        return shown.group(1);
    }

    private URI signIn(URI authorizeUrl) throws IOException {
        if (!authorizeUrl.toString().startsWith(emulator.endpoint().toString())) {
            throw new IOException("refusing to answer a page that is not the local emulator's");
        }
        HttpResponse<String> form = send(HttpRequest.newBuilder(authorizeUrl).build());
        if (form.statusCode() != 200) {
            throw new IOException("the emulator's sign-in page answered " + form.statusCode());
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        Matcher hidden = HIDDEN.matcher(form.body());
        while (hidden.find()) {
            fields.add(Map.entry(hidden.group(1), Html.unescape(hidden.group(2))));
        }
        DemoIdentity demo = emulator.demoIdentity();
        Path passwordFile = local.stateDir().resolve("demo-password.txt");
        fields.add(Map.entry("principal", "iam"));
        fields.add(Map.entry("username", "demo"));
        fields.add(Map.entry("password", Files.readString(passwordFile).strip()));
        fields.add(Map.entry("mfa_code", local.freshCode(demo.mfaSeed(), emulator.lastUsedStep(demo.mfaSerial()))));
        String cookie = form.headers().firstValue("Set-Cookie").orElse("").split(";")[0];
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/v1/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(PercentEncoding.formEncode(fields)))
                .build());
        if (answer.statusCode() != 302) {
            throw new IOException(
                    "the emulator's sign-in page refused the demo user (HTTP " + answer.statusCode() + ")");
        }
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
