package dev.ststoken.sts;

/**
 * The three optional members of STS GetSessionToken; null members are not sent.
 * {@link #toString()} hides the token code: a one-time code is still a secret until it is used.
 */
public record GetSessionTokenRequest(Integer durationSeconds, String serialNumber, String tokenCode) {
    @Override
    public String toString() {
        return "GetSessionTokenRequest[durationSeconds=" + durationSeconds + ", serialNumber=" + serialNumber
                + ", tokenCode=" + (tokenCode == null ? "null" : "******") + "]";
    }
}
