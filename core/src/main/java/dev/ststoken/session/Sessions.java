package dev.ststoken.session;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.cache.SessionSealer;
import dev.ststoken.config.CredentialSource;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionSource;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.config.Validation;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.keystore.PassphraseSource;
import dev.ststoken.keystore.StoredCredentials;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.signin.LoginSessionSource;
import dev.ststoken.sso.IdentityCenterCredentials;
import dev.ststoken.sso.TokenCache;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import dev.ststoken.sts.StsClient;
import dev.ststoken.webidentity.WebIdentitySource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one way into the library: settings and sessions for a {@link SessionRequest}, from the
 * environment, home directory and clock it was made with. It owns the settings resolver, the session
 * cache and sealing, and the rules that turn what a call asks for and what a profile says into the
 * settings of one call (whose MFA settings count, and that a given code is never dropped), so that the
 * command line, the Ansible and Bolt adapters, the SDK provider and the embedded emulator all make
 * sessions the same way.
 *
 * <p>The methods whose signatures name the library's settings, cache, key-store and STS types (not
 * exported) are for this project's own modules, which are released with this one: they are hidden
 * from the documentation and are not API.
 *
 * <pre>{@code
 * Sessions sessions = Sessions.create(System.getenv(), Path.of(System.getProperty("user.home")), Clock.systemUTC());
 * SessionRequest request = SessionRequest.of(SessionParameters.builder().profile("admin").build())
 *         .toBuilder().cache(sessions.cache(false, 300)).build();
 * SessionResult result = sessions.session(request, prompt);
 * }</pre>
 */
public final class Sessions {
    /**
     * While a role profile's own chain is assumed, the caller's MFA options are not the ones in play:
     * the profile's mfa_serial and mfa_process are.
     */
    private static final Map<Setting, String> CHAIN_NAMES = Map.of(
            Setting.MFA_SERIAL,
            "the profile's mfa_serial",
            Setting.MFA_TOKEN,
            "a code through the profile's mfa_process");

    private final Map<String, String> env;
    private final Path home;
    private final Clock clock;
    private final PassphraseSource passphrases;
    private final AwsCredentials keys;
    private final SessionSealer keysSealer;
    private final Path cacheDir;
    private final Path ssoTokenDir;
    private final SessionService service;

    private Sessions(Builder b) {
        this.env = Map.copyOf(b.env);
        this.home = b.home;
        this.clock = b.clock;
        this.passphrases = b.passphrases;
        this.keys = b.keys;
        this.keysSealer = b.keysSealer;
        this.cacheDir = b.cacheDir != null ? b.cacheDir : SessionCache.defaultDir(env, home);
        this.ssoTokenDir = TokenCache.defaultDir(env, home);
        this.service = new SessionService(clock);
    }

    /**
     * @param env   the environment variables to read instead of the process's
     * @param home  the home directory to read the shared files from instead of the user's
     * @param clock judges expiry and signs requests; a fixed or mutable one in tests
     */
    public static Sessions create(Map<String, String> env, Path home, Clock clock) {
        return new Builder(env, home, clock).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Where the shared config and credentials files are, and their profiles as read.
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public SettingsResolver resolver() {
        SettingsResolver resolver = new SettingsResolver(env, home)
                .withCredentialSource(CredentialSource.firstOf(
                        new StoredCredentials(env, home, passphrases),
                        new IdentityCenterCredentials(env, ssoTokens(), clock),
                        new LoginSessionSource(env, clock)))
                .withWebIdentity(new WebIdentitySource(env, home, clock));
        return keys == null ? resolver : resolver.withKeys(keys);
    }

    /**
     * The AWS CLI's IAM Identity Center token cache ({@code ~/.aws/sso/cache}), locked through the session cache.
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public TokenCache ssoTokens() {
        return new TokenCache(ssoTokenDir, sessionCache());
    }

    /**
     * The session cache shared with every other caller ({@code $XDG_CACHE_HOME/sts-session-token}).
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public SessionCache sessionCache() {
        return new SessionCache(cacheDir);
    }

    /** Use the shared cache: reuse a session with more than {@code minTtlSeconds} left unless {@code forceRefresh}. */
    public CacheOptions cache(boolean forceRefresh, int minTtlSeconds) {
        return new CacheOptions(sessionCache(), forceRefresh, minTtlSeconds);
    }

    /**
     * The settings of one call: the profile's, weighed against the request's parameters and the
     * environment, with the request's MFA rule applied.
     *
     * @throws ConfigException for anything missing, contradictory or invalid, before any call
     * @hidden
     */
    @SuppressWarnings("exports")
    public ResolvedSettings resolve(SessionRequest request) throws ConfigException {
        ResolvedSettings settings = resolver().resolve(request.parameters());
        if (keys != null && keysSealer != null) {
            settings = settings.toBuilder().sessionSealer(keysSealer).build();
        }
        return applyMfa(settings, request);
    }

    static ResolvedSettings applyMfa(ResolvedSettings settings, SessionRequest request) {
        SessionParameters given = request.parameters();
        switch (request.mfa()) {
            case PROFILE_WITHOUT_ITS_PROCESS:
                // The application's supplier replaces the profile's prompt driver as well.
                return settings.toBuilder()
                        .mfaProcess(given.mfaProcess())
                        .mfaPrompt(given.mfaPrompt())
                        .build();
            case EXPLICIT:
                boolean mfaAsked = given.mfaSerial() != null || given.mfaToken() != null;
                return settings.toBuilder()
                        .durationSeconds(given.durationSeconds())
                        .mfaSerial(mfaAsked ? settings.mfaSerial() : null)
                        .mfaProcess(null)
                        .mfaPrompt(null)
                        .build();
            case PROFILE:
            default:
                return settings;
        }
    }

    /**
     * The session {@code request} asks for: from the cache it names when a good one is there, else from
     * STS, asking {@code prompt} for the code (when neither the request nor the profile's
     * {@code mfa_process} gives one) only then.
     *
     * @param prompt asked for the MFA code; null when nobody can be asked
     * @throws ConfigException for settings that are missing, contradictory or invalid, before any call
     * @throws StsException    when STS refuses ({@code StsServiceException}) or cannot be reached
     */
    public SessionResult session(SessionRequest request, MfaPrompt prompt) throws ConfigException, StsException {
        return session(resolve(request), request, prompt);
    }

    /**
     * The session for settings this front door resolved for {@code request}: from the cache the request
     * names when a good one is there, else from STS, asking for the code (given, mfa_process, then
     * {@code prompt}; null when nobody can be asked) only then.
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public SessionResult session(ResolvedSettings settings, SessionRequest request, MfaPrompt prompt)
            throws ConfigException, StsException {
        return service.obtain(settings, prompt, request.cache(), service.sts());
    }

    /**
     * As {@link #session(ResolvedSettings, SessionRequest, MfaPrompt)}, the calls going to {@code source}.
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public SessionResult session(
            ResolvedSettings settings, SessionRequest request, MfaPrompt prompt, SessionSource source)
            throws ConfigException, StsException {
        return service.obtain(settings, prompt, request.cache(), Objects.requireNonNull(source));
    }

    /**
     * A cached session for these settings without calling anything (whoami); null when none is usable.
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public SessionCredentials cached(ResolvedSettings settings, SessionRequest request) throws ConfigException {
        return service.cached(settings, request.cache());
    }

    /**
     * An STS client for the settings' endpoint, TLS and transport.
     *
     * @hidden
     */
    @SuppressWarnings("exports")
    public StsClient client(ResolvedSettings settings) {
        return service.client(settings);
    }

    /**
     * The AssumeRole a caller describes itself (the Ansible module, the Bolt task), its values checked
     * before anything is resolved or run; the duration is the caller's to check, against its own range.
     *
     * @throws ConfigException naming the first value that is not valid
     */
    public static AssumeRoleRequest checkRole(AssumeRoleRequest asked) throws ConfigException {
        String roleArn = Validation.checkRoleArn(asked.roleArn());
        String sessionName = Validation.checkRoleSessionName(asked.roleSessionName());
        String token = asked.tokenCode() == null ? null : Validation.checkTokenCode(asked.tokenCode());
        String serial = asked.serialNumber() == null ? null : Validation.checkSerial(asked.serialNumber());
        return new AssumeRoleRequest(
                roleArn, sessionName, asked.durationSeconds(), asked.externalId(), serial, token, asked.policy());
    }

    /**
     * Assumes the role a caller describes (after {@link #checkRole}) with the settings of its
     * connection, as amazon.aws's sts_assume_role does: the settings' credentials call AssumeRole, with
     * MFA only when the request asks for it ({@link #withDeviceForCode}); a role profile as the
     * connection is assumed first ({@link #roleCaller}) and the role is assumed from that session. The
     * STS actions taken are added to {@code actions}.
     *
     * @throws ConfigException before any call for what the request and settings cannot do together;
     *     from the profile's own chain, naming the profile's MFA settings, not the caller's
     */
    public AssumedRole assumeRole(ResolvedSettings settings, AssumeRoleRequest asked, List<String> actions)
            throws ConfigException, StsException {
        AssumeRoleRequest request = withDeviceForCode(asked, settings);
        checkUnattendedChain(settings);
        AwsCredentials caller;
        try {
            caller = roleCaller(settings, actions);
        } catch (ConfigException e) {
            throw e.naming(CHAIN_NAMES);
        }
        AssumedRole role = client(settings).assumeRole(caller, request);
        actions.add("sts:AssumeRole");
        return role;
    }

    /**
     * Who calls the caller's AssumeRole: the settings' credentials, or for a role profile that
     * profile's role session, made with the profile's own MFA settings without a cache and without
     * anyone to ask. The STS actions the chain took are added to {@code actions}.
     *
     * @throws ConfigException when the chain needs a code that only a person could give (no mfa_process)
     */
    AwsCredentials roleCaller(ResolvedSettings settings, List<String> actions) throws ConfigException, StsException {
        if (!settings.assumesRoles() && !settings.signsIn()) {
            return settings.credentials();
        }
        checkUnattendedChain(settings);
        SessionResult chain = service.obtain(settings, null);
        actions.addAll(chain.resourceActions());
        return chain.session().credentials();
    }

    /**
     * Refuses, before any call, a role profile whose chain needs a code from a person: nobody can be
     * asked where {@link #roleCaller} is used, and the caller's own code goes with its own AssumeRole,
     * not with the profile's chain.
     */
    static void checkUnattendedChain(ResolvedSettings settings) throws ConfigException {
        if (settings.assumesRoles() && settings.mfaSerial() != null && settings.mfaProcess() == null) {
            throw new ConfigException("{PROFILE} '" + (settings.profile() == null ? "default" : settings.profile())
                    + "' needs an MFA code for " + settings.mfaSerial() + " before its role can be assumed: "
                    + "set mfa_process in the profile ({MFA_TOKEN} goes with the role this task assumes)");
        }
    }

    /**
     * An AssumeRole a caller describes, with MFA only when it asks for it: a code given without a
     * serial goes with AWS_MFA_SERIAL's or the profile's serial, and is never dropped.
     *
     * @throws ConfigException when a code is given and no serial is known anywhere
     */
    static AssumeRoleRequest withDeviceForCode(AssumeRoleRequest request, ResolvedSettings settings)
            throws ConfigException {
        if (request.serialNumber() != null || request.tokenCode() == null) {
            return request;
        }
        if (settings.mfaSerial() == null) {
            throw new ConfigException("{MFA_TOKEN} was given without {MFA_SERIAL} (nor AWS_MFA_SERIAL or the "
                    + "profile's mfa_serial): set {MFA_SERIAL} to the device the code comes from");
        }
        return request.withSerialNumber(settings.mfaSerial());
    }

    /** A front door made with other passphrases, keys or cache directory. */
    public static final class Builder {
        private final Map<String, String> env;
        private final Path home;
        private final Clock clock;
        private PassphraseSource passphrases = PassphraseSource.NONE;
        private AwsCredentials keys;
        private SessionSealer keysSealer;
        private Path cacheDir;

        private Builder(Map<String, String> env, Path home, Clock clock) {
            this.env = Objects.requireNonNull(env);
            this.home = Objects.requireNonNull(home);
            this.clock = Objects.requireNonNull(clock);
        }

        private Builder(Sessions from) {
            this(from.env, from.home, from.clock);
            passphrases = from.passphrases;
            keys = from.keys;
            keysSealer = from.keysSealer;
            cacheDir = from.cacheDir;
        }

        /**
         * Asked for a file key store's passphrase when the profile has no passphrase_process.
         *
         * @hidden
         */
        @SuppressWarnings("exports")
        public Builder passphrases(PassphraseSource value) {
            passphrases = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Take {@code value} as the named profile's own keys wherever they are kept (a key about to be
         * stored is tried with the profile's endpoint, region and TLS), caching its sessions sealed with
         * {@code sealer} (null: plaintext).
         * @hidden
         */
        @SuppressWarnings("exports")
        public Builder keys(AwsCredentials value, SessionSealer sealer) {
            keys = value;
            keysSealer = sealer;
            return this;
        }

        /** Another session cache directory than the shared one. */
        public Builder cacheDir(Path value) {
            cacheDir = value;
            return this;
        }

        public Sessions build() {
            return new Sessions(this);
        }
    }
}
