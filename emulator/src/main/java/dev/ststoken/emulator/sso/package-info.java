/**
 * IAM Identity Center for the emulator: the SSO OIDC API (client registration, device and PKCE
 * authorization, tokens), the SSO portal API (accounts, roles, role credentials, logout), the
 * sign-in pages a browser uses, and the directory behind them (users with a password and a TOTP
 * device, permission sets, assignments), kept in {@code sso.json} in the state dir.
 */
package dev.ststoken.emulator.sso;
