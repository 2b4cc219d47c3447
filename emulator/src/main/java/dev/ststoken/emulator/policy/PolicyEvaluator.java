package dev.ststoken.emulator.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IAM's policy evaluation as a pure function of the policies and the request: an explicit deny in
 * any statement wins, else an allow, else the default deny. Actions match case-insensitively,
 * resources and string conditions case-sensitively, both with {@code *} and {@code ?}; policy
 * variables ({@link Variables}) are replaced in Resource and in condition values of version
 * 2012-10-17 documents, and what they put in matches literally. Nothing here knows about HTTP or the account.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public enum Decision {
        ALLOWED,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    /**
     * What is asked: the action ("iam:ListAccessKeys"), the resource ARN and the context keys by
     * lower-case name. A key that is absent from {@code context} is absent from the request, as AWS
     * leaves keys out rather than sending empty values.
     */
    public record Request(String action, String resource, Map<String, List<String>> context) {}

    /** The decision and, for a deny or an allow, the statement that made it (null for a default deny). */
    public record Result(Decision decision, Policy.Statement statement) {}

    public static Result evaluate(List<Policy> policies, Request request) {
        Policy.Statement allowing = null;
        for (Policy policy : policies) {
            for (Policy.Statement statement : policy.statements()) {
                if (applies(policy, statement, request)) {
                    if (!statement.allow()) {
                        return new Result(Decision.EXPLICIT_DENY, statement);
                    }
                    if (allowing == null) {
                        allowing = statement;
                    }
                }
            }
        }
        return allowing == null ? new Result(Decision.IMPLICIT_DENY, null) : new Result(Decision.ALLOWED, allowing);
    }

    /** Action, resource and every condition match (principals are the caller's business). */
    static boolean applies(Policy policy, Policy.Statement statement, Request request) {
        return matchesAction(statement, request.action())
                && matchesResource(policy, statement, request)
                && conditionsHold(policy, statement.conditions(), request.context());
    }

    public static boolean matchesAction(Policy.Statement statement, String action) {
        boolean any = false;
        for (String pattern : statement.actions()) {
            if (Wildcards.matches(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT))) {
                any = true;
                break;
            }
        }
        return any != statement.notAction();
    }

    /**
     * Resource: one of the patterns matches. A pattern whose variable has no value (and no default)
     * matches no resource; in NotResource it makes the whole statement not apply, rather than apply
     * to every resource.
     */
    public static boolean matchesResource(Policy policy, Policy.Statement statement, Request request) {
        boolean any = false;
        for (String pattern : statement.resources()) {
            Expanded expanded = Variables.expand(policy, pattern, request.context());
            if (expanded == null) {
                if (statement.notResource()) {
                    return false;
                }
                continue;
            }
            if (resourceMatches(expanded, request.resource())) {
                any = true;
                break;
            }
        }
        return any != statement.notResource();
    }

    static boolean resourceMatches(String pattern, String resource) {
        return resourceMatches(Expanded.policyText(pattern), resource);
    }

    /** An ARN pattern against an ARN: the five colon-separated parts one by one, then the rest. */
    static boolean resourceMatches(Expanded pattern, String resource) {
        // The simulator asks about "*" (any resource): every resource element covers it.
        if (pattern.isAnything() || resource.equals("*")) {
            return true;
        }
        List<Expanded> p = pattern.split(':', 6);
        String[] r = resource.split(":", 6);
        if (p.size() != 6 || r.length != 6) {
            return Wildcards.matches(pattern, resource);
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcards.matches(p.get(i), r[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean conditionsHold(Policy policy, List<Policy.Condition> conditions, Map<String, List<String>> context) {
        for (Policy.Condition condition : conditions) {
            if (!Conditions.holds(policy, condition, context)) {
                return false;
            }
        }
        return true;
    }
}
