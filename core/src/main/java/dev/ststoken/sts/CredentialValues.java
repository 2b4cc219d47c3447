package dev.ststoken.sts;

import java.time.Instant;

/**
 * What a session handed out by STS may look like before anything (the cache, a profile, a shell
 * format) sees it. Checked with hand loops: this runs on every fresh session, and a regex would
 * cost start-up. Anything else is a malformed answer, whoever sent it.
 */
final class CredentialValues {
    /** The longest session STS grants (36 hours, GetSessionToken for an IAM user). */
    static final long LONGEST_SESSION_SECONDS = 129_600;
    /**
     * How far the endpoint's clock may run ahead of ours; the same 15 minutes STS allows a
     * signature. An answer further out was not computed from a real duration.
     */
    static final long CLOCK_SKEW_ALLOWANCE_SECONDS = 900;

    private CredentialValues() {}

    /** {@code [A-Z0-9]{16,128}}: the shape of every AWS access key id. */
    static boolean isAccessKeyId(String value) {
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
    static boolean isOpaqueSecret(String value) {
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
    static boolean isPlausibleExpiration(Instant expiration, Instant now) {
        return expiration.isAfter(now)
                && !expiration.isAfter(now.plusSeconds(LONGEST_SESSION_SECONDS + CLOCK_SKEW_ALLOWANCE_SECONDS));
    }

    /**
     * Header values are ASCII from space to tilde; checked before a header is set, because the
     * JDK's refusal quotes the whole value (a session token) in its message.
     */
    static boolean isHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
