package dev.ststoken.sigv4;

import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** SigV4 tasks 2 to 4 (string to sign, signing key, signature), shared by signer and verifier. */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private SigV4() {}

    public static String amzDate(Instant instant) {
        return dev.ststoken.internal.Timestamps.amzDate(instant);
    }

    /** Task 2: algorithm, request time, scope and the hash of the canonical request. */
    public static String stringToSign(String amzDate, CredentialScope scope, String canonicalRequestHash) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + canonicalRequestHash;
    }

    /** Task 3: the key is derived from the secret through date, region and service, never used directly. */
    public static byte[] signingKey(String secretAccessKey, CredentialScope scope) {
        byte[] kDate = Crypto.hmacSha256(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope.date());
        byte[] kRegion = Crypto.hmacSha256(kDate, scope.region());
        byte[] kService = Crypto.hmacSha256(kRegion, scope.service());
        return Crypto.hmacSha256(kService, CredentialScope.TERMINATOR);
    }

    /** Task 4: lower-case hex HMAC of the string to sign. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return Hex.encode(Crypto.hmacSha256(signingKey, stringToSign));
    }

    public static String signature(
            String secretAccessKey, CredentialScope scope, String amzDate, CanonicalRequest canonicalRequest) {
        return signature(signingKey(secretAccessKey, scope), stringToSign(amzDate, scope, canonicalRequest.hash()));
    }
}
