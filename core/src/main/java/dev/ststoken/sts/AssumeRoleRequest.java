package dev.ststoken.sts;

/**
 * The members of STS AssumeRole this tool sends; null members are not sent.
 * {@link #toString()} hides the token code and the external id (a shared secret with the role's owner).
 */
public record AssumeRoleRequest(
        String roleArn,
        String roleSessionName,
        Integer durationSeconds,
        String externalId,
        String serialNumber,
        String tokenCode,
        String policy) {
    /** This request with the MFA device {@code serial}. */
    public AssumeRoleRequest withSerialNumber(String serial) {
        return new AssumeRoleRequest(roleArn, roleSessionName, durationSeconds, externalId, serial, tokenCode, policy);
    }

    @Override
    public String toString() {
        return "AssumeRoleRequest[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + ", durationSeconds="
                + durationSeconds + ", externalId=" + (externalId == null ? "null" : "******") + ", serialNumber="
                + serialNumber + ", tokenCode=" + (tokenCode == null ? "null" : "******") + ", policy="
                + (policy == null ? "null" : policy.length() + " characters") + "]";
    }
}
