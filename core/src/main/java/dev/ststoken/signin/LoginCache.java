package dev.ststoken.signin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Where the AWS CLI and the SDKs keep a login session's token: {@code AWS_LOGIN_CACHE_DIRECTORY}
 * (with {@code ~} and variables expanded as botocore does for {@code ~} only), else
 * {@code ~/.aws/login/cache}; the file is the lowercase hex SHA-256 of the profile's
 * {@code login_session} value, plus {@code .json} (botocore's generate_login_cache_key, the Java
 * SDK's OnDiskTokenManager).
 */
public final class LoginCache {
    private LoginCache() {}

    public static Path directory(Map<String, String> env) {
        String configured = env.get("AWS_LOGIN_CACHE_DIRECTORY");
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (configured != null && !configured.isEmpty()) {
            if (configured.equals("~") || configured.startsWith("~/")) {
                return Path.of(home + configured.substring(1));
            }
            return Path.of(configured);
        }
        return Path.of(home, ".aws", "login", "cache");
    }

    public static String fileName(String loginSession) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(loginSession.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64 + 5);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.append(".json").toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
