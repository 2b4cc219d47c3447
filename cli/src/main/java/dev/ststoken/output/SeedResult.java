package dev.ststoken.output;

import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.session.SessionResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original Ansible module's result, {@code changed} and {@code sts_creds} (plus
 * {@code resource_actions} when asked): what the Ansible module returns and what {@code get}
 * prints by default, so playbooks and scripts read the same shape.
 */
public final class SeedResult {
    private SeedResult() {}

    public static Map<String, Object> of(SessionResult result, boolean resourceActions) {
        SessionCredentials s = result.session();
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("access_key", s.accessKeyId());
        creds.put("secret_key", s.secretAccessKey());
        creds.put("session_token", s.sessionToken());
        creds.put("expiration", Timestamps.utcOffset(s.expiration()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("changed", result.changed());
        map.put("sts_creds", creds);
        if (resourceActions) {
            map.put("resource_actions", result.resourceActions());
        }
        return map;
    }
}
