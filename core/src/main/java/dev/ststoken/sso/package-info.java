/**
 * IAM Identity Center (SSO) profiles as a source of credentials, as the AWS CLI v2 defines them:
 * {@code [sso-session NAME]} sections and the legacy form. The sign-in's token is read from and
 * written to the AWS CLI's cache ({@link dev.ststoken.sso.TokenCache}), refreshed with its refresh
 * token near its end ({@link dev.ststoken.sso.OidcClient}), and exchanged for a role's credentials
 * at the portal ({@link dev.ststoken.sso.PortalClient}); {@link dev.ststoken.sso.IdentityCenterCredentials}
 * is the credential source the session front door hands the resolver.
 *
 * <p>Signing in is {@link dev.ststoken.sso.IdentityCenterLogin} (the command line's {@code sso login}
 * and {@code sso logout}): RegisterClient with the registration cached as the AWS CLI caches it
 * ({@link dev.ststoken.sso.Registration}), then the browser's authorization code flow with PKCE and
 * a one-shot loopback redirect (package {@code dev.ststoken.oauth}, not exported) or the device code
 * flow, the token written to the same cache. {@link dev.ststoken.sso.SsoSession} is what a sign-in
 * needs without a role.
 */
package dev.ststoken.sso;
