/**
 * The client side of an OAuth 2.0 browser sign-in by a native application (RFC 8252), shared by
 * the sign-ins that send the user's browser to a service and take the answer back on this machine
 * (IAM Identity Center's {@code sso login}, the console's {@code aws login}): {@link
 * dev.ststoken.oauth.Pkce}, the RFC 7636 S256 proof that binds the authorization code to this
 * process, and {@link dev.ststoken.oauth.LoopbackReceiver}, a one-shot listener on 127.0.0.1 that
 * takes exactly one redirect carrying the expected {@code state} and refuses everything else.
 *
 * <p>Not part of the API (the module does not export it). How the browser is opened is the command
 * line's business (its {@code BrowserPage}): the authorization URL holds no secret, but its
 * {@code state} and {@code code_challenge} together would let another local user start a sign-in of
 * their own account that this process would accept (a login CSRF), so the URL goes through a private
 * page like the console's sign-in URL and never onto a command line.
 */
package dev.ststoken.oauth;
