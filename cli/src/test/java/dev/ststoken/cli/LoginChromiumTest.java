package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * login --browser with a real browser: the command given to login records the page's file: URL it
 * was handed and returns; headless Chromium (chromedriver) then opens that very URL while login
 * waits for the page to be read, follows the page's refresh to the emulator's federation endpoint
 * and lands, signed in, on the emulator's console stand-in, which names the assumed role.
 */
class LoginChromiumTest {
    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    WebDriver chromium;

    @BeforeEach
    void start() throws Exception {
        Path browser = Peers.which("chromium");
        Path driver = Peers.which("chromedriver");
        Peers.missing(browser == null || driver == null, "chromium and chromedriver are not on PATH");
        LoginBrowserTest.roleProfiles(sts, home, "");
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--user-data-dir=" + Files.createDirectories(home.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        chromium = new ChromeDriver(service, options);
        // The page refreshes to /federation, which redirects to the console: looking the console's
        // element up waits for it instead of failing on a page still being replaced.
        chromium.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.quit();
        }
    }

    @Test
    void chromium_follows_the_private_page_to_the_emulator_s_console_signed_in_as_the_role() throws Exception {
        Path record = Files.createDirectories(home.resolve("record"));
        Path handoff = home.resolve("handoff");
        Files.writeString(
                handoff,
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + record + "/argv.tmp' && mv '" + record + "/argv.tmp' '"
                        + record + "/argv'\n");
        Files.setPosixFilePermissions(handoff, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        CliRun cli = new CliRun(home);
        String console = sts.endpoint() + "/console/";
        String code = sts.demo().mfa().code();
        CompletableFuture<CliRun.Result> login = CompletableFuture.supplyAsync(() -> cli.run(
                "login",
                "--profile",
                "admin",
                "--browser",
                handoff.toString(),
                "--destination",
                console,
                "--mfa-token",
                code));

        Path argv = record.resolve("argv");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(argv) && !login.isDone() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(argv)
                .as(login.isDone() ? login.get().toString() : "login never ran the browser")
                .exists();
        List<String> given = Files.readAllLines(argv);
        assertThat(given).hasSize(1);
        assertThat(given.get(0)).startsWith("file:///").doesNotContain("SigninToken");

        chromium.get(given.get(0));
        String principal = chromium.findElement(By.id("principal")).getText();
        assertThat(chromium.getCurrentUrl()).isEqualTo(console);
        assertThat(principal).startsWith("arn:aws:sts::" + sts.accountId() + ":assumed-role/admin/");
        assertThat(chromium.findElement(By.id("role")).getText()).isEqualTo("admin");

        CliRun.Result r = login.get(90, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Path.of(java.net.URI.create(given.get(0))))
                .as("removed once read")
                .doesNotExist();
    }
}
