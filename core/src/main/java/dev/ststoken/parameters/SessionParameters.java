package dev.ststoken.parameters;

/**
 * What the caller passed explicitly (CLI flags, Ansible or Bolt parameters). Every component may
 * be null, meaning "not given": settings resolution then falls back to the environment and files.
 */
public record SessionParameters(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String profile,
        String region,
        String endpointUrl,
        Boolean verifySsl,
        String caBundle,
        Integer durationSeconds,
        String mfaSerial,
        String mfaToken,
        String mfaProcess,
        Integer maxAttempts,
        Integer connectTimeoutSeconds,
        Integer readTimeoutSeconds,
        Integer mfaProcessTimeoutSeconds,
        String roleArn,
        String roleSessionName,
        String externalId,
        String mfaPrompt) {

    public static final SessionParameters NONE = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /** These parameters with some changed (e.g. the embedded emulator's profile and endpoint over the caller's). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        b.sessionToken = sessionToken;
        b.profile = profile;
        b.region = region;
        b.endpointUrl = endpointUrl;
        b.verifySsl = verifySsl;
        b.caBundle = caBundle;
        b.durationSeconds = durationSeconds;
        b.mfaSerial = mfaSerial;
        b.mfaToken = mfaToken;
        b.mfaProcess = mfaProcess;
        b.maxAttempts = maxAttempts;
        b.connectTimeoutSeconds = connectTimeoutSeconds;
        b.readTimeoutSeconds = readTimeoutSeconds;
        b.mfaProcessTimeoutSeconds = mfaProcessTimeoutSeconds;
        b.roleArn = roleArn;
        b.roleSessionName = roleSessionName;
        b.externalId = externalId;
        b.mfaPrompt = mfaPrompt;
        return b;
    }

    @Override
    public String toString() {
        return "SessionParameters[accessKeyId=" + accessKeyId + ", secretAccessKey=" + mask(secretAccessKey)
                + ", sessionToken=" + mask(sessionToken) + ", profile=" + profile + ", region=" + region
                + ", endpointUrl=" + endpointUrl + ", verifySsl=" + verifySsl + ", caBundle=" + caBundle
                + ", durationSeconds=" + durationSeconds + ", mfaSerial=" + mfaSerial
                + ", mfaToken=" + mask(mfaToken) + ", mfaProcess=" + mfaProcess + ", mfaPrompt=" + mfaPrompt
                + ", maxAttempts=" + maxAttempts
                + ", roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + ", externalId=" + mask(externalId)
                + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "****";
    }

    /** Adapters fill parameters one by one as they parse; a builder keeps that readable. */
    public static final class Builder {
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private String profile;
        private String region;
        private String endpointUrl;
        private Boolean verifySsl;
        private String caBundle;
        private Integer durationSeconds;
        private String mfaSerial;
        private String mfaToken;
        private String mfaProcess;
        private Integer maxAttempts;
        private Integer connectTimeoutSeconds;
        private Integer readTimeoutSeconds;
        private Integer mfaProcessTimeoutSeconds;
        private String roleArn;
        private String roleSessionName;
        private String externalId;
        private String mfaPrompt;

        /** From {@link SessionParameters#builder()} or {@link SessionParameters#toBuilder()}. */
        private Builder() {}

        public Builder accessKeyId(String v) {
            accessKeyId = v;
            return this;
        }

        public Builder secretAccessKey(String v) {
            secretAccessKey = v;
            return this;
        }

        public Builder sessionToken(String v) {
            sessionToken = v;
            return this;
        }

        public Builder profile(String v) {
            profile = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder endpointUrl(String v) {
            endpointUrl = v;
            return this;
        }

        public Builder verifySsl(Boolean v) {
            verifySsl = v;
            return this;
        }

        public Builder caBundle(String v) {
            caBundle = v;
            return this;
        }

        public Builder durationSeconds(Integer v) {
            durationSeconds = v;
            return this;
        }

        public Builder mfaSerial(String v) {
            mfaSerial = v;
            return this;
        }

        public Builder mfaToken(String v) {
            mfaToken = v;
            return this;
        }

        public Builder mfaProcess(String v) {
            mfaProcess = v;
            return this;
        }

        public Builder maxAttempts(Integer v) {
            maxAttempts = v;
            return this;
        }

        public Builder connectTimeoutSeconds(Integer v) {
            connectTimeoutSeconds = v;
            return this;
        }

        public Builder readTimeoutSeconds(Integer v) {
            readTimeoutSeconds = v;
            return this;
        }

        public Builder mfaProcessTimeoutSeconds(Integer v) {
            mfaProcessTimeoutSeconds = v;
            return this;
        }

        public Builder roleArn(String v) {
            roleArn = v;
            return this;
        }

        public Builder roleSessionName(String v) {
            roleSessionName = v;
            return this;
        }

        public Builder externalId(String v) {
            externalId = v;
            return this;
        }

        /** terminal, zenity, kdialog, osascript, ykman, or a command whose stdout is the code. */
        public Builder mfaPrompt(String v) {
            mfaPrompt = v;
            return this;
        }

        public SessionParameters build() {
            return new SessionParameters(
                    accessKeyId,
                    secretAccessKey,
                    sessionToken,
                    profile,
                    region,
                    endpointUrl,
                    verifySsl,
                    caBundle,
                    durationSeconds,
                    mfaSerial,
                    mfaToken,
                    mfaProcess,
                    maxAttempts,
                    connectTimeoutSeconds,
                    readTimeoutSeconds,
                    mfaProcessTimeoutSeconds,
                    roleArn,
                    roleSessionName,
                    externalId,
                    mfaPrompt);
        }
    }
}
