package dev.ststoken.signin;

import java.time.Instant;

/** A login session's current temporary credentials; {@code toString} leaves the secrets out. */
public record LoginCredentials(
        String accessKeyId, String secretAccessKey, String sessionToken, String accountId, Instant expiration) {
    @Override
    public String toString() {
        return "LoginCredentials[" + accessKeyId + ", account " + accountId + ", until " + expiration + "]";
    }
}
