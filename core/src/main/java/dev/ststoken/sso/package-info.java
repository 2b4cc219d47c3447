/**
 * IAM Identity Center (SSO) profiles as a source of credentials, as the AWS CLI v2 defines them:
 * {@code [sso-session NAME]} sections and the legacy form. The sign-in's token is read from and
 * written to the AWS CLI's cache ({@link dev.ststoken.sso.TokenCache}), refreshed with its refresh
 * token near its end ({@link dev.ststoken.sso.OidcClient}), and exchanged for a role's credentials
 * at the portal ({@link dev.ststoken.sso.PortalClient}); {@link dev.ststoken.sso.IdentityCenterCredentials}
 * is the credential source the session front door hands the resolver.
 *
 * <p>Not here yet: signing in. The command line's {@code sso login} and {@code sso logout} (the
 * browser's authorization code flow with PKCE, and the device code flow, through RegisterClient,
 * StartDeviceAuthorization and CreateToken) wait for the emulator's Identity Center pages to be
 * tested against. The sign-in error already names {@code sts-session-token sso login}; meanwhile
 * {@code aws sso login} fills the same cache, which this package reads and renews.
 */
package dev.ststoken.sso;
