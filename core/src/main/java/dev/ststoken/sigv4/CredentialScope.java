package dev.ststoken.sigv4;

/** {@code date/region/service/aws4_request}: what a signature is bound to besides the request. */
public record CredentialScope(String date, String region, String service) {
    public static final String TERMINATOR = "aws4_request";

    /** Parses the part of a Credential value after the key id; null when it is not 4 parts ending in aws4_request. */
    public static CredentialScope parse(String scope) {
        String[] parts = scope.split("/", -1);
        if (parts.length != 4
                || !TERMINATOR.equals(parts[3])
                || parts[0].length() != 8
                || parts[1].isEmpty()
                || parts[2].isEmpty()) {
            return null;
        }
        return new CredentialScope(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }
}
