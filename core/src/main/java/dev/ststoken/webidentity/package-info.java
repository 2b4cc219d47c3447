/**
 * Web identity as a source of credentials, as the AWS CLI defines it: a profile's
 * {@code web_identity_token_file} and {@code role_arn} (and {@code role_session_name}), or the
 * {@code AWS_WEB_IDENTITY_TOKEN_FILE}, {@code AWS_ROLE_ARN} and {@code AWS_ROLE_SESSION_NAME}
 * variables. The token (a CI system's or Kubernetes' OpenID Connect ID token) is read from its file
 * for each new session and traded for the role's session with STS AssumeRoleWithWebIdentity;
 * {@link dev.ststoken.webidentity.WebIdentitySource} is the source the session front door hands the
 * resolver, asked before a profile's own keys as botocore's credential chain does.
 */
package dev.ststoken.webidentity;
