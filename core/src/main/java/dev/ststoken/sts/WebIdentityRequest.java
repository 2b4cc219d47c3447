package dev.ststoken.sts;

/**
 * An AssumeRoleWithWebIdentity call.
 *
 * @param webIdentityToken the OpenID Connect ID token: a bearer credential, left out of {@link #toString()}
 * @param durationSeconds  null for STS's default (an hour)
 */
public record WebIdentityRequest(
        String roleArn, String roleSessionName, String webIdentityToken, Integer durationSeconds) {
    @Override
    public String toString() {
        return "WebIdentityRequest[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + ", durationSeconds="
                + durationSeconds + "]";
    }
}
