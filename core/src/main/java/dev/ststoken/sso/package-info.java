/**
 * IAM Identity Center (SSO) profiles as a source of credentials, as the AWS CLI v2 defines them:
 * {@code [sso-session NAME]} sections and the legacy form. The sign-in's token is read from and
 * written to the AWS CLI's cache ({@link dev.ststoken.sso.TokenCache}), refreshed with its refresh
 * token near its end ({@link dev.ststoken.sso.OidcClient}), and exchanged for a role's credentials
 * at the portal ({@link dev.ststoken.sso.PortalClient}); {@link dev.ststoken.sso.IdentityCenterCredentials}
 * is the credential source the session front door hands the resolver.
 */
package dev.ststoken.sso;
