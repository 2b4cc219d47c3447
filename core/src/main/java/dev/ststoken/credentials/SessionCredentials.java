package dev.ststoken.credentials;

import java.time.Instant;

/** Temporary credentials and the instant they stop working. */
public record SessionCredentials(AwsCredentials credentials, Instant expiration) {
    public String accessKeyId() {
        return credentials.accessKeyId();
    }

    public String secretAccessKey() {
        return credentials.secretAccessKey();
    }

    public String sessionToken() {
        return credentials.sessionToken();
    }

    @Override
    public String toString() {
        return "SessionCredentials[" + credentials + ", expiration=" + expiration + "]";
    }
}
