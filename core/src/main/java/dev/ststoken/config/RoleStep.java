package dev.ststoken.config;

/**
 * One AssumeRole in a chain, as a role profile (or {@code --role-arn}) describes it.
 *
 * @param durationSeconds null: not sent (STS's default of one hour)
 * @param externalId      null: not sent
 * @param profile         the profile it came from, for messages; null for --role-arn
 */
public record RoleStep(
        String roleArn, String roleSessionName, Integer durationSeconds, String externalId, String profile) {
    @Override
    public String toString() {
        return "RoleStep[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + ", durationSeconds="
                + durationSeconds + ", externalId=" + (externalId == null ? "null" : "******") + ", profile=" + profile
                + "]";
    }
}
