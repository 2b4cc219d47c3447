package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless session tokens: the session's facts sealed with AES-256-GCM under the state dir's key.
 * Nothing is stored per session, so tokens survive restarts and millions of sessions cost no disk
 * (the failure mode of MinIO's token table). The session's secret key is derived from its key id
 * with an HMAC under the same key, so it need not be in the token either.
 */
public final class SessionTokens {
    /**
     * Who a session acts as and how it was obtained.
     *
     * @param principalId      the unique id of the user or role (the account id for root): a session
     *                         outlives nothing it was made for, not even when a namesake replaces it
     * @param issued           when the session was made (aws:TokenIssueTime); null in tokens sealed
     *                         before sessions recorded it
     * @param mfaAuthenticated when MFA was last presented for it (aws:MultiFactorAuthAge); null without MFA
     * @param policies         the session policies it was made with; null when none were passed
     */
    public record Session(
            String accessKeyId,
            String principalType,
            String principal,
            String principalId,
            String roleSessionName,
            boolean mfa,
            boolean chained,
            Instant expiration,
            Instant issued,
            Instant mfaAuthenticated,
            SessionPolicies policies) {
        public static final String USER = "user";
        public static final String ROOT = "root";
        public static final String ROLE = "role";

        /** GetSessionToken's session for a root or user caller: no role session, not chained, no session policies. */
        static Session ofCaller(String accessKeyId, Caller caller, boolean mfa, Instant issued, Instant expiration) {
            return new Session(
                    accessKeyId,
                    caller.type(),
                    caller.principal(),
                    caller.principalId(),
                    null,
                    mfa,
                    false,
                    expiration,
                    issued,
                    mfa ? issued : null,
                    null);
        }
    }

    /**
     * The session policies of AssumeRole ({@code Policy}, {@code PolicyArns}): the session may do only
     * what both they and its role's policies allow. Managed ones are read when evaluated, as AWS does.
     *
     * @param inline the inline policy's text, or null
     * @param arns   the managed policies' ARNs
     */
    public record SessionPolicies(String inline, List<String> arns) {
        public SessionPolicies {
            arns = List.copyOf(arns);
        }
    }

    private static final int IV_BYTES = 12;
    private final byte[] key;
    private final Ids ids;

    public SessionTokens(byte[] key, Ids ids) {
        this.key = key.clone();
        this.ids = ids;
    }

    public String secretFor(String accessKeyId) {
        byte[] mac = Crypto.hmacSha256(key, "session-secret:" + accessKeyId);
        return Base64.getEncoder().encodeToString(mac).substring(0, 40);
    }

    String seal(Session session) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("k", session.accessKeyId());
        claims.put("t", session.principalType());
        claims.put("p", session.principal());
        claims.put("i", session.principalId());
        claims.put("n", session.roleSessionName());
        claims.put("m", session.mfa());
        claims.put("c", session.chained());
        claims.put("e", session.expiration().getEpochSecond());
        if (session.issued() != null) {
            claims.put("s", session.issued().getEpochSecond());
        }
        if (session.mfaAuthenticated() != null) {
            claims.put("a", session.mfaAuthenticated().getEpochSecond());
        }
        if (session.policies() != null) {
            Map<String, Object> policies = new LinkedHashMap<>();
            if (session.policies().inline() != null) {
                policies.put("i", session.policies().inline());
            }
            policies.put("a", session.policies().arns());
            claims.put("sp", policies);
        }
        byte[] plain = Json.write(claims).getBytes(StandardCharsets.UTF_8);
        byte[] iv = ids.bytes(IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            // A recognisable prefix lets the verifier refuse foreign tokens cheaply.
            return "STSE" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static Instant epoch(Object seconds) {
        return seconds == null ? null : Instant.ofEpochSecond((Long) seconds);
    }

    private static SessionPolicies policies(Object claim) {
        if (claim == null) {
            return null;
        }
        Map<?, ?> map = (Map<?, ?>) claim;
        List<String> arns = new java.util.ArrayList<>();
        for (Object arn : (List<?>) map.get("a")) {
            arns.add((String) arn);
        }
        return new SessionPolicies((String) map.get("i"), arns);
    }

    /** The session a token describes, or null when it was not sealed by this state dir's key or is malformed. */
    public Session open(String token) {
        if (token == null || !token.startsWith("STSE") || token.length() > 8192) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.substring(4));
            if (raw.length <= IV_BYTES + 16) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, raw, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            Map<String, Object> claims = Json.parseObject(new String(plain, StandardCharsets.UTF_8));
            if (!(claims.get("i") instanceof String)) {
                return null; // sealed before sessions named their principal's id: refused, never guessed
            }
            return new Session(
                    (String) claims.get("k"),
                    (String) claims.get("t"),
                    (String) claims.get("p"),
                    (String) claims.get("i"),
                    (String) claims.get("n"),
                    Boolean.TRUE.equals(claims.get("m")),
                    Boolean.TRUE.equals(claims.get("c")),
                    Instant.ofEpochSecond((Long) claims.get("e")),
                    epoch(claims.get("s")),
                    epoch(claims.get("a")),
                    policies(claims.get("sp")));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            return null;
        }
    }
}
