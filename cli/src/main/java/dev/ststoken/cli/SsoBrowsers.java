package dev.ststoken.cli;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.emulator.sso.SsoHandler;
import dev.ststoken.sso.IdentityCenterLogin;
import dev.ststoken.totp.Base32;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/** What {@code sso login} shows the user: a browser it opens (or a URL it prints), or the emulator's page answered for the demo user. */
final class SsoBrowsers {
    private SsoBrowsers() {}
}

/**
 * The user's browser, opened through {@link BrowserPage}'s private forwarding page (the authorize URL's
 * state and challenge stay off every command line), or with {@code --no-browser} the URL printed on
 * stderr. If the opener fails the URL is printed too, as the AWS CLI does.
 */
final class TerminalBrowser implements IdentityCenterLogin.Browser {
    private final CommandContext context;
    private final boolean print;

    TerminalBrowser(CommandContext context, boolean print) {
        this.context = context;
        this.print = print;
    }

    @Override
    public void authorize(URI url) throws IOException {
        if (print || !open(url, "Signing in to IAM Identity Center", "Continue to the IAM Identity Center sign-in")) {
            context.note("open this URL in a browser on this machine to sign in (it comes back to 127.0.0.1):");
            context.err().println(url);
        } else {
            context.note("the browser shows the IAM Identity Center sign-in; waiting for it to come back");
        }
    }

    @Override
    public void device(String verificationUriComplete, String userCode) throws IOException {
        context.note("open " + verificationUriComplete + " on any device and confirm the code " + userCode);
        if (!print) {
            open(URI.create(verificationUriComplete), "Authorizing a device", "Continue to the device authorization");
        }
    }

    private boolean open(URI url, String title, String link) throws IOException {
        BrowserPage page = new BrowserPage(context.env(), context.home(), context.clock(), Duration.ofSeconds(30));
        try {
            if (page.open(url, title, link) == 0) {
                return true;
            }
        } catch (BrowserPage.OpenerNotStarted e) {
            // no opener here (a server, a container): the URL is printed instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UsageException e) {
            // BrowserPage refuses only login's --browser/--private choices, which sso does not take
            context.note("could not open a browser: " + e.getMessage());
            return false;
        }
        String opener;
        try {
            opener = page.command("file:").get(0);
        } catch (UsageException e) {
            opener = e.getMessage();
        }
        context.note("could not open a browser (" + opener + ")");
        return false;
    }
}

/**
 * {@code --local}: the embedded emulator's page answered for its demo user sso-demo with the password
 * and a fresh TOTP code from the state dir, as {@code get --local} computes the demo's MFA code. The
 * authorize page is answered on its own thread, since its redirect reaches the loopback receiver only
 * once the sign-in waits for it.
 */
final class LocalBrowser implements IdentityCenterLogin.Browser {
    private final CommandContext context;
    private final LocalEmulator local;

    LocalBrowser(CommandContext context, LocalEmulator local) {
        this.context = context;
        this.local = local;
    }

    @Override
    public void authorize(URI url) {
        Thread answer = new Thread(() -> answer(url), "sso-local-page");
        answer.setDaemon(true);
        answer.start();
    }

    @Override
    public void device(String verificationUriComplete, String userCode) {
        answer(URI.create(verificationUriComplete));
    }

    private void answer(URI page) {
        try {
            Emulator emulator = local.emulator();
            String password = Files.readString(
                            local.stateDir().resolve(SsoHandler.DEMO_PASSWORD_FILE), StandardCharsets.UTF_8)
                    .strip();
            byte[] seed = Base32.decode(
                    Files.readString(local.stateDir().resolve(SsoHandler.DEMO_SEED_FILE), StandardCharsets.US_ASCII)
                            .strip());
            String code =
                    local.freshCode(seed, emulator.identityCenter().directory().lastUsedStep(SsoHandler.DEMO_USER));
            SignInRobot.Outcome outcome = new SignInRobot().answer(page, SsoHandler.DEMO_USER, password, code, "allow");
            if (outcome.error() != null) {
                context.note("the local sign-in page refused the demo user: " + outcome.error());
            }
        } catch (IOException | EmulatorStateException e) {
            context.note("cannot answer the local sign-in page: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
