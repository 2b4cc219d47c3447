/**
 * A profile's long-term key kept outside the plaintext credentials file: our key stores
 * ({@link dev.ststoken.keystore.KeyStores}: Secret Service, pass, an encrypted file), a profile's
 * credential_process ({@link dev.ststoken.keystore.CredentialProcess}), and rotation of a stored key
 * that survives being killed at any point ({@link dev.ststoken.keystore.KeyRotation}).
 */
package dev.ststoken.keystore;
