package dev.ststoken.sts;

import dev.ststoken.credentials.SessionCredentials;

/**
 * What AssumeRole returns: the role session's credentials and who they are.
 *
 * @param arn           the assumed-role ARN, {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}
 * @param assumedRoleId the role's unique id and the session name, {@code AROA...:SESSION}
 */
public record AssumedRole(SessionCredentials credentials, String arn, String assumedRoleId) {}
