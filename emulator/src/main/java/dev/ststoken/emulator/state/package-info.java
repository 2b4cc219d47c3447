/**
 * The emulator's account and its state dir: the account as immutable records (users, keys, MFA
 * devices, roles, groups, managed policies, instance profiles), AWS's managed policies read from a
 * snapshot on first use, its JSON form, the first account a new dir gets, the
 * locked read-modify-write of the state file, ids and secrets, ARNs, the MFA throttle kept in the
 * account, and the TLS certificate kept beside it.
 */
package dev.ststoken.emulator.state;
