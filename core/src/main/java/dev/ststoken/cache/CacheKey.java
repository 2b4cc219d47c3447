package dev.ststoken.cache;

/**
 * What makes two requests interchangeable (PRODUCT.md 5): the long-term key, the MFA serial and
 * the requested duration, plus the endpoint, so a session from an emulator never answers for AWS.
 */
public record CacheKey(String accessKeyId, String mfaSerial, Integer durationSeconds, String endpoint) {
    /**
     * A file name that needs no crypto classes (the cache-hit path must stay light): the key id and
     * a 64-bit FNV-1a hash of the whole key. A collision only means a miss, because the file's own
     * key fields are compared on read.
     */
    public String fileName() {
        long hash = 0xcbf29ce484222325L;
        String text = accessKeyId + '\n' + mfaSerial + '\n' + durationSeconds + '\n' + endpoint;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        String safeId = accessKeyId.replaceAll("[^A-Za-z0-9]", "_");
        return safeId + "-" + String.format("%016x", hash);
    }
}
