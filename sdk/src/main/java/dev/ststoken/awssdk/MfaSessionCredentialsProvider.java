package dev.ststoken.awssdk;

import dev.ststoken.config.Validation;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.CacheOptions;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import dev.ststoken.sso.IdentityCenterSignIn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * Credentials for the AWS SDK for Java v2 from an MFA session ({@code GetSessionToken}) of a
 * profile's long-term keys: what the SDK's own profile provider does not do for a profile with
 * {@code mfa_serial}. Because it is an {@link AwsCredentialsProvider}, it is also the SDK's
 * {@code IdentityProvider<AwsCredentialsIdentity>}, so it plugs into any client builder.
 *
 * <pre>{@code
 * MfaSessionCredentialsProvider mfa = MfaSessionCredentialsProvider.builder().profileName("me").build();
 * try (S3Client s3 = S3Client.builder().credentialsProvider(mfa).build()) { ... }
 * }</pre>
 *
 * <p>Settings come from the same places as for the {@code sts-session-token} command line tool (the
 * profile in {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE}, its {@code region},
 * {@code endpoint_url}, {@code duration_seconds}, {@code mfa_serial}, {@code mfa_process}, ...). Sessions
 * are kept in the tool's on-disk cache under the same lock, so the tool and any number of JVMs share
 * one session and, when they ask at the same moment, one STS call.
 *
 * <p>Thread-safe: one provider is meant to be shared by many clients and threads. A session is
 * renewed when less than the minimum time to live is left: by one background thread while the
 * current session is still good for more than a minute (callers keep getting it meanwhile, nobody
 * waits), by the first caller otherwise (the others wait for its result rather than asking for a
 * code again). Failures are {@link SdkClientException}s whose messages hold no secret.
 */
public final class MfaSessionCredentialsProvider implements AwsCredentialsProvider {
    static final System.Logger LOG = System.getLogger(MfaSessionCredentialsProvider.class.getName());

    /** What the command line tool's {@code --min-ttl} defaults to, so both reuse the same sessions. */
    public static final Duration DEFAULT_MIN_TIME_TO_LIVE = Duration.ofMinutes(5);
    /** The shortest session STS hands out; a longer minimum TTL would renew every session on arrival. */
    static final Duration MAX_MIN_TIME_TO_LIVE = Duration.ofSeconds(Validation.MIN_DURATION);
    /** Below this much validity callers wait for the renewal: a request signed now must still arrive in time. */
    static final Duration STALE_MARGIN = Duration.ofMinutes(1);
    /** After a failed background renewal: long enough not to ask a person again on every call. */
    static final Duration PAUSE_AFTER_FAILED_PREFETCH = Duration.ofSeconds(30);

    private static final String PROVIDER_NAME = "MfaSessionCredentialsProvider";
    private static final Map<Setting, String> OUR_NAMES = Map.of(
            Setting.PROFILE, "profileName(...)",
            Setting.MFA_TOKEN, "mfaCodeSupplier(...)",
            Setting.MFA_SERIAL, "the profile's mfa_serial",
            Setting.MFA_PROCESS_TIMEOUT, "the mfa_process timeout",
            Setting.LOCAL_HINT, "");

    private final String profileName;
    private final MfaPrompt prompt;
    private final boolean supplierGiven;
    private final Integer durationSeconds;
    private final Duration minTimeToLive;
    private final Duration staleMargin;
    private final boolean cacheEnabled;
    private final Map<String, String> environment;
    private final Path home;
    private final Clock clock;
    private final Sessions sessions;

    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicBoolean prefetching = new AtomicBoolean();
    /** Attempts finished, successful or not: tells a waiting caller whether one ended while it waited. */
    private final AtomicLong finishedAttempts = new AtomicLong();

    private volatile Held held;
    private volatile Failure lastFailure;
    private volatile Instant noPrefetchBefore = Instant.MIN;

    private MfaSessionCredentialsProvider(Builder builder) {
        this.environment = builder.environment != null ? Map.copyOf(builder.environment) : systemEnvironment();
        this.home = builder.home != null ? builder.home : defaultHome(environment);
        this.profileName = builder.profileName != null ? builder.profileName : sdkProfileName(environment);
        this.supplierGiven = builder.supplier != null;
        this.prompt = supplierGiven ? new SupplierPrompt(builder.supplier) : new TerminalPrompt(Path.of("/dev/tty"));
        this.durationSeconds = builder.durationSeconds;
        this.minTimeToLive = builder.minTimeToLive;
        this.staleMargin = minTimeToLive.compareTo(STALE_MARGIN) < 0 ? minTimeToLive : STALE_MARGIN;
        this.cacheEnabled = builder.cacheEnabled;
        this.clock = builder.clock;
        this.sessions = Sessions.create(environment, home, clock);
    }

    /** A provider for the SDK's profile (the {@code aws.profile} system property, {@code AWS_PROFILE}, else {@code default}). */
    public static MfaSessionCredentialsProvider create() {
        return builder().build();
    }

    /** A provider for the named profile, otherwise with the defaults. */
    public static MfaSessionCredentialsProvider create(String profileName) {
        return builder().profileName(profileName).build();
    }

    /** Starts a provider with the defaults described on each builder method. */
    public static Builder builder() {
        return new Builder();
    }

    /** The profile whose keys and MFA device are used. */
    public String profileName() {
        return profileName;
    }

    /**
     * The current session's credentials, renewed as the class comment describes.
     *
     * @throws SdkClientException when no session can be had: invalid settings, no MFA code, STS
     *                            refused or could not be reached. The message says which, never a secret.
     */
    @Override
    public AwsCredentials resolveCredentials() {
        Held current = held;
        Instant now = clock.instant();
        if (current != null) {
            if (current.validBeyond(now.plus(minTimeToLive))) {
                return current.credentials;
            }
            if (current.validBeyond(now.plus(staleMargin))) {
                prefetchInBackground(now);
                return current.credentials;
            }
        }
        return refreshNow();
    }

    /** The first caller fetches; callers that waited meanwhile take its session, or its failure. */
    private AwsCredentials refreshNow() {
        long finishedBefore = finishedAttempts.get();
        fetchLock.lock();
        try {
            Held current = held;
            if (current != null && current.validBeyond(clock.instant().plus(staleMargin))) {
                return current.credentials;
            }
            Failure failed = lastFailure;
            if (failed != null && failed.attempt > finishedBefore) {
                // Asking again would put a second prompt in front of the person who just cancelled the first.
                throw failed.exception();
            }
            return fetch().credentials;
        } finally {
            fetchLock.unlock();
        }
    }

    private void prefetchInBackground(Instant now) {
        if (now.isBefore(noPrefetchBefore) || !prefetching.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::prefetch, "sts-session-token-refresh");
        thread.setDaemon(true);
        thread.start();
    }

    private void prefetch() {
        try {
            fetchLock.lock();
            try {
                Held current = held;
                if (current == null || !current.validBeyond(clock.instant().plus(minTimeToLive))) {
                    fetch();
                }
            } finally {
                fetchLock.unlock();
            }
        } catch (SdkClientException e) {
            noPrefetchBefore = clock.instant().plus(PAUSE_AFTER_FAILED_PREFETCH);
            LOG.log(
                    System.Logger.Level.WARNING,
                    "could not renew the MFA session ahead of its expiry; the current " + "one is used until then: "
                            + e.getMessage());
        } finally {
            prefetching.set(false);
        }
    }

    /** Called with {@link #fetchLock} held. */
    private Held fetch() {
        try {
            SessionRequest request = request();
            SessionResult result = sessions.session(request, prompt);
            for (String warning : result.warnings()) {
                LOG.log(System.Logger.Level.WARNING, warning);
            }
            Held fetched = new Held(result.session());
            finishedAttempts.incrementAndGet();
            held = fetched;
            lastFailure = null;
            return fetched;
        } catch (ConfigException e) {
            throw fail("cannot get an MFA session for profile '" + profileName + "': " + e.message(OUR_NAMES));
        } catch (StsServiceException e) {
            if (e.code().equals(IdentityCenterSignIn.SIGN_IN_REQUIRED)) {
                // not STS: an IAM Identity Center profile whose sign-in is missing or over
                throw fail("cannot get a session for profile '" + profileName + "': " + e.awsMessage());
            }
            throw fail("STS refused the MFA session for profile '" + profileName + "': " + e.code() + ": "
                    + e.awsMessage() + (e.requestId() == null ? "" : " [request id " + e.requestId() + "]"));
        } catch (StsException e) {
            throw fail("cannot get an MFA session for profile '" + profileName + "': " + e.getMessage());
        }
    }

    private SdkClientException fail(String message) {
        Failure failure = new Failure(finishedAttempts.incrementAndGet(), message);
        lastFailure = failure;
        return failure.exception();
    }

    /** Read for every fetch, so an edited profile counts from the next session on, as for the tool. */
    private SessionRequest request() {
        SessionParameters parameters = SessionParameters.builder()
                .profile(profileName)
                .durationSeconds(durationSeconds)
                .build();
        return SessionRequest.of(parameters).toBuilder()
                // The application's supplier replaces the profile's mfa_process, not just the terminal prompt.
                .mfa(
                        supplierGiven
                                ? SessionRequest.MfaSource.PROFILE_WITHOUT_ITS_PROCESS
                                : SessionRequest.MfaSource.PROFILE)
                .cache(cacheEnabled ? sessions.cache(false, (int) minTimeToLive.toSeconds()) : CacheOptions.NONE)
                .build();
    }

    /** The process environment, with the SDK's system properties for the shared files taking its place. */
    private static Map<String, String> systemEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (ProfileFileSystemSetting setting : new ProfileFileSystemSetting[] {
            ProfileFileSystemSetting.AWS_CONFIG_FILE, ProfileFileSystemSetting.AWS_SHARED_CREDENTIALS_FILE
        }) {
            String value = System.getProperty(setting.property());
            if (value != null && !value.isEmpty()) {
                env.put(setting.environmentVariable(), value);
            }
        }
        return Map.copyOf(env);
    }

    /** As the SDK resolves it: the {@code aws.profile} system property, then {@code AWS_PROFILE}, then {@code default}. */
    private static String sdkProfileName(Map<String, String> env) {
        String fromProperty = System.getProperty(ProfileFileSystemSetting.AWS_PROFILE.property());
        if (fromProperty != null && !fromProperty.isEmpty()) {
            return fromProperty;
        }
        String fromEnv = env.get(ProfileFileSystemSetting.AWS_PROFILE.environmentVariable());
        return fromEnv != null && !fromEnv.isEmpty() ? fromEnv : "default";
    }

    /** {@code $HOME} first, as the AWS tools and our command line do. */
    private static Path defaultHome(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }

    @Override
    public String toString() {
        return "MfaSessionCredentialsProvider[profile=" + profileName + ", cache=" + cacheEnabled + "]";
    }

    /** A session as handed to the SDK, with its expiry for the freshness checks. */
    private static final class Held {
        final AwsSessionCredentials credentials;
        final Instant expiration;

        Held(SessionCredentials session) {
            this.expiration = session.expiration();
            this.credentials = AwsSessionCredentials.builder()
                    .accessKeyId(session.accessKeyId())
                    .secretAccessKey(session.secretAccessKey())
                    .sessionToken(session.sessionToken())
                    .expirationTime(session.expiration())
                    .providerName(PROVIDER_NAME)
                    .build();
        }

        boolean validBeyond(Instant instant) {
            return expiration.isAfter(instant);
        }
    }

    /** The outcome of a failed attempt, handed to every caller that waited for it. */
    private record Failure(long attempt, String message) {
        SdkClientException exception() {
            return SdkClientException.create(message);
        }
    }

    /** Every setting is optional; {@link #build()} checks them. */
    public static final class Builder {
        private String profileName;
        private MfaCodeSupplier supplier;
        private Integer durationSeconds;
        private Duration minTimeToLive = DEFAULT_MIN_TIME_TO_LIVE;
        private boolean cacheEnabled = true;
        private Map<String, String> environment;
        private Path home;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The profile with the long-term keys and {@code mfa_serial}; default as the SDK resolves it. */
        public Builder profileName(String name) {
            this.profileName = name;
            return this;
        }

        /**
         * Where codes come from instead of the profile's {@code mfa_process} and the terminal prompt
         * (which are the default, in that order).
         */
        public Builder mfaCodeSupplier(MfaCodeSupplier codeSupplier) {
            this.supplier = codeSupplier;
            return this;
        }

        /** The requested session length; default the profile's {@code duration_seconds}, else STS's default. */
        public Builder sessionDuration(Duration duration) {
            this.durationSeconds = duration == null ? null : (int) Math.min(Integer.MAX_VALUE, duration.toSeconds());
            return this;
        }

        /** A session is renewed when less than this is left; default 5 minutes, at most 15 minutes. */
        public Builder minTimeToLive(Duration minimum) {
            this.minTimeToLive = minimum;
            return this;
        }

        /**
         * Whether sessions are shared through the command line tool's on-disk cache
         * ({@code $XDG_CACHE_HOME/sts-session-token}); default true. Off, they live in this provider only.
         */
        public Builder cacheEnabled(boolean enabled) {
            this.cacheEnabled = enabled;
            return this;
        }

        /**
         * The environment settings are read from; default the process's, with the SDK's
         * {@code aws.configFile} and {@code aws.sharedCredentialsFile} system properties applied.
         */
        public Builder environment(Map<String, String> env) {
            this.environment = env;
            return this;
        }

        /** The home directory of {@code ~/.aws} and {@code ~/.cache}; default {@code $HOME}, else {@code user.home}. */
        public Builder homeDirectory(Path directory) {
            this.home = directory;
            return this;
        }

        /** The clock expiry is judged and requests are signed by; default the system clock. */
        public Builder clock(Clock newClock) {
            this.clock = newClock;
            return this;
        }

        /**
         * The provider; no file is read and nothing is called until the first credentials are asked for.
         *
         * @throws IllegalArgumentException for a minimum time to live outside 0..15 minutes or a duration outside STS's range
         */
        public MfaSessionCredentialsProvider build() {
            if (minTimeToLive == null
                    || minTimeToLive.isNegative()
                    || minTimeToLive.compareTo(MAX_MIN_TIME_TO_LIVE) >= 0) {
                throw new IllegalArgumentException("minTimeToLive must be at least 0 and less than 15 minutes, the "
                        + "shortest session STS gives");
            }
            if (durationSeconds != null) {
                try {
                    Validation.checkDuration(durationSeconds);
                } catch (ConfigException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            return new MfaSessionCredentialsProvider(this);
        }
    }
}
