package dev.ststoken.emulator.state;

import java.time.Instant;

/**
 * A virtual MFA device: its TOTP seed, and the last step used (a code is accepted once).
 *
 * @param user      the user it is enabled for (by name), or null while unassigned
 * @param creatorId the unique id of the user that created it, or null when root did
 */
public record MfaDevice(
        String serial,
        String seed,
        String user,
        boolean enabled,
        Instant created,
        Instant enabledAt,
        long lastUsedStep,
        String creatorId) {
    /** A new virtual device, not yet enabled for any user; creatorId null when root made it. */
    public static MfaDevice created(String serial, String seed, Instant created, String creatorId) {
        return new MfaDevice(serial, seed, null, false, created, null, -1, creatorId);
    }

    public MfaDevice enabledFor(String userName, Instant at, long usedStep) {
        return new MfaDevice(serial, seed, userName, true, created, at, usedStep, creatorId);
    }

    public MfaDevice deactivated() {
        return new MfaDevice(serial, seed, null, false, created, null, lastUsedStep, creatorId);
    }

    public MfaDevice withLastUsedStep(long step) {
        return new MfaDevice(serial, seed, user, enabled, created, enabledAt, step, creatorId);
    }

    @Override
    public String toString() {
        return "MfaDevice[" + serial + ", user=" + user + ", enabled=" + enabled + "]";
    }
}
