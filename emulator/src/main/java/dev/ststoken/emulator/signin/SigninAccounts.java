package dev.ststoken.emulator.signin;

import java.io.IOException;
import java.time.Instant;

/**
 * What the sign-in service needs from the emulator's account: who exists, how a person proves it is
 * them, and real STS sessions for them. The emulator implements it over its state, so the sign-in
 * package stays outside the account's internals.
 */
public interface SigninAccounts {
    /** The account the service signs people into. */
    String accountId();

    /** The user's unique id (AIDA...), or null when there is no such user. */
    String userId(String userName);

    /** Whether {@code password} is the user's console password (login profile); false when it has none. */
    boolean passwordMatches(String userName, String password);

    /**
     * Checks a code of the user's MFA device as STS checks one: a used code is refused, wrong codes
     * count towards the user's lock-out. False when the user has no enabled device, the code is
     * wrong or used, or the user is locked out.
     */
    boolean mfaCodeMatches(String userName, String code);

    /**
     * A session of the user as STS would issue it, ending at {@code expiration}; GetCallerIdentity
     * answers with the user and the user's IAM policies apply. No MFA is recorded on it (see
     * docs/signin.md: AWS does not say what aws:MultiFactorAuthPresent holds for these sessions).
     */
    IssuedCredentials issue(String userName, String userId, Instant issued, Instant expiration);

    /**
     * Null when the IAM user, signed in on the console with MFA, may perform {@code action} on
     * {@code resource} as IAM policies decide (always null when the account does not enforce them);
     * otherwise AWS's AccessDenied text ("User: ... is not authorized to perform: ...").
     */
    String refusal(String userName, String action, String resource);

    /**
     * Makes the root user's console password and virtual MFA device
     * ({@code arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device}) if the account has none yet, writing
     * them to {@code root-password.txt} and {@code root-mfa-seed.txt} (0600) in the state dir, as
     * Identity Center's demo user's are; does nothing when they exist.
     */
    void prepareRoot() throws IOException;

    /** Whether {@code password} is the root user's console password (false when it has none). */
    boolean rootPasswordMatches(String password);

    /** Checks a code of the root user's MFA device, once per code as for a user's. */
    boolean rootMfaCodeMatches(String code);

    /** A session of the root user (GetCallerIdentity: arn:aws:iam::ACCOUNT:root), no MFA recorded. */
    IssuedCredentials issueRoot(Instant issued, Instant expiration);

    /** Temporary credentials; {@code toString} leaves the secrets out. */
    record IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "IssuedCredentials[" + accessKeyId + "]";
        }
    }
}
