package dev.ststoken.awssdk;

import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.session.MfaPrompt;

/** Asks the application's {@link MfaCodeSupplier}; what it throws or returns never reaches a message. */
final class SupplierPrompt implements MfaPrompt {
    private final MfaCodeSupplier supplier;

    SupplierPrompt(MfaCodeSupplier supplier) {
        this.supplier = supplier;
    }

    @Override
    public String ask(String serial) throws ConfigException {
        String given;
        try {
            given = supplier.mfaCode(serial);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while the MFA code supplier was asked for a code for " + serial);
        } catch (Exception e) {
            // The supplier's message may carry what the person typed or a password: only its type is named.
            throw new ConfigException("the MFA code supplier failed for " + serial + " ("
                    + e.getClass().getSimpleName() + "); no session was requested");
        }
        String code = given == null ? "" : Validation.withoutSpaces(given);
        if (!Validation.isTokenCode(code)) {
            throw new ConfigException(
                    "the MFA code supplier returned no six-digit code for " + serial + "; no session was requested");
        }
        return code;
    }

    @Override
    public void notice(String message) {
        MfaSessionCredentialsProvider.LOG.log(System.Logger.Level.INFO, message);
    }
}
