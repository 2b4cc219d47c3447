package dev.ststoken.session;

import dev.ststoken.credentials.SessionCredentials;
import java.util.List;

/**
 * A session and how it was had.
 *
 * @param changed         false when the session came from the cache (no STS call was made)
 * @param resourceActions the unique service:Action pairs called, for Ansible's resource_actions
 * @param warnings        things the user should hear about that did not stop the session (an unusable cache)
 */
public record SessionResult(
        SessionCredentials session, boolean changed, List<String> resourceActions, List<String> warnings) {
    public SessionResult(SessionCredentials session, boolean changed, List<String> resourceActions) {
        this(session, changed, resourceActions, List.of());
    }

    SessionResult withWarning(String warning) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.add(warning);
        return new SessionResult(session, changed, resourceActions, List.copyOf(all));
    }
}
