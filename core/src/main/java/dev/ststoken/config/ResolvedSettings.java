package dev.ststoken.config;

import dev.ststoken.cache.SessionSealer;
import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.util.List;

/**
 * Everything a GetSessionToken call needs, after parameters, environment and files were weighed.
 *
 * @param credentialSource where the base credentials came from, for messages ("environment", "profile me", ...)
 * @param regionDefaulted  true when no region was configured anywhere and us-east-1 was assumed
 * @param sessionSealer    encrypts this key's cached sessions (the key came from a key store); null: plaintext cache
 */
public record ResolvedSettings(
        AwsCredentials credentials,
        String credentialSource,
        String profile,
        String region,
        boolean regionDefaulted,
        StsEndpoint endpoint,
        TlsSettings tls,
        Integer durationSeconds,
        String mfaSerial,
        String mfaToken,
        String mfaProcess,
        Transport transport,
        int mfaProcessTimeoutSeconds,
        List<RoleStep> roles,
        boolean mfaOnAssumeRole,
        SessionSealer sessionSealer) {

    /** How long mfa_process may run when nothing else says. */
    public static final int DEFAULT_MFA_PROCESS_TIMEOUT = 60;

    public ResolvedSettings(
            AwsCredentials credentials,
            String credentialSource,
            String profile,
            String region,
            boolean regionDefaulted,
            StsEndpoint endpoint,
            TlsSettings tls,
            Integer durationSeconds,
            String mfaSerial,
            String mfaToken,
            String mfaProcess,
            Transport transport) {
        this(
                credentials,
                credentialSource,
                profile,
                region,
                regionDefaulted,
                endpoint,
                tls,
                durationSeconds,
                mfaSerial,
                mfaToken,
                mfaProcess,
                transport,
                DEFAULT_MFA_PROCESS_TIMEOUT,
                List.of(),
                false,
                null);
    }

    public ResolvedSettings(
            AwsCredentials credentials,
            String credentialSource,
            String profile,
            String region,
            boolean regionDefaulted,
            StsEndpoint endpoint,
            TlsSettings tls,
            Integer durationSeconds,
            String mfaSerial,
            String mfaToken,
            String mfaProcess,
            Transport transport,
            int mfaProcessTimeoutSeconds,
            List<RoleStep> roles,
            boolean mfaOnAssumeRole) {
        this(
                credentials,
                credentialSource,
                profile,
                region,
                regionDefaulted,
                endpoint,
                tls,
                durationSeconds,
                mfaSerial,
                mfaToken,
                mfaProcess,
                transport,
                mfaProcessTimeoutSeconds,
                roles,
                mfaOnAssumeRole,
                null);
    }

    /** Roles to assume, innermost first, after the base credentials (and their MFA session); empty for a user. */
    public boolean assumesRoles() {
        return !roles.isEmpty();
    }

    /** The same settings with another duration and MFA source (adapters that keep the original module's semantics). */
    public ResolvedSettings withRequest(Integer newDuration, String newSerial, String newToken, String newProcess) {
        return new ResolvedSettings(
                credentials,
                credentialSource,
                profile,
                region,
                regionDefaulted,
                endpoint,
                tls,
                newDuration,
                newSerial,
                newToken,
                newProcess,
                transport,
                mfaProcessTimeoutSeconds,
                roles,
                mfaOnAssumeRole,
                sessionSealer);
    }

    /**
     * Only what the caller asked for explicitly, as the modules this tool replaces sent it: a duration
     * only when {@code given} has one, MFA only when it names a serial or a code (never just because
     * the profile has a device). A code given without a serial goes with the serial the settings
     * resolved (AWS_MFA_SERIAL or the profile's), as the CLI does: a code is never dropped, which would
     * leave a session without MFA that looks like success.
     */
    public ResolvedSettings withExplicitRequestOnly(SessionParameters given) {
        boolean mfaAsked = given.mfaSerial() != null || given.mfaToken() != null;
        return withRequest(given.durationSeconds(), mfaAsked ? mfaSerial : null, mfaToken, null);
    }

    /** The same settings, caching their sessions sealed with {@code sealer} (null: plaintext). */
    public ResolvedSettings withSessionSealer(SessionSealer sealer) {
        return new ResolvedSettings(
                credentials,
                credentialSource,
                profile,
                region,
                regionDefaulted,
                endpoint,
                tls,
                durationSeconds,
                mfaSerial,
                mfaToken,
                mfaProcess,
                transport,
                mfaProcessTimeoutSeconds,
                roles,
                mfaOnAssumeRole,
                sealer);
    }

    @Override
    public String toString() {
        return "ResolvedSettings[credentials=" + credentials + ", source=" + credentialSource + ", profile=" + profile
                + ", region=" + region + ", endpoint=" + endpoint + ", durationSeconds=" + durationSeconds
                + ", mfaSerial=" + mfaSerial + ", mfaToken=" + (mfaToken == null ? "null" : "******") + ", roles="
                + roles
                + ", mfaOnAssumeRole=" + mfaOnAssumeRole + (sessionSealer == null ? "" : ", sealed cache") + "]";
    }
}
