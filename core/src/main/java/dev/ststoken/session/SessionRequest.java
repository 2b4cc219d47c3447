package dev.ststoken.session;

import dev.ststoken.parameters.SessionParameters;

/**
 * What one call asks for, apart from what the profile says: the caller's parameters (profile, keys,
 * region, endpoint, duration, MFA serial and code), whose MFA settings count, and how the cache is
 * used. {@link Sessions} turns it and the profile into settings; callers never reshape settings
 * themselves.
 *
 * @param parameters what the caller passed (flags, module or task parameters); null components are "not given"
 * @param mfa        which MFA settings count: the profile's, or only what the call names
 * @param cache      {@link CacheOptions#NONE} for no cache; given by {@link Sessions#cache(boolean, int)} otherwise
 */
public record SessionRequest(SessionParameters parameters, MfaSource mfa, CacheOptions cache) {

    /** Whose MFA settings a session is made with. */
    public enum MfaSource {
        /**
         * The profile's device; the code is the given one, else the given or the profile's
         * {@code mfa_process}, else the prompt. The command line and the credential server.
         */
        PROFILE,
        /**
         * The profile's device, but never the profile's own {@code mfa_process}: only one given with
         * the request. For a profile we must not run code from (the emulator's state dir), and for an
         * application whose own code supplier replaces it (the SDK provider).
         */
        PROFILE_WITHOUT_ITS_PROCESS,
        /**
         * Only what the call names, as the Ansible module and Bolt task this tool replaces sent it: a
         * duration only when given, MFA only when the call names a serial or a code (never because the
         * profile has a device), no {@code mfa_process}. A code given without a serial goes with the
         * serial the settings resolved (AWS_MFA_SERIAL or the profile's): a code is never dropped,
         * which would leave a session without MFA that looks like success.
         */
        EXPLICIT
    }

    public SessionRequest {
        parameters = parameters == null ? SessionParameters.NONE : parameters;
        mfa = mfa == null ? MfaSource.PROFILE : mfa;
        cache = cache == null ? CacheOptions.NONE : cache;
    }

    /** The profile's MFA settings and no cache; refine with {@link #toBuilder()}. */
    public static SessionRequest of(SessionParameters parameters) {
        return new SessionRequest(parameters, MfaSource.PROFILE, CacheOptions.NONE);
    }

    public static Builder builder() {
        return new Builder(of(SessionParameters.NONE));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A request changed one part at a time. */
    public static final class Builder {
        private SessionParameters parameters;
        private MfaSource mfa;
        private CacheOptions cache;

        private Builder(SessionRequest from) {
            parameters = from.parameters;
            mfa = from.mfa;
            cache = from.cache;
        }

        public Builder parameters(SessionParameters value) {
            parameters = value;
            return this;
        }

        public Builder mfa(MfaSource value) {
            mfa = value;
            return this;
        }

        public Builder cache(CacheOptions value) {
            cache = value;
            return this;
        }

        public SessionRequest build() {
            return new SessionRequest(parameters, mfa, cache);
        }
    }
}
