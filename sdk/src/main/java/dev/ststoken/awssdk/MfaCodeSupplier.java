package dev.ststoken.awssdk;

/**
 * Where {@link MfaSessionCredentialsProvider} gets a one-time code when it needs a new session: a
 * dialog in a desktop application, a hardware key's tool, a secret store. It is called only when an
 * STS call is really about to be made (never for a cached session), by one thread at a time.
 *
 * <pre>{@code
 * MfaSessionCredentialsProvider.builder()
 *         .mfaCodeSupplier(serial -> JOptionPane.showInputDialog("MFA code for " + serial))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface MfaCodeSupplier {
    /**
     * Returns the current six-digit code of the device (spaces, as authenticator apps show them,
     * are allowed). Throwing, with any exception, means no code: the provider then fails with an
     * exception that names the device and the exception's type, never its message (which could hold
     * a secret).
     *
     * @param mfaSerial the device's ARN (or hardware serial), from the profile's {@code mfa_serial}
     * @return the code
     * @throws Exception when no code can be had (cancelled dialog, locked key, ...)
     */
    String mfaCode(String mfaSerial) throws Exception;
}
