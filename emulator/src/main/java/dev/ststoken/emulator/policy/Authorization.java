package dev.ststoken.emulator.policy;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.RequestFacts;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Group;
import dev.ststoken.emulator.state.ManagedPolicy;
import dev.ststoken.emulator.state.Permissions;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.User;
import dev.ststoken.emulator.sts.SessionTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins the account to the evaluator: which policies apply to a caller (a user's inline and
 * attached policies and its groups'; a role's), which context keys its request carries, and AWS's
 * AccessDenied texts. Root is never evaluated (no policy can be attached to it).
 */
public final class Authorization {
    private static final int CACHE_LIMIT = 256;
    /**
     * Stored documents were checked when saved; parsing them once per text saves it per request.
     * Keyed by the text's digest, and bounded, so a key holder writing many large documents holds
     * at most {@value #CACHE_LIMIT} parsed ones.
     */
    private static final Map<String, Policy> PARSED = new ConcurrentHashMap<>();

    private Authorization() {}

    /** A stored document as the evaluator reads it; one that no longer parses grants nothing. */
    public static Policy parsed(String document, boolean trust) {
        String cacheKey = (trust ? "T" : "I") + dev.ststoken.internal.Crypto.sha256Hex(document);
        Policy policy = PARSED.get(cacheKey);
        if (policy == null) {
            try {
                policy = Policy.parse(document, trust);
            } catch (AwsError e) {
                policy = new Policy(Policy.CURRENT, List.of());
            }
            if (PARSED.size() >= CACHE_LIMIT) {
                PARSED.clear();
            }
            PARSED.put(cacheKey, policy);
        }
        return policy;
    }

    /** Every identity-based policy of the caller, inline and managed (default versions), groups included. */
    static List<Policy> identityPolicies(Caller caller, Account account) {
        List<Policy> out = new ArrayList<>();
        if (caller.isUser()) {
            User user = account.users().get(caller.principal());
            if (user != null) {
                add(out, user.permissions(), account);
                for (String groupName : user.groups()) {
                    Group group = account.groups().get(groupName);
                    if (group != null) {
                        add(out, group.permissions(), account);
                    }
                }
            }
        } else if (caller.isRole()) {
            Role role = account.roles().get(caller.principal());
            if (role != null) {
                add(out, role.permissions(), account);
            }
        }
        return out;
    }

    private static void add(List<Policy> out, Permissions permissions, Account account) {
        for (String document : permissions.inline().values()) {
            out.add(parsed(document, false));
        }
        for (String arn : permissions.attached()) {
            ManagedPolicy managed = account.managedPolicy(arn);
            if (managed != null) {
                out.add(parsed(managed.defaultVersion().document(), false));
            }
        }
    }

    /**
     * The global context keys AWS puts in this caller's request. Present or absent as AWS has them:
     * aws:MultiFactorAuthPresent and aws:TokenIssueTime only for temporary credentials (true/false
     * for the former), aws:MultiFactorAuthAge only for temporary credentials made with MFA,
     * aws:username only for IAM users.
     */
    static Map<String, List<String>> context(Caller caller, Account account) {
        Map<String, List<String>> keys = new HashMap<>();
        RequestFacts facts = caller.facts();
        put(keys, "aws:PrincipalAccount", account.accountId());
        put(keys, "aws:PrincipalArn", principalArn(caller, account));
        if (caller.isRoot()) {
            put(keys, "aws:PrincipalType", "Account");
            put(keys, "aws:userid", account.accountId());
        } else if (caller.isUser()) {
            put(keys, "aws:PrincipalType", "User");
            put(keys, "aws:userid", caller.principalId());
            put(keys, "aws:username", caller.principal());
        } else {
            put(keys, "aws:PrincipalType", "AssumedRole");
            put(keys, "aws:userid", caller.principalId() + ":" + caller.roleSessionName());
        }
        if (caller.session()) {
            put(keys, "aws:MultiFactorAuthPresent", Boolean.toString(caller.mfa()));
            if (caller.issued() != null) {
                put(keys, "aws:TokenIssueTime", XmlResponse.timestamp(caller.issued()));
            }
            if (caller.mfa() && caller.mfaAuthenticated() != null && facts != null) {
                put(
                        keys,
                        "aws:MultiFactorAuthAge",
                        Long.toString(Math.max(
                                0,
                                Duration.between(caller.mfaAuthenticated(), facts.now())
                                        .getSeconds())));
            }
        }
        if (facts != null) {
            put(keys, "aws:CurrentTime", XmlResponse.timestamp(facts.now()));
            put(keys, "aws:EpochTime", Long.toString(facts.now().getEpochSecond()));
            put(keys, "aws:SecureTransport", Boolean.toString(facts.secureTransport()));
            if (facts.sourceIp() != null) {
                put(keys, "aws:SourceIp", facts.sourceIp());
            }
            put(keys, "aws:RequestedRegion", facts.region());
        }
        return keys;
    }

    static void put(Map<String, List<String>> keys, String name, String value) {
        keys.put(Policy.keyOf(name), List.of(value));
    }

    /** aws:PrincipalArn: the user, the role (not the session), or the account's root. */
    static String principalArn(Caller caller, Account account) {
        if (caller.isRoot()) {
            return account.rootArn();
        }
        if (caller.isUser()) {
            return account.userArn(caller.principal());
        }
        Role role = account.roles().get(caller.principal());
        return role == null ? Arns.role(account.accountId(), "/", caller.principal()) : account.roleArn(role);
    }

    /**
     * The decision for an action ("iam:GetUser") on a resource: the identity-based policies', and for
     * a session made with session policies, the intersection with theirs, as AWS combines them: an
     * explicit deny in either wins, and both must allow.
     */
    static PolicyEvaluator.Result decide(
            Caller caller, Account account, String action, String resource, Map<String, List<String>> context) {
        PolicyEvaluator.Request request = new PolicyEvaluator.Request(action, resource, context);
        PolicyEvaluator.Result identity = PolicyEvaluator.evaluate(identityPolicies(caller, account), request);
        if (caller.sessionPolicies() == null || identity.decision() == PolicyEvaluator.Decision.EXPLICIT_DENY) {
            return identity;
        }
        PolicyEvaluator.Result session = PolicyEvaluator.evaluate(sessionPolicies(caller, account), request);
        if (session.decision() != PolicyEvaluator.Decision.ALLOWED) {
            return session;
        }
        return identity;
    }

    /**
     * The session's policies: its inline one and the default versions of its managed ones as they are
     * now. An ARN naming no policy of the account grants nothing.
     */
    static List<Policy> sessionPolicies(Caller caller, Account account) {
        List<Policy> out = new ArrayList<>();
        SessionTokens.SessionPolicies policies = caller.sessionPolicies();
        if (policies.inline() != null) {
            out.add(parsed(policies.inline(), false));
        }
        for (String arn : policies.arns()) {
            ManagedPolicy managed = account.managedPolicy(arn);
            if (managed != null) {
                out.add(parsed(managed.defaultVersion().document(), false));
            }
        }
        return out;
    }

    /** Allows root; anyone else needs an allow and no explicit deny, or gets AWS's AccessDenied. */
    public static void require(Caller caller, Account account, String action, String resource) throws AwsError {
        if (caller.isRoot()) {
            return;
        }
        PolicyEvaluator.Result result = decide(caller, account, action, resource, context(caller, account));
        if (result.decision() != PolicyEvaluator.Decision.ALLOWED) {
            String kind = "identity-based";
            if (caller.sessionPolicies() != null) {
                // The identity's own decision tells which kind refused.
                PolicyEvaluator.Decision identity = PolicyEvaluator.evaluate(
                                identityPolicies(caller, account),
                                new PolicyEvaluator.Request(action, resource, context(caller, account)))
                        .decision();
                if (identity == PolicyEvaluator.Decision.ALLOWED
                        || (result.decision() == PolicyEvaluator.Decision.EXPLICIT_DENY
                                && identity != PolicyEvaluator.Decision.EXPLICIT_DENY)) {
                    kind = "session";
                }
            }
            throw denied(caller, account, action, resource, result.decision(), kind);
        }
    }

    public static AwsError denied(
            Caller caller, Account account, String action, String resource, PolicyEvaluator.Decision decision) {
        return denied(caller, account, action, resource, decision, "identity-based");
    }

    /** AWS's texts, naming the kind of policy that refused ("identity-based", "session"). */
    public static AwsError denied(
            Caller caller,
            Account account,
            String action,
            String resource,
            PolicyEvaluator.Decision decision,
            String kind) {
        String why = decision == PolicyEvaluator.Decision.EXPLICIT_DENY
                ? "with an explicit deny in a" + (kind.startsWith("i") ? "n " : " ") + kind + " policy"
                : "because no " + kind + " policy allows the " + action + " action";
        return AwsError.accessDenied("User: " + Arns.caller(caller, account) + " is not authorized to perform: "
                + action + " on resource: " + resource + " " + why);
    }
}
