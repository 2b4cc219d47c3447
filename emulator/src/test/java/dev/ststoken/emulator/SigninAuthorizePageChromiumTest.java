package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Headless Chromium on the sign-in service's authorize page ({@code /v1/authorize}, the page of
 * {@code aws login}): an IAM user, then the root user, sign in with password and TOTP code, and the
 * browser follows the redirect to the client's loopback listener with code and state (a CSP with
 * form-action would stop that in Chromium); the codes redeem for the user's and root's credentials.
 * A user without signin:AuthorizeOAuth2Access sees AWS's refusal and is not redirected.
 */
class SigninAuthorizePageChromiumTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.now());
    final HttpClient http = HttpClient.newHttpClient();
    Emulator emulator;
    IamClient iam;
    WebDriver chromium;
    HttpServer listener;
    CompletableFuture<String> landed = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        Path browser = Peers.which("chromium");
        Path driver = Peers.which("chromedriver");
        Peers.missing(browser == null || driver == null, "chromium and chromedriver are not on PATH");
        emulator = Emulator.start(EmulatorConfig.forTests(dir.resolve("state")).withClock(clock));
        iam = new IamClient(emulator, clock);
        AwsCredentials root = emulator.rootCredentials();
        iam.call(root, "CreateLoginProfile", "UserName", "demo", "Password", SigninAuthorizePageTest.PASSWORD);
        clock.advance(Duration.ofMinutes(1)); // past the MFA step the bootstrap used
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/oauth/callback", exchange -> {
            landed.complete(exchange.getRequestURI().getRawQuery());
            byte[] body = "<html><body><h1>Signed in</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        chromium = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(driver.toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
        // A click that submits a form can return before the next page is loaded.
        chromium.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.quit();
        }
        if (listener != null) {
            listener.stop(0);
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    String redirect() {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + "/oauth/callback";
    }

    void openPage() throws Exception {
        chromium.get(emulator.endpoint() + "/v1/authorize?response_type=code&client_id="
                + PercentEncoding.encode(SigninAuthorizePageTest.CLIENT) + "&redirect_uri="
                + PercentEncoding.encode(redirect()) + "&state=xyz&code_challenge_method=S256&code_challenge="
                + SigninAuthorizePageTest.challenge());
    }

    void fill(String principal, String user, String password, String code) {
        chromium.findElement(By.cssSelector("input[name=principal][value=" + principal + "]"))
                .click();
        chromium.findElement(By.name("username")).clear();
        chromium.findElement(By.name("username")).sendKeys(user);
        chromium.findElement(By.name("password")).sendKeys(password);
        chromium.findElement(By.name("mfa_code")).sendKeys(code);
        chromium.findElement(By.cssSelector("button[type=submit]")).click();
    }

    String demoCode() {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return Totp.code(emulator.demoIdentity().mfaSeed(), clock.instant());
    }

    /** The code of the loopback redirect, after checking the browser landed there with the state. */
    String landedCode() throws Exception {
        String query = landed.get(30, TimeUnit.SECONDS);
        assertThat(query).matches("code=[A-Za-z0-9_.~%-]+&state=xyz");
        assertThat(chromium.findElement(By.tagName("h1")).getText()).isEqualTo("Signed in");
        return PercentEncoding.decode(query.substring("code=".length(), query.indexOf('&')), false);
    }

    @Test
    void an_iam_user_is_refused_without_the_permission_then_signs_in_and_lands_on_the_loopback_redirect()
            throws Exception {
        openPage();
        fill("iam", "demo", SigninAuthorizePageTest.PASSWORD, demoCode());
        assertThat(chromium.findElement(By.tagName("h1")).getText()).isEqualTo("Access denied");
        assertThat(chromium.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("is not authorized to perform: signin:AuthorizeOAuth2Access");
        assertThat(landed).isNotDone();

        iam.call(
                emulator.rootCredentials(),
                "PutUserPolicy",
                "UserName",
                "demo",
                "PolicyName",
                "aws-login",
                "PolicyDocument",
                SigninAuthorizePageTest.SIGN_IN_LOCAL_DEVELOPMENT_ACCESS);
        openPage();
        String right = demoCode();
        fill("iam", "demo", SigninAuthorizePageTest.PASSWORD, right.equals("000000") ? "111111" : "000000");
        assertThat(chromium.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("The user name, password or MFA code is not right.");
        chromium.findElement(By.name("password")).clear();
        fill("iam", "demo", SigninAuthorizePageTest.PASSWORD, demoCode());

        AwsCredentials credentials =
                SigninAuthorizePageTest.redeemCode(emulator, http, clock.instant(), landedCode(), redirect());
        assertThat(iam.sts(credentials, "GetCallerIdentity").textAt("Arn")).endsWith(":user/demo");
    }

    @Test
    void the_root_user_signs_in_and_the_credentials_are_roots() throws Exception {
        openPage(); // the first page makes root's password and MFA seed files
        String password =
                Files.readString(dir.resolve("state/root-password.txt")).strip();
        byte[] seed = Base32.decode(
                Files.readString(dir.resolve("state/root-mfa-seed.txt")).strip());
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));

        fill("root", "", password, Totp.code(seed, clock.instant()));

        AwsCredentials credentials =
                SigninAuthorizePageTest.redeemCode(emulator, http, clock.instant(), landedCode(), redirect());
        assertThat(iam.sts(credentials, "GetCallerIdentity").textAt("Arn"))
                .isEqualTo("arn:aws:iam::" + emulator.accountId() + ":root");
    }
}
