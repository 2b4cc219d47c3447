package dev.ststoken.emulator.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser on the sign-in pages: headless Chromium, driven by chromedriver, fills the device
 * verification form and clicks Allow; on the authorize page it signs in and follows the redirect to
 * a client's loopback listener with the code and state (the page's Content-Security-Policy must
 * not stop the form's redirect, as form-action would in Chromium).
 */
class SignInPagesChromiumTest {
    @TempDir
    Path stateDir;

    MutableClock clock = new MutableClock(Instant.now());
    Emulator emulator;
    WebDriver chromium;

    @BeforeEach
    void start() throws Exception {
        Path browser = Peers.which("chromium");
        Path driver = Peers.which("chromedriver");
        Peers.missing(browser == null || driver == null, "chromium and chromedriver are not on PATH");
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        emulator.identityCenter();
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--user-data-dir=" + Files.createDirectories(stateDir.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        chromium = new ChromeDriver(service, options);
        // A click that submits a form can return before the next page is loaded: looking an element up
        // waits for it (up to 10 s) instead of failing on the page still being replaced (seen once under load).
        chromium.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.quit();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    String password() throws Exception {
        return Files.readString(stateDir.resolve(SsoHandler.DEMO_PASSWORD_FILE)).strip();
    }

    String code() throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return Totp.code(
                Base32.decode(Files.readString(stateDir.resolve(SsoHandler.DEMO_SEED_FILE))
                        .strip()),
                clock.instant());
    }

    void signIn(String password, String code) {
        chromium.findElement(By.id("username")).sendKeys("sso-demo");
        chromium.findElement(By.id("password")).sendKeys(password);
        chromium.findElement(By.id("totp")).sendKeys(code);
        chromium.findElement(By.cssSelector("button[value=allow]")).click();
    }

    /**
     * The element's text once the page a click submitted has loaded: right after the click, the
     * element found may still be the old page's, which the navigation then detaches (a stale
     * element, seen once under load). Polls for up to 10 s; the last text seen otherwise.
     */
    private String textOnceLoaded(By by, String expected) throws InterruptedException {
        String last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                last = chromium.findElement(by).getText();
                if (last.equals(expected)) {
                    return last;
                }
            } catch (org.openqa.selenium.NoSuchElementException
                    | org.openqa.selenium.StaleElementReferenceException e) {
                // the next page is not there yet
            }
            Thread.sleep(50);
        }
        return last;
    }

    @Test
    void chromium_approves_a_device_after_a_wrong_code() throws Exception {
        Browser api = new Browser(emulator.endpoint());
        Map<String, Object> client = Json.parseObject(api.api(
                        "POST",
                        "/client/register",
                        Json.write(Map.of("clientName", "chromium-test", "clientType", "public")),
                        null)
                .body());
        Map<String, Object> device = Json.parseObject(api.api(
                        "POST",
                        "/device_authorization",
                        Json.write(Map.of(
                                "clientId",
                                client.get("clientId"),
                                "clientSecret",
                                client.get("clientSecret"),
                                "startUrl",
                                "http://start")),
                        null)
                .body());
        chromium.get((String) device.get("verificationUriComplete"));
        assertThat(chromium.findElement(By.id("user_code")).getAttribute("value"))
                .isEqualTo(device.get("userCode"));

        String right = code();
        signIn(password(), right.equals("000000") ? "111111" : "000000");
        assertThat(textOnceLoaded(By.cssSelector(".error"), "Wrong user name, password or MFA code."))
                .isEqualTo("Wrong user name, password or MFA code.");
        // The page came back with a new form token for the same cookie: the browser just tries again.
        chromium.findElement(By.id("username")).clear();
        signIn(password(), code());
        assertThat(textOnceLoaded(By.tagName("h1"), "Access approved")).isEqualTo("Access approved");

        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> token = api.api(
                "POST",
                "/token",
                Json.write(Map.of(
                        "clientId",
                        client.get("clientId"),
                        "clientSecret",
                        client.get("clientSecret"),
                        "grantType",
                        OidcApi.DEVICE_CODE,
                        "deviceCode",
                        device.get("deviceCode"))),
                null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    @Test
    void chromium_signs_in_on_the_authorize_page_and_lands_on_the_clients_loopback_redirect() throws Exception {
        CompletableFuture<String> landed = new CompletableFuture<>();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/oauth/callback", exchange -> {
            landed.complete(exchange.getRequestURI().getRawQuery());
            byte[] body = "<html><body><h1>Signed in</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
        try {
            String redirect = "http://127.0.0.1:" + listener.getAddress().getPort() + "/oauth/callback";
            Browser api = new Browser(emulator.endpoint());
            Map<String, Object> client = Json.parseObject(api.api(
                            "POST",
                            "/client/register",
                            Json.write(Map.of(
                                    "clientName",
                                    "chromium-pkce",
                                    "clientType",
                                    "public",
                                    "scopes",
                                    List.of("sso:account:access"),
                                    "redirectUris",
                                    List.of(redirect),
                                    "grantTypes",
                                    List.of("authorization_code", "refresh_token"))),
                            null)
                    .body());
            String verifier = "chromium-test-verifier-0123456789-0123456789-abcdef";
            chromium.get(emulator.endpoint() + "/authorize?response_type=code&client_id=" + client.get("clientId")
                    + "&redirect_uri=" + PercentEncoding.encode(redirect) + "&state=xyz&code_challenge_method=S256"
                    + "&code_challenge=" + OidcApi.challenge(verifier) + "&scopes=sso%3Aaccount%3Aaccess");
            signIn(password(), code());
            String query = landed.get(30, TimeUnit.SECONDS);
            assertThat(query).matches("code=[A-Za-z0-9_-]+&state=xyz");
            assertThat(textOnceLoaded(By.tagName("h1"), "Signed in")).isEqualTo("Signed in");
            String authCode = query.substring("code=".length(), query.indexOf('&'));
            HttpResponse<String> token = api.api(
                    "POST",
                    "/token",
                    Json.write(Map.of(
                            "clientId",
                            client.get("clientId"),
                            "clientSecret",
                            client.get("clientSecret"),
                            "grantType",
                            "authorization_code",
                            "code",
                            authCode,
                            "redirectUri",
                            redirect,
                            "codeVerifier",
                            verifier)),
                    null);
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(Json.parseObject(token.body())).containsKeys("accessToken", "refreshToken");
        } finally {
            listener.stop(0);
        }
    }
}
