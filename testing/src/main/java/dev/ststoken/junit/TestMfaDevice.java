package dev.ststoken.junit;

import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A user's virtual MFA device, with its seed: codes for the test clock's steps, as an authenticator
 * app on a phone would show them.
 */
public final class TestMfaDevice {
    private final EmulatorRun run;
    private final String serial;
    private final byte[] seed;

    TestMfaDevice(EmulatorRun run, String serial, byte[] seed) {
        this.run = run;
        this.serial = serial;
        this.seed = seed.clone();
    }

    /** The device's serial number (its ARN), what STS calls SerialNumber. */
    public String serial() {
        return serial;
    }

    /** The TOTP seed (RFC 6238, SHA-1, 6 digits, 30 s steps). */
    public byte[] seed() {
        return seed.clone();
    }

    /** The seed as IAM hands it out (Base32StringSeed), e.g. for an mfa_process or oathtool. */
    public String base32Seed() {
        return Base32.encode(seed);
    }

    /**
     * The code of the test clock's current step, used or not: what a user types without thinking. The
     * emulator refuses a step it has already accepted (enabling the device spends its step), as AWS
     * does; {@link #nextCode()} gives one it accepts.
     */
    public String code() {
        return Totp.code(seed, run.clock.instant());
    }

    /**
     * A code the emulator accepts now: of the current step when no code of it was accepted yet, else
     * of the next step, the test clock moved to that step's start (a user waiting for the app's next
     * code, without the wait). Asking twice without using it gives the same code.
     */
    public String nextCode() {
        long now = Totp.step(run.clock.instant());
        long used;
        try {
            used = run.emulator.lastUsedStep(serial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (used >= now) {
            run.clock.set(Totp.stepStart(used + 1));
            now = used + 1;
        }
        return Totp.code(seed, now);
    }

    @Override
    public String toString() {
        return "TestMfaDevice[" + serial + "]";
    }
}
