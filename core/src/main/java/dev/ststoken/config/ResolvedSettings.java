package dev.ststoken.config;

import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;

/**
 * Everything a GetSessionToken call needs, after parameters, environment and files were weighed.
 *
 * @param credentialSource where the base credentials came from, for messages ("environment", "profile me", ...)
 * @param regionDefaulted  true when no region was configured anywhere and us-east-1 was assumed
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
        String mfaProcess) {

    @Override
    public String toString() {
        return "ResolvedSettings[credentials=" + credentials + ", source=" + credentialSource + ", profile=" + profile
                + ", region=" + region + ", endpoint=" + endpoint + ", durationSeconds=" + durationSeconds
                + ", mfaSerial=" + mfaSerial + ", mfaToken=" + (mfaToken == null ? "null" : "******") + "]";
    }
}
