package dev.ststoken.emulator.state;

import java.time.Instant;

/**
 * An access key pair; the secret stays out of {@link #toString()}.
 *
 * @param owner the user's name, or null for a root key
 */
public record AccessKey(String id, String secret, String owner, boolean active, Instant created) {
    public AccessKey withActive(boolean newActive) {
        return new AccessKey(id, secret, owner, newActive, created);
    }

    @Override
    public String toString() {
        return "AccessKey[" + id + ", owner=" + owner + ", active=" + active + "]";
    }
}
