package dev.ststoken.emulator.policy;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.sts.StsActions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A role's trust policy on AssumeRole, with the caller's own policies, as AWS combines them within
 * one account: an explicit deny in either refuses; the trust policy must allow the caller; when it
 * allows the caller by name (its user ARN, its role or session ARN, or {@code "*"}) that is enough,
 * when it allows only the caller's account ({@code "123456789012"} or {@code ...:root}) the caller's
 * identity-based policies must also allow {@code sts:AssumeRole} on the role. A user or role named
 * in the policy is named by the unique id it was saved with ({@link TrustPrincipals}).
 */
public final class Trust {
    private Trust() {}

    /** How a trust statement names the caller. */
    enum Match {
        NONE,
        ACCOUNT,
        PRINCIPAL
    }

    public static void check(
            Caller caller,
            Account account,
            Role role,
            String roleArn,
            boolean mfa,
            Instant mfaAuthenticated,
            String externalId,
            String sessionName)
            throws AwsError {
        Map<String, List<String>> context = context(caller, account, mfa, mfaAuthenticated, externalId, sessionName);
        PolicyEvaluator.Result identity = Authorization.decide(caller, account, "sts:AssumeRole", roleArn, context);
        if (identity.decision() == PolicyEvaluator.Decision.EXPLICIT_DENY) {
            throw StsActions.cannotAssume(caller, account, roleArn);
        }
        Match allowed = Match.NONE;
        Policy trust = role.assumeRolePolicyDocument() == null
                ? null
                : Authorization.parsed(role.assumeRolePolicyDocument(), true);
        PolicyEvaluator.Request request = new PolicyEvaluator.Request("sts:AssumeRole", roleArn, context);
        for (Policy.Statement statement : trust == null ? List.<Policy.Statement>of() : trust.statements()) {
            Match match = principal(statement, caller, account);
            if (match == Match.NONE
                    || !PolicyEvaluator.matchesAction(statement, request.action())
                    || !PolicyEvaluator.conditionsHold(trust, statement.conditions(), context)) {
                continue;
            }
            if (!statement.allow()) {
                throw StsActions.cannotAssume(caller, account, roleArn);
            }
            if (match.ordinal() > allowed.ordinal()) {
                allowed = match;
            }
        }
        boolean permitted = allowed == Match.PRINCIPAL
                || (allowed == Match.ACCOUNT && identity.decision() == PolicyEvaluator.Decision.ALLOWED);
        if (!permitted) {
            throw StsActions.cannotAssume(caller, account, roleArn);
        }
    }

    /** The caller's keys, with what this AssumeRole adds: the MFA just presented, ExternalId, session name. */
    static Map<String, List<String>> context(
            Caller caller,
            Account account,
            boolean mfa,
            Instant mfaAuthenticated,
            String externalId,
            String sessionName) {
        Map<String, List<String>> context = Authorization.context(caller, account);
        if (mfa && mfaAuthenticated != null) {
            Authorization.put(context, "aws:MultiFactorAuthPresent", "true");
            Instant now =
                    caller.facts() == null ? mfaAuthenticated : caller.facts().now();
            Authorization.put(
                    context,
                    "aws:MultiFactorAuthAge",
                    Long.toString(
                            Math.max(0, Duration.between(mfaAuthenticated, now).getSeconds())));
        }
        if (externalId != null) {
            Authorization.put(context, "sts:ExternalId", externalId);
        }
        Authorization.put(context, "sts:RoleSessionName", sessionName);
        return context;
    }

    /** Whether the statement's Principal (or NotPrincipal) names the caller, and how. */
    static Match principal(Policy.Statement statement, Caller caller, Account account) {
        if (statement.principal() != null) {
            return names(statement.principal(), caller, account);
        }
        if (statement.notPrincipal() != null) {
            return names(statement.notPrincipal(), caller, account) == Match.NONE ? Match.PRINCIPAL : Match.NONE;
        }
        return Match.NONE;
    }

    private static Match names(Policy.Principals principals, Caller caller, Account account) {
        if (principals.anyone()) {
            return Match.PRINCIPAL;
        }
        Match best = Match.NONE;
        for (String named : principals.byType().getOrDefault("AWS", List.of())) {
            Match match = Match.NONE;
            if (named.equals("*")
                    || ((caller.isUser() || caller.isRole()) && named.equals(caller.principalId()))
                    // An ARN is left for a principal that did not exist when the policy was saved
                    // (IAM would have refused it), and in documents saved by older versions.
                    || named.equals(Arns.caller(caller, account))
                    || (caller.isRole() && named.equals(Authorization.principalArn(caller, account)))) {
                match = Match.PRINCIPAL;
            } else if (named.equals(account.accountId()) || named.equals(account.rootArn())) {
                match = Match.ACCOUNT;
            }
            if (match.ordinal() > best.ordinal()) {
                best = match;
            }
        }
        return best;
    }
}
