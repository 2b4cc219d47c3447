package dev.ststoken.cli;

import dev.ststoken.config.ConfigFileEditor;
import dev.ststoken.config.IniFile;
import dev.ststoken.config.Profile;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.session.Sessions;
import dev.ststoken.sso.IdentityCenterCredentials;
import dev.ststoken.sso.IdentityCenterLogin;
import dev.ststoken.sso.IdentityCenterSignIn;
import dev.ststoken.sso.PortalClient;
import dev.ststoken.sso.SsoProfile;
import dev.ststoken.sso.SsoSession;
import dev.ststoken.sso.SsoToken;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.sts.RestJsonClient;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code sso}: signing in to IAM Identity Center as {@code aws sso login} does, into the same token
 * cache ({@code login}), signing out ({@code logout}), and the accounts and roles a sign-in reaches
 * ({@code accounts}, which can write a profile for each). {@code --local} does it against the
 * embedded emulator as its demo user, answering the sign-in page itself.
 */
final class SsoCommand {
    static final List<Option> LOGIN_OPTIONS = List.of(
            Option.PROFILE, Option.SSO_SESSION, Option.USE_DEVICE_CODE, Option.NO_BROWSER, Option.LOCAL, Option.HELP);
    static final List<Option> LOGOUT_OPTIONS = List.of(Option.PROFILE, Option.SSO_SESSION, Option.LOCAL, Option.HELP);
    static final List<Option> ACCOUNTS_OPTIONS =
            List.of(Option.PROFILE, Option.SSO_SESSION, Option.WRITE_PROFILES, Option.LOCAL, Option.HELP);

    /** How long the browser has to come back to the loopback receiver. */
    static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(10);
    /** The start URL of --local's sign-in: fixed, so its token outlives the emulator's port. */
    static final String LOCAL_SESSION = "sts-session-token-local";

    static String help() {
        return table(null).help();
    }

    static SubCommands table(SsoCommand command) {
        return new SubCommands(
                "sso",
                "IAM Identity Center sign-in, shared with the AWS CLI: tokens and client registrations are kept in\n"
                        + "~/.aws/sso/cache/ in its file names and format, so a sign-in by either tool serves both. The\n"
                        + "sign-in is the profile's sso_session (or its legacy sso_start_url), or --sso-session NAME;\n"
                        + "without either, AWS_PROFILE, else the default profile. The OIDC and portal endpoints are\n"
                        + "AWS's for sso_region unless AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO (or the\n"
                        + "profile's services section) say otherwise. --local signs in to the embedded emulator as its\n"
                        + "demo user sso-demo, answering the page itself.",
                "",
                List.of(
                        new SubCommands.Sub(
                                "login",
                                "sign in to IAM Identity Center",
                                LOGIN_OPTIONS,
                                false,
                                "signs in: the browser opens the sign-in page and comes back to a one-shot "
                                        + "listener on 127.0.0.1 (authorization code with PKCE), or with "
                                        + "--use-device-code a code is shown to confirm on any device; the token "
                                        + "is written 0600 where the AWS CLI keeps it",
                                command == null ? null : command::login),
                        new SubCommands.Sub(
                                "logout",
                                "sign out of IAM Identity Center",
                                LOGOUT_OPTIONS,
                                false,
                                "signs out (Logout at the portal) and removes the token; without --profile "
                                        + "or --sso-session, every sign-in in the cache, as aws sso logout does",
                                command == null ? null : command::logout),
                        new SubCommands.Sub(
                                "accounts",
                                "the accounts and roles a sign-in reaches (--write-profiles)",
                                ACCOUNTS_OPTIONS,
                                false,
                                "lists the accounts and roles the sign-in reaches (ListAccounts, "
                                        + "ListAccountRoles); --write-profiles adds a profile ROLE-ACCOUNT for each "
                                        + "to the config file, leaving every other byte as it was",
                                command == null ? null : command::accounts)));
    }

    private final CommandContext context;

    SsoCommand(CommandContext context) {
        this.context = context;
    }

    int run(List<String> args) throws UsageException, ConfigException, StsException, IOException {
        return table(this).run(args, context.out());
    }

    /** The sign-in a command acts on, where it is kept and how its services are reached. */
    record Target(
            SsoSession session,
            Profile profile,
            URI oidc,
            URI portal,
            TokenCache tokens,
            TlsSettings tls,
            Transport transport,
            SettingsResolver resolver,
            LocalEmulator local) {}

    private Target target(CommandLine line, boolean required) throws UsageException, ConfigException, IOException {
        if (line.has(Option.LOCAL)) {
            if (line.has(Option.PROFILE) || line.has(Option.SSO_SESSION)) {
                throw new UsageException("--local signs in the emulator's demo user: it cannot be combined with "
                        + "--profile or --sso-session");
            }
            return localTarget();
        }
        Sessions sessions = context.sessions();
        SettingsResolver resolver = sessions.resolver();
        IdentityCenterCredentials endpoints =
                new IdentityCenterCredentials(context.env(), sessions.ssoTokens(), context.clock());
        SsoSession session;
        Profile profile = null;
        if (line.has(Option.SSO_SESSION)) {
            if (line.has(Option.PROFILE)) {
                throw new UsageException("give --profile or --sso-session, not both");
            }
            String name = line.text(Option.SSO_SESSION);
            var section = IniFile.read(resolver.configFile()).ssoSession(name);
            if (section == null) {
                throw new ConfigException("no [sso-session " + name + "] in " + resolver.configFile());
            }
            session = SsoSession.named(name, section, null);
        } else {
            String name = line.has(Option.PROFILE) ? line.text(Option.PROFILE) : defaultProfile();
            if (name == null && !required) {
                return null;
            }
            profile = resolver.loadProfile(name == null ? "default" : name);
            if (!profile.exists()) {
                throw new ConfigException("profile '" + profile.name() + "' not found in " + resolver.configFile());
            }
            session = SsoSession.of(profile);
        }
        String bundle = context.env().get("AWS_CA_BUNDLE");
        if ((bundle == null || bundle.isBlank()) && profile != null) {
            bundle = profile.get("ca_bundle");
        }
        TlsSettings tls =
                bundle == null || bundle.isBlank() ? TlsSettings.DEFAULT : new TlsSettings(true, Path.of(bundle));
        return new Target(
                session,
                profile,
                endpoints.oidcEndpoint(profile, session.region()),
                endpoints.portalEndpoint(profile, session.region()),
                sessions.ssoTokens(),
                tls,
                Transport.fromEnvironment(context.env()),
                resolver,
                null);
    }

    private String defaultProfile() {
        String name = context.env().get("AWS_PROFILE");
        if (name == null || name.isBlank()) name = context.env().get("AWS_DEFAULT_PROFILE");
        return name == null || name.isBlank() ? null : name;
    }

    /** The emulator of the default state dir, its tokens kept in the state dir as get --local keeps its sessions. */
    private Target localTarget() throws ConfigException, IOException {
        LocalEmulator local = LocalEmulator.open(context);
        LocalEmulator.checkStateDir(local.stateDir());
        URI endpoint;
        try {
            Emulator emulator = local.emulator();
            emulator.identityCenter();
            endpoint = emulator.endpoint();
        } catch (EmulatorStateException e) {
            throw new ConfigException("local emulator: " + e.getMessage());
        }
        Sessions sessions = Sessions.create(java.util.Map.of(), local.stateDir(), context.clock());
        SsoSession session = new SsoSession(
                LOCAL_SESSION, LocalEmulator.PLACEHOLDER + "/start", "us-east-1", List.of("sso:account:access"), null);
        return new Target(
                session,
                null,
                endpoint,
                endpoint,
                sessions.ssoTokens(),
                TlsSettings.DEFAULT,
                Transport.DEFAULT,
                sessions.resolver(),
                local);
    }

    private int login(CommandLine line) throws UsageException, ConfigException, StsException, IOException {
        Target target = target(line, true);
        try {
            IdentityCenterLogin login = new IdentityCenterLogin(
                    target.session(),
                    target.oidc(),
                    target.tokens(),
                    target.tls(),
                    target.transport(),
                    context.clock());
            IdentityCenterLogin.Browser browser = target.local() != null
                    ? new LocalBrowser(context, target.local())
                    : new TerminalBrowser(context, line.has(Option.NO_BROWSER));
            SsoToken token = line.has(Option.USE_DEVICE_CODE)
                    ? login.deviceCode(browser, d -> Thread.sleep(d.toMillis()))
                    : login.authorizationCode(
                            browser, target.local() != null ? Duration.ofSeconds(60) : BROWSER_TIMEOUT);
            context.out()
                    .println("signed in to " + target.session().describe() + " until " + token.expiresAt()
                            + (token.refreshToken() != null
                                    ? " (renewed without a browser until the session ends)"
                                    : ""));
            return ExitCode.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERNAL;
        } finally {
            if (target.local() != null) target.local().close();
        }
    }

    private int logout(CommandLine line) throws UsageException, ConfigException, StsException, IOException {
        Target target = target(line, false);
        if (target == null) {
            return logoutAll();
        }
        try {
            boolean had = IdentityCenterLogin.logout(
                    target.session(),
                    target.portal(),
                    target.tokens(),
                    target.tls(),
                    target.transport(),
                    context.clock());
            context.out()
                    .println(
                            had
                                    ? "signed out of " + target.session().describe()
                                    : "not signed in to " + target.session().describe());
            return ExitCode.OK;
        } finally {
            if (target.local() != null) target.local().close();
        }
    }

    /**
     * As aws sso logout: every token in the cache, each signed out at its own region's portal. A file
     * that is no token (a registration, something else) is left as it is.
     */
    private int logoutAll() throws ConfigException, StsException, IOException {
        Sessions sessions = context.sessions();
        TokenCache tokens = sessions.ssoTokens();
        IdentityCenterCredentials endpoints = new IdentityCenterCredentials(context.env(), tokens, context.clock());
        int count = 0;
        for (String name : tokens.names()) {
            SsoToken token;
            try {
                token = tokens.read(name, "then run sso logout again");
            } catch (ConfigException e) {
                continue;
            }
            if (token == null || token.region() == null || !SsoProfile.isRegion(token.region())) {
                continue;
            }
            if (IdentityCenterLogin.logout(
                    name,
                    "then run sso logout again",
                    endpoints.portalEndpoint(null, token.region()),
                    tokens,
                    TlsSettings.DEFAULT,
                    Transport.fromEnvironment(context.env()),
                    context.clock())) {
                count++;
            }
        }
        context.out().println("signed out of " + count + " IAM Identity Center sign-in" + (count == 1 ? "" : "s"));
        return ExitCode.OK;
    }

    private int accounts(CommandLine line) throws UsageException, ConfigException, StsException, IOException {
        Target target = target(line, true);
        try {
            SsoSession s = target.session();
            String token = new IdentityCenterSignIn(
                            new SsoProfile(
                                    target.profile() == null
                                            ? null
                                            : target.profile().name(),
                                    s.name(),
                                    s.startUrl(),
                                    s.region(),
                                    null,
                                    null,
                                    s.scopes()),
                            target.portal(),
                            target.oidc(),
                            target.tokens(),
                            context.clock())
                    .token(target.tls(), target.transport())
                    .accessToken();
            PortalClient portal = new PortalClient(
                    new RestJsonClient(target.portal(), target.tls(), target.transport(), context.clock()));
            int written = 0;
            for (PortalClient.Account account : portal.accounts(token)) {
                for (String role : portal.roles(token, account.accountId())) {
                    String profileName = role + "-" + account.accountId();
                    context.out()
                            .println(account.accountId() + "  " + role + "  "
                                    + (account.accountName() == null ? "" : account.accountName()) + "  [" + profileName
                                    + "]");
                    if (line.has(Option.WRITE_PROFILES) && target.local() == null) {
                        written += writeProfile(target, profileName, account.accountId(), role) ? 1 : 0;
                    }
                }
            }
            if (line.has(Option.WRITE_PROFILES)) {
                if (target.local() != null) {
                    throw new UsageException("--write-profiles writes your config file: not with --local");
                }
                context.note("wrote " + written + " profile" + (written == 1 ? "" : "s") + " to "
                        + target.resolver().configFile() + " (profiles already there were left alone)");
            }
            return ExitCode.OK;
        } finally {
            if (target.local() != null) target.local().close();
        }
    }

    /** A new profile for the role; a profile of that name already there is left alone. */
    private boolean writeProfile(Target target, String name, String accountId, String role)
            throws ConfigException, IOException {
        Path file = target.resolver().configFile();
        if (IniFile.read(file).hasSection("profile " + name)) {
            return false;
        }
        Path lock = ProfileAccess.lock(context.sessions(), "config", file);
        SsoSession s = target.session();
        if (s.name() != null) {
            ConfigFileEditor.setInConfig(file, name, "sso_session", s.name(), lock);
        } else {
            ConfigFileEditor.setInConfig(file, name, "sso_start_url", s.startUrl(), lock);
            ConfigFileEditor.setInConfig(file, name, "sso_region", s.region(), lock);
        }
        ConfigFileEditor.setInConfig(file, name, "sso_account_id", accountId, lock);
        ConfigFileEditor.setInConfig(file, name, "sso_role_name", role, lock);
        return true;
    }
}
