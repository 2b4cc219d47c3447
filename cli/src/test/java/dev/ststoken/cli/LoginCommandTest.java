package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import dev.ststoken.sts.FederationClient;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Console sign-in end to end against the emulator's federation endpoint. */
class LoginCommandTest {
    @TempDir
    Path home;

    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    CliRun cli;
    TestUser demo;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(home);
        demo = sts.demo();
        LoginBrowserTest.roleProfiles(sts, home, "");
    }

    /** The demo user's policy (AWS's self-management example) allows assuming a role only with MFA. */
    String code() {
        return demo.mfa().code();
    }

    @Test
    void a_role_profile_gets_a_sign_in_url_that_the_federation_endpoint_redirects_to_the_console() throws Exception {
        CliRun.Result r = cli.run("login", "--profile", "admin", "--mfa-token", code());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        URI url = URI.create(r.stdout().strip());
        assertThat(url.toString())
                .startsWith(sts.endpoint() + "/federation?Action=login&Issuer=sts-session-token"
                        + "&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=");
        HttpURLConnection browser = (HttpURLConnection) url.toURL().openConnection();
        browser.setInstanceFollowRedirects(false);
        assertThat(browser.getResponseCode()).isEqualTo(302);
        assertThat(browser.getHeaderField("Location")).isEqualTo("https://console.aws.amazon.com/");
    }

    /**
     * Every local user can read a process's argv in /proc: the opener and the browser must get a private
     * page, never the URL holding the sign-in token (a second user replayed one taken from xdg-open's).
     */
    @Test
    void open_hands_the_browser_a_private_page_and_never_the_sign_in_token_on_a_command_line() throws Exception {
        Path record = home.resolve("record");
        Files.createDirectories(record);
        Path browser = home.resolve("browser.sh");
        Files.writeString(
                browser,
                "#!/bin/sh\n"
                        + "printf '%s\\n' \"$@\" > '" + record + "/argv'\n"
                        + "page=${1#file://}\n"
                        + "stat -c %a \"$page\" > '" + record + "/file-mode'\n"
                        + "stat -c %a \"$(dirname \"$page\")\" > '" + record + "/dir-mode'\n"
                        + "printf '%s' \"$page\" > '" + record + "/path'\n"
                        + "cat \"$page\" > '" + record + "/page'\n");
        Files.setPosixFilePermissions(browser, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        cli.env.put("BROWSER", browser.toString());
        cli.env.put("XDG_RUNTIME_DIR", home.resolve("nonexistent-runtime").toString());

        CliRun.Result r = cli.run("login", "--profile", "admin", "--open", "--mfa-token", code());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
        String argv = Files.readString(record.resolve("argv"));
        assertThat(argv).startsWith("file:///").doesNotContain("SigninToken").doesNotContain("federation");
        assertThat(Files.readString(record.resolve("file-mode")).strip()).isEqualTo("600");
        assertThat(Files.readString(record.resolve("dir-mode")).strip()).isEqualTo("700");
        Path page = Path.of(Files.readString(record.resolve("path")));
        assertThat(page.getParent().toString()).endsWith("cache/sts-session-token/open");
        assertThat(page).doesNotExist(); // removed once the browser read it
        String html = Files.readString(record.resolve("page"));
        java.util.regex.Matcher refresh =
                java.util.regex.Pattern.compile("content=\"0;url=([^\"]+)\"").matcher(html);
        assertThat(refresh.find()).as(html).isTrue();
        URI url = URI.create(refresh.group(1).replace("&amp;", "&"));
        assertThat(url.toString())
                .startsWith(sts.endpoint() + "/federation?Action=login")
                .contains("SigninToken=");
        HttpURLConnection followed = (HttpURLConnection) url.toURL().openConnection();
        followed.setInstanceFollowRedirects(false);
        assertThat(followed.getResponseCode()).isEqualTo(302);
        assertThat(followed.getHeaderField("Location")).isEqualTo("https://console.aws.amazon.com/");
    }

    @Test
    void open_with_a_browser_that_fails_says_so_and_leaves_no_page() throws Exception {
        cli.env.put("BROWSER", "false");
        CliRun.Result r = cli.run("login", "--profile", "admin", "--open", "--mfa-token", code());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("false failed (exit 1)").doesNotContain("SigninToken");
        try (var left = Files.list(home.resolve("cache/sts-session-token/open"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void the_page_escapes_the_url_it_forwards_to() {
        String html = BrowserPage.html(URI.create("https://example.com/a?b=1&c=%22x%22"));
        assertThat(html)
                .contains("url=https://example.com/a?b=1&amp;c=%22x%22\"")
                .doesNotContain("<script");
        assertThat(BrowserPage.html(URI.create("https://example.com/"), "<\"'&>", "x"))
                .contains("<title>&lt;&quot;&#39;&amp;&gt;</title>");
    }

    @Test
    void a_tampered_sign_in_token_is_refused() throws Exception {
        String url = cli.run(
                        "login", "--profile", "admin", "--destination", "https://example.com/x", "--mfa-token", code())
                .stdout()
                .strip();
        HttpURLConnection browser = (HttpURLConnection)
                URI.create(url.substring(0, url.length() - 2) + "xx").toURL().openConnection();
        browser.setInstanceFollowRedirects(false);
        assertThat(browser.getResponseCode()).isEqualTo(400);
    }

    @Test
    void a_user_profile_is_refused_before_any_call_because_aws_refuses_get_session_token_sessions_there() {
        long before = sts.requestCount();
        CliRun.Result r = cli.run("login", "--profile", "base");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("login needs a role session").contains("GetSessionToken");
        assertThat(sts.requestCount()).isEqualTo(before);
    }

    @Test
    void the_federation_endpoint_itself_refuses_a_get_session_token_session_as_aws_does() throws Exception {
        StsClient client =
                new StsClient(new StsEndpoint(sts.endpoint(), "us-east-1"), TlsSettings.DEFAULT, Clock.systemUTC());
        String code = demo.mfa().code();
        SessionCredentials session = client.getSessionToken(
                demo.credentials(), new GetSessionTokenRequest(null, demo.mfa().serial(), code));
        FederationClient federation = new FederationClient(
                URI.create(sts.endpoint() + "/federation"), TlsSettings.DEFAULT, Transport.DEFAULT);
        assertThatThrownBy(() -> federation.signinToken(session, null))
                .isInstanceOf(StsServiceException.class)
                .hasMessageContaining("refused the session");
    }

    @Test
    void the_partitions_federation_endpoints_and_consoles() {
        StsEndpoint china = new StsEndpoint(URI.create("https://sts.cn-north-1.amazonaws.com.cn"), "cn-north-1");
        assertThat(FederationClient.forEndpoint(china, false)).hasToString("https://signin.amazonaws.cn/federation");
        StsEndpoint gov = new StsEndpoint(URI.create("https://sts.us-gov-west-1.amazonaws.com"), "us-gov-west-1");
        assertThat(FederationClient.forEndpoint(gov, false))
                .hasToString("https://signin.amazonaws-us-gov.com/federation");
        assertThat(FederationClient.consoleFor(URI.create("https://signin.amazonaws-us-gov.com/federation")))
                .isEqualTo("https://console.amazonaws-us-gov.com/");
    }
}
