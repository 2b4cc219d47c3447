/** The console federation endpoint: sign-in tokens for role sessions, and the login redirect. */
package dev.ststoken.emulator.federation;
