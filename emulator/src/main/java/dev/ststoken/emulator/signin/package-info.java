/**
 * The AWS Sign-In service of {@code aws login}: the token endpoint (authorization codes and
 * DPoP-bound refresh tokens traded for 15-minute credentials, up to 12 hours from sign-in).
 */
package dev.ststoken.emulator.signin;
