package dev.ststoken.config;

import dev.ststoken.cache.SessionSealer;
import dev.ststoken.credentials.AwsCredentials;
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
 * @param keysProfile      the profile whose keys these credentials are (a role profile's source profile;
 *                         {@code default} when no profile was named and the default profile's keys
 *                         are used); null when they came from parameters, the environment or the boto
 *                         file. The MFA session made with them is theirs, so the cache labels it so.
 * @param endpointHint     for a role profile that sets no endpoint while a profile down its chain does:
 *                         what to change, said when a call fails (the role's own endpoint is used, as
 *                         botocore does); null otherwise
 * @param signIn           the sign-in whose role session stands for keys (an IAM Identity Center profile,
 *                         itself or under a role chain); then {@code credentials} is null and no
 *                         GetSessionToken is made. Null for keys
 * @param mfaPrompt        how a person is asked for the code when no token or mfa_process gives it:
 *                         {@code --prompt} or the profile's {@code mfa_prompt} (terminal, zenity,
 *                         kdialog, osascript, ykman or a command); null: the caller's own prompt
 * @param ykmanAccount     the YubiKey OATH account {@code mfa_prompt = ykman} reads (the profile's
 *                         {@code mfa_ykman_account}); null: the MFA serial
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
        SessionSealer sessionSealer,
        String keysProfile,
        String endpointHint,
        SignIn signIn,
        String mfaPrompt,
        String ykmanAccount) {

    /** How long mfa_process may run when nothing else says. */
    public static final int DEFAULT_MFA_PROCESS_TIMEOUT = 60;

    /** Whether the credentials are a sign-in's role session rather than keys. */
    public boolean signsIn() {
        return signIn != null;
    }

    /** Roles to assume, innermost first, after the base credentials (and their MFA session); empty for a user. */
    public boolean assumesRoles() {
        return !roles.isEmpty();
    }

    /**
     * Whether a prompt driver other than the caller's own (terminal) prompt asks for the code
     * ({@code --prompt} or the profile's {@code mfa_prompt}): one that can ask where no terminal is,
     * as in serve-credentials' background server.
     */
    public boolean promptsWithoutTerminal() {
        return mfaPrompt != null && !mfaPrompt.equals("terminal");
    }

    /**
     * These settings with some parts changed. Only the session front door ({@code Sessions}) applies a
     * request's duration, MFA rules and sealing this way; adapters ask it rather than reshape settings.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Settings made part by part: the default TLS and transport, the default mfa_process timeout, no
     * roles, everything else unset (null or false) until named.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Resolved settings made, or a copy changed, one part at a time. */
    public static final class Builder {
        private AwsCredentials credentials;
        private String credentialSource;
        private String profile;
        private String region;
        private boolean regionDefaulted;
        private StsEndpoint endpoint;
        private TlsSettings tls;
        private Integer durationSeconds;
        private String mfaSerial;
        private String mfaToken;
        private String mfaProcess;
        private Transport transport;
        private int mfaProcessTimeoutSeconds;
        private List<RoleStep> roles;
        private boolean mfaOnAssumeRole;
        private SessionSealer sessionSealer;
        private String keysProfile;
        private String endpointHint;
        private SignIn signIn;
        private String mfaPrompt;
        private String ykmanAccount;

        private Builder() {
            tls = TlsSettings.DEFAULT;
            transport = Transport.DEFAULT;
            mfaProcessTimeoutSeconds = DEFAULT_MFA_PROCESS_TIMEOUT;
            roles = List.of();
        }

        private Builder(ResolvedSettings from) {
            credentials = from.credentials;
            credentialSource = from.credentialSource;
            profile = from.profile;
            region = from.region;
            regionDefaulted = from.regionDefaulted;
            endpoint = from.endpoint;
            tls = from.tls;
            durationSeconds = from.durationSeconds;
            mfaSerial = from.mfaSerial;
            mfaToken = from.mfaToken;
            mfaProcess = from.mfaProcess;
            transport = from.transport;
            mfaProcessTimeoutSeconds = from.mfaProcessTimeoutSeconds;
            roles = from.roles;
            mfaOnAssumeRole = from.mfaOnAssumeRole;
            sessionSealer = from.sessionSealer;
            keysProfile = from.keysProfile;
            endpointHint = from.endpointHint;
            signIn = from.signIn;
            mfaPrompt = from.mfaPrompt;
            ykmanAccount = from.ykmanAccount;
        }

        public Builder credentials(AwsCredentials value) {
            credentials = value;
            return this;
        }

        public Builder credentialSource(String value) {
            credentialSource = value;
            return this;
        }

        public Builder profile(String value) {
            profile = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder regionDefaulted(boolean value) {
            regionDefaulted = value;
            return this;
        }

        public Builder endpoint(StsEndpoint value) {
            endpoint = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Builder durationSeconds(Integer value) {
            durationSeconds = value;
            return this;
        }

        public Builder mfaSerial(String value) {
            mfaSerial = value;
            return this;
        }

        public Builder mfaToken(String value) {
            mfaToken = value;
            return this;
        }

        public Builder mfaProcess(String value) {
            mfaProcess = value;
            return this;
        }

        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        public Builder mfaProcessTimeoutSeconds(int value) {
            mfaProcessTimeoutSeconds = value;
            return this;
        }

        public Builder roles(List<RoleStep> value) {
            roles = value;
            return this;
        }

        public Builder mfaOnAssumeRole(boolean value) {
            mfaOnAssumeRole = value;
            return this;
        }

        public Builder sessionSealer(SessionSealer value) {
            sessionSealer = value;
            return this;
        }

        public Builder keysProfile(String value) {
            keysProfile = value;
            return this;
        }

        public Builder endpointHint(String value) {
            endpointHint = value;
            return this;
        }

        public Builder signIn(SignIn value) {
            signIn = value;
            return this;
        }

        public Builder mfaPrompt(String value) {
            mfaPrompt = value;
            return this;
        }

        public Builder ykmanAccount(String value) {
            ykmanAccount = value;
            return this;
        }

        public ResolvedSettings build() {
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
                    sessionSealer,
                    keysProfile,
                    endpointHint,
                    signIn,
                    mfaPrompt,
                    ykmanAccount);
        }
    }

    @Override
    public String toString() {
        return "ResolvedSettings[credentials=" + credentials + ", source=" + credentialSource + ", profile=" + profile
                + ", region=" + region + ", endpoint=" + endpoint + ", durationSeconds=" + durationSeconds
                + ", mfaSerial=" + mfaSerial + ", mfaToken=" + (mfaToken == null ? "null" : "******") + ", roles="
                + roles
                + ", mfaOnAssumeRole=" + mfaOnAssumeRole + (mfaPrompt == null ? "" : ", mfaPrompt=" + mfaPrompt)
                + (sessionSealer == null ? "" : ", sealed cache")
                + (signIn == null ? "" : ", signIn=" + signIn.identity()) + "]";
    }
}
