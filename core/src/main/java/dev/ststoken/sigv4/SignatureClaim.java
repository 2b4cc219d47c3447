package dev.ststoken.sigv4;

import java.time.Instant;
import java.util.List;

/**
 * What a request says about its own signature, from the Authorization header or the presigned
 * query: who signed, for which scope and time, over which headers, with which signature.
 *
 * @param expiresSeconds the presigned URL's X-Amz-Expires, or -1 for the header form
 */
public record SignatureClaim(
        String accessKeyId,
        CredentialScope scope,
        List<String> signedHeaders,
        String signature,
        String amzDate,
        Instant requestTime,
        String sessionToken,
        boolean presigned,
        long expiresSeconds) {
    @Override
    public String toString() {
        return "SignatureClaim[" + accessKeyId + "/" + scope + (presigned ? ", presigned" : "") + "]";
    }
}
