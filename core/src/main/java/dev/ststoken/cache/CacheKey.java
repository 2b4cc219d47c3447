package dev.ststoken.cache;

/**
 * What makes two requests interchangeable: the long-term key, the MFA serial and
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
        StringBuilder name = new StringBuilder(accessKeyId.length() + 17);
        for (int i = 0; i < accessKeyId.length(); i++) {
            char c = accessKeyId.charAt(i);
            boolean safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            name.append(safe ? c : '_');
        }
        String hex = Long.toHexString(hash);
        name.append('-');
        for (int i = hex.length(); i < 16; i++) {
            name.append('0');
        }
        return name.append(hex).toString();
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic, which costs
    // start-up on the cache-hit path where keys are compared.
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CacheKey)) {
            return false;
        }
        CacheKey k = (CacheKey) other;
        return same(accessKeyId, k.accessKeyId) && same(mfaSerial, k.mfaSerial)
                && same(durationSeconds, k.durationSeconds) && same(endpoint, k.endpoint);
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    @Override
    public int hashCode() {
        return (int) (fileName().hashCode() * 31L);
    }

    @Override
    public String toString() {
        return "CacheKey[" + accessKeyId + ", " + mfaSerial + ", " + durationSeconds + ", " + endpoint + "]";
    }
}
