package dev.ststoken.cli;

import dev.ststoken.config.Profile;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.oauth.LoopbackReceiver;
import dev.ststoken.oauth.Pkce;
import dev.ststoken.signin.DpopKey;
import dev.ststoken.signin.LoginCache;
import dev.ststoken.signin.LoginSessionCredentials;
import dev.ststoken.signin.LoginSessionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@code signin}: the browser sign-in of {@code aws login} (AWS CLI 2.32+): an authorization request
 * with PKCE to the sign-in service's authorize page, the code taken by a one-shot loopback receiver
 * (or, with {@code --remote}, pasted from the service's confirmation page, as {@code aws login
 * --remote} does), redeemed at the token endpoint with a DPoP proof of a new key, and the token
 * written to the AWS CLI's login cache so the AWS CLI and SDKs share it. Not {@code login}, which
 * opens the console for a role session (aws-vault's meaning).
 */
final class SigninCommand {
    static final List<Option> OPTIONS =
            List.of(Option.PROFILE, Option.REGION, Option.REMOTE, Option.LOCAL, Option.HELP);
    /** How long the browser may take: a person signs in, maybe with a passkey. */
    static final Duration WAIT = Duration.ofMinutes(10);

    static final String SAME_DEVICE = "arn:aws:signin:::devtools/same-device";
    static final String CROSS_DEVICE = "arn:aws:signin:::devtools/cross-device";

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " signin [--profile P] [--remote] [--local]",
                "Signs you in as aws login does (console credentials: an IAM user or the root user, with MFA or\n"
                        + "a passkey) and keeps the session in the AWS CLI's cache (~/.aws/login/cache), refreshed\n"
                        + "for up to 12 hours by this tool, the AWS CLI and the SDKs. --profile P writes\n"
                        + "login_session to P (default: the default profile) for get, exec and role chains.\n"
                        + "--remote: for a host without a browser; open the URL anywhere and paste the code shown.\n"
                        + "Not 'login', which prints a console sign-in URL for a role session.",
                OPTIONS,
                "");
    }

    private final CommandContext context;

    SigninCommand(CommandContext context) {
        this.context = context;
    }

    int run(List<String> args) throws UsageException, ConfigException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("signin", OPTIONS, false, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        String profileName = line.has(Option.PROFILE) ? line.text(Option.PROFILE) : "default";
        ProfileAccess access = new ProfileAccess(context, new Terminal.Tty(), profileName);
        Profile profile = access.profile();
        for (String other : List.of("aws_access_key_id", "role_arn", "credential_process", "sso_role_name")) {
            if (profile.get(other) != null) {
                throw new ConfigException("profile '" + profileName + "' already has " + other
                        + ": a login_session there would be shadowed; use --profile with a new name");
            }
        }
        String region = line.has(Option.REGION)
                ? line.text(Option.REGION)
                : profile.get("region") != null ? profile.get("region") : "us-east-1";
        if (line.has(Option.LOCAL)) {
            try (LocalEmulator local = LocalEmulator.open(context)) {
                LocalEmulator.checkStateDir(local.stateDir());
                Emulator emulator = local.emulator();
                emulator.prepareDemoSignIn();
                return signIn(line, access, region, emulator.endpoint(), new SigninRobot(local, emulator));
            }
        }
        URI endpoint;
        try {
            endpoint = LoginSessionCredentials.endpoint(region, context.env());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return signIn(line, access, region, endpoint, null);
    }

    private int signIn(CommandLine line, ProfileAccess access, String region, URI endpoint, SigninRobot robot)
            throws IOException, ConfigException {
        Pkce pkce = Pkce.create();
        DpopKey key = DpopKey.generate(new SecureRandom());
        Path cache = LoginCache.directory(context.env());
        String base = endpoint.toString().replaceAll("/+$", "");
        LoginSessionCredentials signedIn;
        try {
            if (line.has(Option.REMOTE)) {
                String redirect = base + "/v1/sessions/confirmation";
                String state = java.util.UUID.randomUUID().toString();
                URI url = authorizeUrl(base, CROSS_DEVICE, redirect, state, pkce);
                context.err()
                        .println("Open this URL on a device with a browser, sign in, and paste the code it shows:");
                context.err().println();
                context.err().println(url);
                context.err().println();
                String pasted = robot != null ? robot.pastedCode(url) : readLine();
                String[] codeAndState = pastedCode(pasted);
                if (!codeAndState[1].equals(state)) {
                    throw new ConfigException("the pasted code belongs to another sign-in (its state differs); run "
                            + "signin again and paste the code of that sign-in");
                }
                signedIn = LoginSessionCredentials.signIn(
                        cache,
                        endpoint,
                        context.clock(),
                        codeAndState[0],
                        pkce.verifier(),
                        redirect,
                        CROSS_DEVICE,
                        key);
            } else {
                try (LoopbackReceiver receiver = LoopbackReceiver.open(LoopbackReceiver.DEFAULT_PATH)) {
                    String redirect = receiver.redirectUri().toString();
                    URI url = authorizeUrl(base, SAME_DEVICE, redirect, receiver.state(), pkce);
                    if (robot != null) {
                        robot.answer(url);
                    } else {
                        context.err()
                                .println("Sign in in your browser. If it does not open, open this URL on this"
                                        + " computer (or run signin --remote):");
                        context.err().println();
                        context.err().println(url);
                        context.err().println();
                        openBrowser(url);
                    }
                    LoopbackReceiver.Redirect redirected = receiver.await(WAIT);
                    if (redirected.error() != null) {
                        context.note("the sign-in was refused: " + redirected.error()
                                + (redirected.errorDescription() == null
                                        ? ""
                                        : " (" + redirected.errorDescription() + ")"));
                        return ExitCode.REFUSED;
                    }
                    signedIn = LoginSessionCredentials.signIn(
                            cache,
                            endpoint,
                            context.clock(),
                            redirected.code(),
                            pkce.verifier(),
                            redirect,
                            SAME_DEVICE,
                            key);
                }
            }
        } catch (TimeoutException e) {
            context.note("no sign-in arrived within " + WAIT.toMinutes() + " minutes; nothing was written");
            return ExitCode.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the browser");
        } catch (LoginSessionException e) {
            context.note(e.getMessage());
            return e.localFile() ? ExitCode.USAGE : ExitCode.REFUSED;
        }
        access.setInConfig("login_session", signedIn.loginSession());
        if (line.has(Option.REGION) || access.profile().get("region") == null) {
            access.setInConfig("region", region);
        }
        context.err()
                .println("Signed in as " + signedIn.loginSession() + "; profile " + access.name()
                        + " uses it (login_session), refreshed for up to 12 hours.");
        return ExitCode.OK;
    }

    /**
     * The authorization URL as the AWS CLI makes it (awscli/customizations/login/utils.py): the
     * challenge method named SHA-256, scope openid, the state, the redirect.
     */
    static URI authorizeUrl(String base, String clientId, String redirect, String state, Pkce pkce) {
        return URI.create(base + "/v1/authorize?response_type=code&client_id="
                + dev.ststoken.internal.PercentEncoding.encode(clientId) + "&state="
                + dev.ststoken.internal.PercentEncoding.encode(state) + "&code_challenge_method=SHA-256&scope=openid"
                + "&redirect_uri=" + dev.ststoken.internal.PercentEncoding.encode(redirect) + "&code_challenge="
                + pkce.challenge());
    }

    /** What the confirmation page shows: base64 of {@code state=S&code=C}; {code, state}. */
    static String[] pastedCode(String pasted) throws ConfigException {
        String text;
        try {
            text = new String(
                    java.util.Base64.getDecoder().decode(pasted == null ? "" : pasted.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("that is not the code the sign-in page shows (not base64); copy it whole");
        }
        String code = null;
        String state = null;
        for (var pair : dev.ststoken.internal.PercentEncoding.parsePairs(text, false)) {
            if (pair.getKey().equals("code")) {
                code = pair.getValue();
            } else if (pair.getKey().equals("state")) {
                state = pair.getValue();
            }
        }
        if (code == null || state == null || !code.matches("[A-Za-z0-9._~+/=-]{1,4096}")) {
            throw new ConfigException("that is not the code the sign-in page shows (no code and state in it)");
        }
        return new String[] {code, state};
    }

    /** Through BrowserPage's private page (the URL's state stays off command lines); a failure only says so. */
    private void openBrowser(URI url) throws IOException, InterruptedException {
        BrowserPage page = new BrowserPage(context.env(), context.home(), context.clock(), Duration.ofSeconds(10));
        try {
            int code = page.open(url, "Sign in (aws login)", "Continue to the sign-in page");
            if (code != 0) {
                context.note("the browser opener failed (exit " + code + "); open the URL above yourself");
            }
        } catch (BrowserPage.OpenerNotStarted e) {
            context.note("cannot start a browser; open the URL above yourself, or run signin --remote");
        } catch (UsageException e) {
            // BrowserPage refuses only login's --browser/--private choices, which signin does not take
            context.note("cannot open a browser (" + e.getMessage() + "); open the URL above yourself");
        }
    }

    private String readLine() throws IOException, ConfigException {
        context.err().print("Code: ");
        context.err().flush();
        String pasted = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
        if (pasted == null || pasted.isBlank()) {
            throw new ConfigException("no code was pasted; nothing was written");
        }
        return pasted;
    }
}
