package dev.ststoken.session;

import dev.ststoken.cache.CacheKey;
import dev.ststoken.cache.CachedSession;
import dev.ststoken.cache.SessionCache;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.RoleStep;
import dev.ststoken.config.SessionSource;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Hex;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's main job: given resolved settings, obtain a session, from the cache when a good
 * one is there, else from STS. The MFA code is asked for (token, mfa_process, prompt) only when a call
 * is really needed, so a cached session never prompts; concurrent invocations for the same key
 * wait on the cache lock and find the first one's session.
 */
final class SessionService {
    private final Clock clock;

    /** @param clock judges expiry and signs requests; inject a fixed or mutable one in tests */
    public SessionService(Clock clock) {
        this.clock = clock;
    }

    /** An STS client for the settings' endpoint, TLS and transport (for GetCallerIdentity and the like). */
    public StsClient client(ResolvedSettings settings) {
        return new StsClient(settings.endpoint(), settings.tls(), clock, settings.transport());
    }

    /** The default source: GetSessionToken at the settings' endpoint. */
    public SessionSource sts() {
        return new StsSource();
    }

    /** A named class, not a lambda: lambdas cost start-up on the cache-hit path, where this is built but unused. */
    private final class StsSource implements SessionSource {
        @Override
        public SessionCredentials fetch(ResolvedSettings settings, GetSessionTokenRequest request) throws StsException {
            return client(settings).getSessionToken(settings.credentials(), request);
        }

        @Override
        public AssumedRole assumeRole(ResolvedSettings settings, AwsCredentials caller, AssumeRoleRequest request)
                throws StsException {
            return client(settings).assumeRole(caller, request);
        }
    }

    /** A fresh session from STS, no cache: what the Ansible and Bolt adapters want (the modules they replace had none). */
    public SessionResult obtain(ResolvedSettings settings, MfaPrompt prompt) throws ConfigException, StsException {
        return obtain(settings, prompt, CacheOptions.NONE, sts());
    }

    /**
     * The cache entry these settings share with every other caller: key id, MFA serial, duration,
     * endpoint; for a sign-in, its role session's (sign-in, account, role, endpoint).
     */
    public static CacheKey cacheKey(ResolvedSettings settings) {
        if (settings.signsIn()) {
            return settings.signIn().cacheKey(settings.tls(), settings.endpoint());
        }
        return CacheKey.forSession(
                settings.credentials().accessKeyId(),
                settings.mfaSerial(),
                settings.durationSeconds(),
                settings.endpoint().uri(),
                settings.tls());
    }

    /**
     * A session for the settings: a cached one with more than {@code options.minTtlSeconds()} left,
     * else a new one from {@code source}, made under the cache's lock for this key so that concurrent
     * callers (threads or processes) make one call and ask for one code. The code comes from the
     * settings' token, then their {@code mfa_process}, then {@code prompt}; it is asked for only when
     * a call is made.
     *
     * @param prompt  asks a person; null when there is nobody to ask
     * @param options {@link CacheOptions#NONE} for no cache at all
     * @throws ConfigException when no code can be had, before any call
     * @throws StsException    when STS refused or could not be reached
     */
    public SessionResult obtain(ResolvedSettings settings, MfaPrompt prompt, CacheOptions options, SessionSource source)
            throws ConfigException, StsException {
        options = sealedFor(settings, options);
        if (!settings.assumesRoles() && settings.signsIn()) {
            return viaCache(
                    options,
                    options.forceRefresh(),
                    cacheKey(settings),
                    settings.keysProfile(),
                    new SignInCall(settings));
        }
        if (!settings.assumesRoles()) {
            return viaCache(
                    options,
                    options.forceRefresh(),
                    cacheKey(settings),
                    settings.keysProfile(),
                    new GetSessionTokenCall(settings, prompt, source));
        }
        try {
            return roleLevel(settings, prompt, options, source, settings.roles().size() - 1, options.forceRefresh());
        } catch (StsServiceException e) {
            if (settings.endpointHint() == null || !AUTH_ERRORS.contains(e.code())) {
                throw e;
            }
            throw new StsServiceException(
                    e.code(), e.awsMessage() + " (" + settings.endpointHint() + ")", e.httpStatus(), e.requestId());
        } catch (StsTransportException e) {
            if (settings.endpointHint() == null) {
                throw e;
            }
            throw new StsTransportException(e.getMessage() + " (" + settings.endpointHint() + ")", e, e.retryable());
        }
    }

    /** What another endpoint answers for keys it does not know: where a forgotten endpoint_url shows. */
    private static final java.util.Set<String> AUTH_ERRORS = java.util.Set.of(
            "InvalidClientTokenId",
            "SignatureDoesNotMatch",
            "AccessDenied",
            "ExpiredToken",
            "UnrecognizedClientException",
            "InvalidAccessKeyId",
            "AuthFailure");

    /**
     * The session of role {@code level} of the chain (0 = the innermost), cached under its own key.
     * Its caller is the level below, or at the bottom the MFA session of the source user (one
     * GetSessionToken per device, shared by every role over that user, so ten role profiles cost one
     * prompt), or the long-term keys. Only the outermost level honours --force-refresh: refreshing
     * a role must not cost a new MFA code.
     */
    private SessionResult roleLevel(
            ResolvedSettings settings,
            MfaPrompt prompt,
            CacheOptions options,
            SessionSource source,
            int level,
            boolean forceRefresh)
            throws ConfigException, StsException {
        return viaCache(
                options,
                forceRefresh,
                roleKey(settings, level),
                roleProfile(settings, level),
                new AssumeRoleCall(settings, prompt, options, source, level));
    }

    /**
     * The profile a role session is cached as (what cache list shows and cache clear --profile
     * removes): the role profile of that level, whose credentials the session is; for --role-arn,
     * which has none, the profile named with it. The MFA session under a chain is its source
     * profile's ({@link ResolvedSettings#keysProfile}), not the role profile that first needed it.
     */
    private static String roleProfile(ResolvedSettings settings, int level) {
        String profile = settings.roles().get(level).profile();
        return profile != null ? profile : settings.profile();
    }

    /** Whether the chain starts from an MFA session rather than the keys themselves (a sign-in has none). */
    private static boolean startsFromMfaSession(ResolvedSettings settings) {
        return settings.mfaSerial() != null && !settings.mfaOnAssumeRole() && !settings.signsIn();
    }

    /**
     * The base key (keys, device, endpoint, trust) plus every role up to this level with its session
     * name, external id (as {@link #externalIdDigest}: it is a shared secret) and duration, and
     * whether MFA went with the AssumeRole itself. Two profiles naming the same chain share the cached session.
     */
    public static CacheKey roleKey(ResolvedSettings settings, int level) {
        CacheKey base = cacheKey(settings);
        StringBuilder chain = new StringBuilder(base.endpoint()).append(" role=");
        for (int i = 0; i <= level; i++) {
            RoleStep step = settings.roles().get(i);
            chain.append(i == 0 ? "" : ">")
                    .append(step.roleArn())
                    .append('|')
                    .append(step.roleSessionName())
                    .append('|')
                    .append(step.externalId() == null ? "-" : externalIdDigest(settings, step.externalId()))
                    .append('|')
                    .append(
                            step.durationSeconds() == null
                                    ? "-"
                                    : step.durationSeconds().toString());
        }
        if (settings.mfaOnAssumeRole()) {
            chain.append(" mfa-on-assume-role");
        }
        Integer duration = settings.roles().get(level).durationSeconds();
        return new CacheKey(base.accessKeyId(), settings.mfaSerial(), duration, chain.toString());
    }

    /**
     * The external id as the key holds it: HMAC-SHA256 keyed with the caller's long-term secret.
     * A 32-bit String.hashCode() collided ("Aa" and "BB"), so a request with an id the role refuses
     * was served the session minted for another; and the id is a shared secret, so the cache file
     * (whose name and fields are readable even when its secrets are sealed) must not let it be
     * guessed from a digest: without the secret key, a short id cannot be tried offline.
     */
    static String externalIdDigest(ResolvedSettings settings, String externalId) {
        // A sign-in has no long-term secret (its role sessions change every hour): its identity keys
        // the HMAC, so ids never collide, but a short id could be guessed offline from the cache file.
        String secret = settings.signsIn()
                ? settings.signIn().identity()
                : settings.credentials().secretAccessKey();
        byte[] key = ("sts-session-token external id\n" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return "x" + Hex.encode(Crypto.hmacSha256(key, externalId));
    }

    /** One way to make a session when the cache has none. Named classes, not lambdas: start-up. */
    private abstract static class Call {
        abstract SessionResult call() throws ConfigException, StsException;
    }

    private final class GetSessionTokenCall extends Call {
        private final ResolvedSettings settings;
        private final MfaPrompt prompt;
        private final SessionSource source;

        GetSessionTokenCall(ResolvedSettings settings, MfaPrompt prompt, SessionSource source) {
            this.settings = settings;
            this.prompt = prompt;
            this.source = source;
        }

        @Override
        SessionResult call() throws ConfigException, StsException {
            return fresh(settings, prompt, source);
        }
    }

    /** The sign-in's role session (IAM Identity Center's GetRoleCredentials), no MFA code. */
    private static final class SignInCall extends Call {
        private final ResolvedSettings settings;

        SignInCall(ResolvedSettings settings) {
            this.settings = settings;
        }

        @Override
        SessionResult call() throws ConfigException, StsException {
            return new SessionResult(
                    settings.signIn().roleCredentials(settings.tls(), settings.transport(), settings.endpoint()),
                    true,
                    List.of(settings.signIn().action()));
        }
    }

    private final class AssumeRoleCall extends Call {
        private final ResolvedSettings settings;
        private final MfaPrompt prompt;
        private final CacheOptions options;
        private final SessionSource source;
        private final int level;

        AssumeRoleCall(
                ResolvedSettings settings, MfaPrompt prompt, CacheOptions options, SessionSource source, int level) {
            this.settings = settings;
            this.prompt = prompt;
            this.options = options;
            this.source = source;
            this.level = level;
        }

        @Override
        SessionResult call() throws ConfigException, StsException {
            List<String> actions = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            AwsCredentials caller;
            String serial = null;
            String code = null;
            if (level > 0) {
                SessionResult below = roleLevel(settings, prompt, options, source, level - 1, false);
                caller = below.session().credentials();
                collect(below, actions, warnings);
            } else if (startsFromMfaSession(settings)) {
                SessionResult base = viaCache(
                        options,
                        false,
                        cacheKey(settings),
                        settings.keysProfile(),
                        new GetSessionTokenCall(settings, prompt, source));
                caller = base.session().credentials();
                collect(base, actions, warnings);
            } else if (settings.signsIn()) {
                SessionResult base =
                        viaCache(options, false, cacheKey(settings), settings.keysProfile(), new SignInCall(settings));
                caller = base.session().credentials();
                collect(base, actions, warnings);
                if (settings.mfaSerial() != null) {
                    serial = settings.mfaSerial();
                    code = mfaCode(settings, prompt);
                }
            } else {
                caller = settings.credentials();
                if (settings.mfaOnAssumeRole()) {
                    serial = settings.mfaSerial();
                    code = mfaCode(settings, prompt);
                }
            }
            RoleStep step = settings.roles().get(level);
            AssumeRoleRequest request = new AssumeRoleRequest(
                    step.roleArn(),
                    step.roleSessionName(),
                    step.durationSeconds(),
                    step.externalId(),
                    serial,
                    code,
                    null);
            AssumedRole role = source.assumeRole(settings, caller, request);
            if (!actions.contains("sts:AssumeRole")) {
                actions.add("sts:AssumeRole");
            }
            return new SessionResult(role.credentials(), true, List.copyOf(actions), List.copyOf(warnings));
        }

        private void collect(SessionResult inner, List<String> actions, List<String> warnings) {
            if (inner.changed()) {
                actions.addAll(inner.resourceActions());
            }
            warnings.addAll(inner.warnings());
        }
    }

    /**
     * The cached session for the key when it has more than the min TTL left; else, holding the key's
     * lock (so concurrent runs make one call and one prompt), the first run's session or a new one.
     */
    private SessionResult viaCache(CacheOptions options, boolean forceRefresh, CacheKey key, String profile, Call call)
            throws ConfigException, StsException {
        SessionCache cache = options.cache();
        if (cache == null) {
            return call.call();
        }
        if (!forceRefresh) {
            SessionResult hit = usable(cache.read(key), options.minTtlSeconds());
            if (hit != null) {
                return hit;
            }
        }
        AutoCloseable lock;
        try {
            lock = cache.lock(key);
        } catch (IOException e) {
            // A broken cache must not cost the user a session; it only costs the reuse.
            return call.call()
                    .withWarning("session cache " + cache.dir() + " is unusable ("
                            + e.getClass().getSimpleName() + "); the session was not cached");
        }
        try {
            if (!forceRefresh) {
                // Another invocation may have fetched it while we waited for the lock.
                SessionResult hit = usable(cache.read(key), options.minTtlSeconds());
                if (hit != null) {
                    return hit;
                }
            }
            SessionResult result = call.call();
            try {
                cache.write(key, result.session(), clock.instant(), profile);
            } catch (IOException e) {
                return result.withWarning("could not write the session cache in " + cache.dir() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            return result;
        } finally {
            try {
                lock.close();
            } catch (Exception e) {
                // releasing a lock on exit cannot fail in a way that matters; the OS drops it with the process
            }
        }
    }

    /**
     * A cached session without calling anything, for whoami; null when none is usable. Any duration
     * will do (whoami has no --duration-seconds): the exact key first, else the longest-lived
     * session of the same key, device and endpoint.
     */
    public SessionCredentials cached(ResolvedSettings settings, CacheOptions options) throws ConfigException {
        options = sealedFor(settings, options);
        if (options.cache() == null) {
            return null;
        }
        try {
            // An untrusted cache is refused, as get refuses it, rather than silently skipped.
            options.cache().checkTrusted();
        } catch (IOException e) {
            return null; // missing or unreadable: no reuse
        }
        CacheKey key =
                settings.assumesRoles() ? roleKey(settings, settings.roles().size() - 1) : cacheKey(settings);
        SessionResult hit = usable(options.cache().read(key), options.minTtlSeconds());
        if (hit != null || settings.assumesRoles()) {
            return hit == null ? null : hit.session();
        }
        SessionCredentials best = null;
        try {
            for (CachedSession candidate : options.cache().list()) {
                if (!candidate.sealed()
                        && sameButDuration(candidate.key(), key)
                        && usable(candidate, options.minTtlSeconds()) != null
                        && (best == null || candidate.session().expiration().isAfter(best.expiration()))) {
                    best = candidate.session();
                }
            }
        } catch (IOException e) {
            return null; // an unreadable cache only means no reuse
        }
        return best;
    }

    /** A key from a key store gets its sessions cached encrypted with that store's cache key. */
    private static CacheOptions sealedFor(ResolvedSettings settings, CacheOptions options) {
        if (settings.sessionSealer() == null || options.cache() == null) {
            return options;
        }
        return new CacheOptions(
                options.cache().withSealer(settings.sessionSealer()), options.forceRefresh(), options.minTtlSeconds());
    }

    private static boolean sameButDuration(CacheKey a, CacheKey b) {
        return a.equals(new CacheKey(b.accessKeyId(), b.mfaSerial(), a.durationSeconds(), b.endpoint()));
    }

    private SessionResult usable(CachedSession cached, int minTtlSeconds) {
        if (cached == null) {
            return null;
        }
        Instant mustLastUntil = clock.instant().plusSeconds(minTtlSeconds);
        if (!cached.session().expiration().isAfter(mustLastUntil)) {
            return null;
        }
        return new SessionResult(cached.session(), false, List.of());
    }

    private SessionResult fresh(ResolvedSettings settings, MfaPrompt prompt, SessionSource source)
            throws ConfigException, StsException {
        String code = mfaCode(settings, prompt);
        GetSessionTokenRequest request =
                new GetSessionTokenRequest(settings.durationSeconds(), settings.mfaSerial(), code);
        return new SessionResult(source.fetch(settings, request), true, List.of("sts:GetSessionToken"));
    }

    private static final MfaPrompt SILENT = new MfaPrompt() {
        @Override
        public String ask(String serial) throws ConfigException {
            throw new ConfigException("no MFA code");
        }
    };

    /**
     * Token from parameters, then mfa_process, then the prompt driver the settings name (a dialog,
     * ykman, a command), then the caller's prompt; none at all when no serial is known.
     */
    static String mfaCode(ResolvedSettings settings, MfaPrompt prompt) throws ConfigException {
        if (settings.mfaSerial() == null) {
            return null;
        }
        if (settings.mfaToken() != null) {
            return settings.mfaToken();
        }
        if (settings.mfaProcess() != null) {
            return MfaProcess.run(
                    settings.mfaProcess(),
                    java.time.Duration.ofSeconds(settings.mfaProcessTimeoutSeconds()),
                    prompt != null ? prompt : SILENT);
        }
        if (settings.promptsWithoutTerminal()) {
            return PromptDriver.ask(settings, prompt != null ? prompt : SILENT);
        }
        if (prompt == null) {
            throw new ConfigException("an MFA serial number is set (" + settings.mfaSerial()
                    + ") but no code was given: pass {MFA_TOKEN}, or set mfa_process in the profile");
        }
        return prompt.ask(settings.mfaSerial());
    }
}
