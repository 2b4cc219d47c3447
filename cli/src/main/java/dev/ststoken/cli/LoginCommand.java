package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.session.SessionResult;
import dev.ststoken.sts.FederationClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code login}: a console sign-in URL for a role session, made with the federation endpoint
 * (getSigninToken, then login). AWS refuses GetSessionToken sessions there, so a user profile is
 * refused here with that reason instead of after a call.
 */
final class LoginCommand extends SessionCommand {
    static final List<Option> OPTIONS = options(
            SESSION,
            List.of(Option.NO_CACHE, Option.FORCE_REFRESH, Option.MIN_TTL),
            TRANSPORT,
            List.of(Option.OPEN, Option.DESTINATION, Option.FEDERATION_URL, Option.LOCAL, Option.VERBOSE, Option.HELP));

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " login [options]",
                "Prints a URL that signs the browser in to the AWS console as the role session of a role profile\n"
                        + "(or --role-arn); --open opens it. The URL holds a sign-in token valid 15 minutes: treat it as a\n"
                        + "secret. AWS accepts only role sessions at the federation endpoint, not GetSessionToken ones.",
                OPTIONS,
                "");
    }

    LoginCommand(CommandContext context) {
        super(context);
    }

    int run(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("login", OPTIONS, false, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            // An IAM Identity Center profile's credentials are a role session (GetRoleCredentials).
            if (!settings.assumesRoles() && !settings.signsIn()) {
                throw new UsageException("login needs a role session: AWS's federation endpoint refuses sessions from "
                        + "GetSessionToken; use a role profile (role_arn) or --role-arn");
            }
            SessionResult result = session(backend, settings, line);
            URI federation = line.has(Option.FEDERATION_URL)
                    ? URI.create(line.text(Option.FEDERATION_URL))
                    : FederationClient.forEndpoint(
                            new dev.ststoken.sts.StsEndpoint(
                                    backend.endpoint(settings),
                                    settings.endpoint().signingRegion()),
                            isCustom(backend.endpoint(settings)));
            FederationClient client = new FederationClient(federation, settings.tls(), settings.transport());
            String token = client.signinToken(result.session(), null);
            String destination = line.has(Option.DESTINATION)
                    ? line.text(Option.DESTINATION)
                    : FederationClient.consoleFor(federation);
            URI url = client.loginUrl(token, Cli.NAME, destination);
            if (line.has(Option.OPEN)) {
                return open(url);
            }
            context.out().println(url);
            return ExitCode.OK;
        }
    }

    /** AWS's own endpoints end in an AWS domain; anything else (an emulator, a proxy) serves /federation itself. */
    private static boolean isCustom(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost();
        return !(host.endsWith(".amazonaws.com")
                || host.endsWith(".amazonaws.com.cn")
                || host.endsWith(".c2s.ic.gov")
                || host.endsWith(".sc2s.sgov.gov"));
    }

    /**
     * The URL holds the sign-in token, so it never goes on a command line (ours, the opener's or the
     * browser's): {@link BrowserPage} hands the browser a private page that forwards it.
     */
    private int open(URI url) throws UsageException, IOException {
        BrowserPage page = new BrowserPage(context.env(), context.home(), context.clock(), Duration.ofSeconds(60));
        String opener = page.command("file:").get(0);
        try {
            int code = page.open(url);
            if (code != 0) {
                throw new UsageException(opener + " failed (exit " + code + "); run login without --open and open the "
                        + "printed URL yourself");
            }
            context.note("opened the console sign-in in the browser");
            return ExitCode.OK;
        } catch (BrowserPage.OpenerNotStarted e) {
            throw new UsageException(
                    "cannot run " + opener + "; run login without --open and open the printed URL yourself");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERNAL;
        }
    }
}
