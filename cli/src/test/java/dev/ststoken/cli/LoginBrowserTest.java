package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login --browser}, {@code --private} and the profile's {@code login_browser}, with stand-in
 * browsers on PATH that record their argv and the page they were given: the right program with
 * the right private-window flag, the page's file: URL and never the sign-in URL in any argv; and
 * the emulator's console stand-in that the forwarded sign-in lands on.
 */
class LoginBrowserTest {
    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    CliRun cli;
    TestUser demo;
    Path record;

    /** A role profile (admin) whose source (base) has an MFA device, as in LoginCommandTest. */
    static void roleProfiles(StsEmulatorExtension sts, Path home, String adminExtra) throws Exception {
        TestUser demo = sts.demo();
        sts.role("admin").withTrustPolicy(String.format(RolesTest.TRUST_THE_DEMO_USER, sts.accountId()));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile base]\nendpoint_url = " + sts.endpoint() + "\n"
                        + "mfa_serial = " + demo.mfa().serial() + "\n\n"
                        + "[profile admin]\nrole_arn = arn:aws:iam::" + sts.accountId()
                        + ":role/admin\nsource_profile = base\n"
                        + "endpoint_url = " + sts.endpoint() + "\n" + adminExtra);
    }

    /** A stand-in browser {@code name} in {@code bin}: its argv and the page it was given go to {@code record}. */
    static void standIn(Path bin, String name, Path record) throws Exception {
        Path script = bin.resolve(name);
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "printf '%s\\n' \"$@\" > '" + record + "/" + name + "-argv'\n"
                        + "for a in \"$@\"; do case $a in file://*) page=${a#file://} ;; esac; done\n"
                        + "stat -c %a \"$page\" > '" + record + "/" + name + "-mode'\n"
                        + "cat \"$page\" > '" + record + "/" + name + "-page'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    @BeforeEach
    void setUp() throws Exception {
        demo = sts.demo();
        roleProfiles(sts, home, "");
        record = Files.createDirectories(home.resolve("record"));
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String name : List.of("firefox", "chromium", "mybrowser")) {
            standIn(bin, name, record);
        }
        cli = new CliRun(home);
        cli.env.put("PATH", bin + ":/usr/bin:/bin");
        cli.env.put("BROWSER", "xdg-open-is-not-used");
    }

    String code() {
        return demo.mfa().code();
    }

    /** What {@code name} was run with, checked to hold the page's file: URL and nothing of the sign-in. */
    List<String> argv(String name) throws Exception {
        List<String> argv = Files.readAllLines(record.resolve(name + "-argv"));
        assertThat(String.join(" ", argv))
                .contains("file:///")
                .doesNotContain("SigninToken")
                .doesNotContain("federation")
                .doesNotContain(sts.endpoint().toString());
        assertThat(Files.readString(record.resolve(name + "-mode")).strip()).isEqualTo("600");
        assertThat(Files.readString(record.resolve(name + "-page"))).contains("SigninToken=");
        return argv;
    }

    @Test
    void browser_and_private_run_firefox_or_chromium_with_their_own_flag_and_only_the_page_s_file_url()
            throws Exception {
        CliRun.Result r =
                cli.run("login", "--profile", "admin", "--browser", "firefox", "--private", "--mfa-token", code());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
        List<String> firefox = argv("firefox");
        assertThat(firefox).hasSize(2);
        assertThat(firefox.get(0)).isEqualTo("--private-window");
        assertThat(firefox.get(1)).startsWith("file:///").endsWith(".html");

        r = cli.run("login", "--profile", "admin", "--browser", "chromium", "--private");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> chromium = argv("chromium");
        assertThat(chromium).hasSize(2);
        assertThat(chromium.get(0)).isEqualTo("--incognito");

        // A command: %s where the page goes, its own words kept; no private flag asked, none added.
        r = cli.run("login", "--profile", "admin", "--browser", "mybrowser --new-window %s --no-remote");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> mine = argv("mybrowser");
        assertThat(mine).hasSize(3);
        assertThat(mine.get(0)).isEqualTo("--new-window");
        assertThat(mine.get(1)).startsWith("file:///");
        assertThat(mine.get(2)).isEqualTo("--no-remote");
    }

    @Test
    void the_profile_s_login_browser_opens_with_open_and_browser_wins_over_it() throws Exception {
        Files.writeString(home.resolve(".aws/config"), "login_browser = chromium\n", StandardOpenOption.APPEND);
        CliRun.Result r = cli.run("login", "--profile", "admin", "--open", "--mfa-token", code());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(argv("chromium")).hasSize(1);
        assertThat(record.resolve("firefox-argv")).doesNotExist();

        r = cli.run("login", "--profile", "admin", "--browser", "firefox");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(argv("firefox")).hasSize(1);

        // Without --open or --browser, login prints the URL, as before: the setting only picks the browser.
        Files.delete(record.resolve("chromium-argv"));
        r = cli.run("login", "--profile", "admin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("SigninToken=");
        assertThat(record.resolve("chromium-argv")).doesNotExist();
    }

    @Test
    void private_with_a_browser_whose_flag_is_not_known_or_without_opening_is_refused_before_any_call()
            throws Exception {
        long before = sts.requestCount();
        CliRun.Result r = cli.run("login", "--profile", "admin", "--browser", "mybrowser", "--private");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr())
                .contains("--private: the private-window flag of")
                .contains("mybrowser")
                .contains("use --browser firefox or chromium");
        r = cli.run("login", "--profile", "admin", "--private");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).contains("--private goes with --open or --browser");
        assertThat(sts.requestCount()).isEqualTo(before);
        assertThat(record.resolve("mybrowser-argv")).doesNotExist();
    }

    @Test
    void the_sign_in_lands_on_the_emulator_s_console_stand_in_which_shows_the_escaped_identity() throws Exception {
        String console = sts.endpoint() + "/console/";
        String url = cli.run("login", "--profile", "admin", "--destination", console, "--mfa-token", code())
                .stdout()
                .strip();
        HttpURLConnection federation =
                (HttpURLConnection) URI.create(url).toURL().openConnection();
        federation.setInstanceFollowRedirects(false);
        assertThat(federation.getResponseCode()).isEqualTo(302);
        assertThat(federation.getHeaderField("Location")).isEqualTo(console);
        String cookie = federation.getHeaderField("Set-Cookie");
        assertThat(cookie)
                .startsWith("sts-emulator-console=")
                .contains("HttpOnly")
                .contains("Path=/console");

        HttpURLConnection page = (HttpURLConnection) URI.create(console).toURL().openConnection();
        page.setRequestProperty("Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(page.getResponseCode()).isEqualTo(200);
        assertThat(page.getHeaderField("Content-Security-Policy")).startsWith("default-src 'none'");
        String html = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(html)
                .contains("<strong id=\"principal\">arn:aws:sts::" + sts.accountId() + ":assumed-role/admin/")
                .contains("<dd id=\"role\">admin</dd>")
                .doesNotContain("<script")
                .doesNotContain("src=")
                .doesNotContain("href=");

        // No cookie, or one changed by a byte: not signed in.
        HttpURLConnection none = (HttpURLConnection) URI.create(console).toURL().openConnection();
        assertThat(none.getResponseCode()).isEqualTo(401);
        String value = cookie.substring(0, cookie.indexOf(';'));
        HttpURLConnection forged =
                (HttpURLConnection) URI.create(console).toURL().openConnection();
        forged.setRequestProperty("Cookie", value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A"));
        assertThat(forged.getResponseCode()).isEqualTo(401);
    }
}
