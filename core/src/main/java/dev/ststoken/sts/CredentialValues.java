package dev.ststoken.sts;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.StsTransportException;
import java.time.Instant;

/**
 * What a session handed out by STS may look like before anything (the cache, a profile, a shell
 * format) sees it, whichever service handed it out (STS, IAM Identity Center's portal). Checked with hand loops: this runs on every fresh session, and a regex would
 * cost start-up. Anything else is a malformed answer, whoever sent it.
 */
public final class CredentialValues {
    /** The longest session STS grants (36 hours, GetSessionToken for an IAM user). */
    static final long LONGEST_SESSION_SECONDS = 129_600;
    /**
     * How far the endpoint's clock may run ahead of ours; the same 15 minutes STS allows a
     * signature. An answer further out was not computed from a real duration.
     */
    static final long CLOCK_SKEW_ALLOWANCE_SECONDS = 900;

    private CredentialValues() {}

    /** {@code [A-Z0-9]{16,128}}: the shape of every AWS access key id. */
    public static boolean isAccessKeyId(String value) {
        if (value == null || value.length() < 16 || value.length() > 128) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Printable ASCII without spaces or quotes of any kind: what every shell and file format can
     * carry without escaping (real secrets and tokens are base64).
     */
    public static boolean isOpaqueSecret(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '`') {
                return false;
            }
        }
        return true;
    }

    /** After now, and no later than the longest session plus the skew allowance. */
    public static boolean isPlausibleExpiration(Instant expiration, Instant now) {
        return expiration.isAfter(now)
                && !expiration.isAfter(now.plusSeconds(LONGEST_SESSION_SECONDS + CLOCK_SKEW_ALLOWANCE_SECONDS));
    }

    /**
     * A session from an answer, refused unless every value has the shape {@link #isAccessKeyId},
     * {@link #isOpaqueSecret} and {@link #isPlausibleExpiration} require; the message names the
     * field, never its value.
     *
     * @param answer how the message names the answer ("a malformed GetRoleCredentials answer from URL")
     */
    public static SessionCredentials checkedSession(
            String answer, String keyId, String secret, String token, Instant expires, Instant now)
            throws StsTransportException {
        if (!isAccessKeyId(keyId)) {
            throw new StsTransportException(answer + " (accessKeyId is not an access key id)", null);
        }
        if (!isOpaqueSecret(secret)) {
            throw new StsTransportException(
                    answer + " (secretAccessKey holds a space, a quote or a character outside printable ASCII)", null);
        }
        if (!isOpaqueSecret(token)) {
            throw new StsTransportException(
                    answer + " (sessionToken holds a space, a quote or a character outside printable ASCII)", null);
        }
        if (expires == null || !isPlausibleExpiration(expires, now)) {
            throw new StsTransportException(
                    answer + " (expiration " + expires + " is not between now and the longest session STS grants)",
                    null);
        }
        return new SessionCredentials(new dev.ststoken.credentials.AwsCredentials(keyId, secret, token), expires);
    }
}
