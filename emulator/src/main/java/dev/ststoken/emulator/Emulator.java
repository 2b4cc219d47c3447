package dev.ststoken.emulator;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.emulator.endpoint.AccessLog;
import dev.ststoken.emulator.endpoint.RequestHandler;
import dev.ststoken.emulator.federation.FederationHandler;
import dev.ststoken.emulator.http.Handler;
import dev.ststoken.emulator.http.HttpServer;
import dev.ststoken.emulator.http.ServerOptions;
import dev.ststoken.emulator.iam.IamActions;
import dev.ststoken.emulator.oidc.IssuerKeys;
import dev.ststoken.emulator.oidc.OidcProviders;
import dev.ststoken.emulator.signin.SigninService;
import dev.ststoken.emulator.sso.SsoHandler;
import dev.ststoken.emulator.state.AccessKey;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.TlsCertificate;
import dev.ststoken.emulator.sts.SessionTokens;
import dev.ststoken.emulator.sts.SigninAccountsOverState;
import dev.ststoken.emulator.sts.SsoAccounts;
import dev.ststoken.emulator.sts.StsActions;
import dev.ststoken.emulator.sts.WebIdentityActions;
import dev.ststoken.sigv4.SigV4Verifier;
import dev.ststoken.totp.Base32;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A local STS and IAM. Usable as a server ({@code serve}), embedded ({@code get --local}) and as a
 * test fixture in the manner of okhttp's MockWebServer: loopback, port 0, try-with-resources.
 *
 * <pre>{@code
 * try (Emulator sts = Emulator.start(EmulatorConfig.forTests(dir))) {
 *     URI endpoint = sts.endpoint();
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
    static final int MAX_THREADS = 256;
    /** How long a request may take to arrive, and a connection to send its first byte. */
    static final int REQUEST_SECONDS = 30;

    private final HttpServer server;
    private final StateStore store;
    private final RequestHandler handler;
    private final EmulatorConfig config;
    private final SigninService signin;
    private final IdentityCenter identityCenter;
    private final SigninAccountsOverState signinAccounts;

    private Emulator(
            HttpServer server,
            StateStore store,
            RequestHandler handler,
            SigninService signin,
            SigninAccountsOverState signinAccounts,
            EmulatorConfig config,
            IdentityCenter identityCenter) {
        this.signinAccounts = signinAccounts;
        this.identityCenter = identityCenter;
        this.signin = signin;
        this.server = server;
        this.store = store;
        this.handler = handler;
        this.config = config;
    }

    public static Emulator start(EmulatorConfig config) throws IOException, EmulatorStateException {
        Ids ids = new Ids(new SecureRandom());
        StateStore store = StateStore.open(config.stateDir(), config.clock(), ids);
        SessionTokens tokens = new SessionTokens(store.current().tokenKey(), ids);
        SigV4Verifier verifier = new SigV4Verifier(config.clock(), config.maxSkew());
        StsActions sts = new StsActions(store, tokens, ids, config.clock(), 1);
        IamActions iam = new IamActions(store, ids, config.clock());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.bind()), config.port());
        RequestHandler handler = new RequestHandler(
                store,
                tokens,
                verifier,
                sts,
                iam,
                new WebIdentityActions(
                        store,
                        new OidcProviders(config.stateDir()),
                        new IssuerKeys(config.clock(), config.oidcIssuers()),
                        tokens,
                        ids,
                        config.clock()),
                ids,
                config.clock(),
                config.accessLog(),
                config.enforceIam(),
                config.tls(),
                config.requestListener());
        FederationHandler federation = new FederationHandler(
                tokens,
                store.current().tokenKey(),
                config.clock(),
                () -> store.current().accountId());
        SigninAccountsOverState signinAccounts =
                new SigninAccountsOverState(store, tokens, ids, config.clock(), config.stateDir());
        SigninService signin = new SigninService(
                signinAccounts, store.current().tokenKey(), config.clock(), config.tls(), new SecureRandom());
        IdentityCenter identityCenter = new IdentityCenter(config, new SsoAccounts(store, tokens, ids, config.clock()));
        // Identity Center's paths first: its GetRoleCredentials is /federation/credentials.
        IdentityCenterRequests ssoRequests =
                new IdentityCenterRequests(new AccessLog(config.accessLog()), config.requestListener(), config.clock());
        Handler routes = request -> SsoHandler.owns(request.rawPath())
                ? ssoRequests.answered(request, identityCenter.get().handle(request))
                : FederationHandler.owns(request.rawPath())
                        ? federation.handle(request)
                        : SigninService.handles(request.rawPath()) ? signin.handle(request) : handler.handle(request);
        AccessLog bugs = new AccessLog(config.accessLog());
        // A thread per connection, up to a cap: a client that stalls mid-body holds its thread until
        // the request time drops it, so a small fixed pool would let a few slow clients block everyone.
        // Past the cap, new connections are refused rather than queued behind the stalled ones.
        ServerOptions options = ServerOptions.plain(address)
                .withMaxConnections(MAX_THREADS)
                .withRequestMillis(REQUEST_SECONDS * 1000)
                .withBugs(e -> bugs.internalError("-", e));
        if (config.tls()) {
            options = options.withTls(
                    TlsCertificate.loadOrCreate(config.stateDir()).sslContext());
        }
        Emulator emulator = new Emulator(
                HttpServer.start(options, routes), store, handler, signin, signinAccounts, config, identityCenter);
        identityCenter.endpoint = emulator::endpoint;
        return emulator;
    }

    /**
     * Identity Center, opened on first use (its first request or this call): a CLI call's embedded
     * emulator never pays for reading or making {@code sso.json}. The first open makes the demo
     * SSO user and its files. For the command line's sso-admin (the package is exported to it alone).
     */
    @SuppressWarnings("exports")
    public SsoHandler identityCenter() {
        return identityCenter.get();
    }

    private static final class IdentityCenter {
        private final EmulatorConfig config;
        private final SsoAccounts accounts;
        private volatile java.util.function.Supplier<URI> endpoint;
        private volatile SsoHandler handler;

        IdentityCenter(EmulatorConfig config, SsoAccounts accounts) {
            this.config = config;
            this.accounts = accounts;
        }

        SsoHandler get() {
            SsoHandler opened = handler;
            if (opened == null) {
                synchronized (this) {
                    opened = handler;
                    if (opened == null) {
                        try {
                            opened = SsoHandler.open(config.stateDir(), config.clock(), accounts, () -> endpoint.get());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        handler = opened;
                    }
                }
            }
            return opened;
        }
    }

    public int port() {
        return listenAddress().getPort();
    }

    /** The address the server really listens on (a wildcard when bound to all interfaces). */
    public InetSocketAddress listenAddress() {
        return server.address();
    }

    /** The URL clients use; the host is the bind address, with IPv6 in brackets. */
    public URI endpoint() {
        String host = config.bind();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.tls() ? "https" : "http") + "://" + host + ":" + port());
    }

    public Path stateDir() {
        return config.stateDir();
    }

    public String accountId() {
        return store.current().accountId();
    }

    /** Requests received, signed or not. */
    public long requestCount() {
        return handler.requestCount();
    }

    /** Authenticated calls of one action, e.g. "GetSessionToken". */
    public long actionCount(String action) {
        return handler.actionCount(action);
    }

    public DemoIdentity demoIdentity() {
        Account account = store.current();
        AccessKey key = account.firstKeyOf(Account.DEMO_USER);
        MfaDevice device = account.deviceOf(Account.DEMO_USER);
        if (key == null || device == null) {
            throw new IllegalStateException("the demo user, its key or its MFA device was deleted from " + stateDir());
        }
        return new DemoIdentity(
                new AwsCredentials(key.id(), key.secret()), device.serial(), Base32.decode(device.seed()));
    }

    /**
     * The sign-in service's authorization code for a user, as its authorize page gives one after the
     * user's password and MFA code: redeemable once within five minutes at {@code /v1/token} by the
     * client holding the PKCE verifier of {@code codeChallenge} (S256).
     */
    public String signinAuthorizationCode(String userName, String clientId, String redirectUri, String codeChallenge) {
        return signin.authorizationCode(userName, clientId, redirectUri, codeChallenge);
    }

    /** The same for the account's root user (its password and MFA code proved): the session is root's. */
    public String signinRootAuthorizationCode(String clientId, String redirectUri, String codeChallenge) {
        return signin.rootAuthorizationCode(clientId, redirectUri, codeChallenge);
    }

    /**
     * The root user's console password and MFA device for the sign-in page, made on first use (the
     * page's first GET does the same) in {@code root-password.txt} and {@code root-mfa-seed.txt}.
     */
    public void prepareRootSignIn() throws IOException {
        signinAccounts.prepareRoot();
    }

    /**
     * The demo user ready for the sign-in page: a console password (in {@code demo-password.txt},
     * 0600) and SignInLocalDevelopmentAccess inline, made once; what {@code signin --local} answers with.
     */
    public void prepareDemoSignIn() throws IOException {
        signinAccounts.prepareDemo();
    }

    public AwsCredentials rootCredentials() {
        AccessKey key = store.current().rootKey();
        return new AwsCredentials(key.id(), key.secret());
    }

    /** The last TOTP step accepted for a device, so callers that compute codes can avoid a used one. */
    public long lastUsedStep(String serial) throws IOException {
        MfaDevice device = store.current().mfaDevices().get(serial);
        return device == null ? -1 : device.lastUsedStep();
    }

    @Override
    public void close() {
        server.close();
    }
}
