package dev.ststoken.credentials;

/**
 * An access key pair, with the session token when the pair is temporary. {@link #toString()} shows
 * the key id only: records print every component by default, and these end up in exceptions.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    public AwsCredentials {
        if (accessKeyId == null || accessKeyId.isEmpty()) {
            throw new IllegalArgumentException("access key id is empty");
        }
        if (secretAccessKey == null || secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("secret access key is empty");
        }
        if (sessionToken != null && sessionToken.isEmpty()) {
            sessionToken = null;
        }
    }

    public AwsCredentials(String accessKeyId, String secretAccessKey) {
        this(accessKeyId, secretAccessKey, null);
    }

    public boolean isTemporary() {
        return sessionToken != null;
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + (sessionToken == null ? "" : ", sessionToken=****") + "]";
    }
}
