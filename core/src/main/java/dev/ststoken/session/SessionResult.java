package dev.ststoken.session;

import dev.ststoken.sts.SessionCredentials;
import java.util.List;

/**
 * @param changed         false when the session came from the cache (no STS call was made)
 * @param resourceActions the unique service:Action pairs called, for Ansible's resource_actions
 */
public record SessionResult(SessionCredentials session, boolean changed, List<String> resourceActions) {}
