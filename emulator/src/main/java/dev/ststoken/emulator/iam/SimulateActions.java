package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.policy.Authorization;
import dev.ststoken.emulator.policy.Policy;
import dev.ststoken.emulator.policy.PolicyEvaluator;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Group;
import dev.ststoken.emulator.state.ManagedPolicy;
import dev.ststoken.emulator.state.Permissions;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IAM's policy simulator, answered by the evaluator the emulator enforces with: what a set of
 * policies (SimulateCustomPolicy) or a principal's policies (SimulatePrincipalPolicy) decide for
 * each action and resource, given only the context entries the request supplies, as AWS's
 * simulator does. A way to ask "would this be allowed" without making the call.
 */
final class SimulateActions {
    /** A policy taking part, named as the simulator names its source. */
    record Source(String id, String type, Policy policy) {}

    void register(Map<String, IamAction> table) {
        table.put("SimulateCustomPolicy", this::simulateCustomPolicy);
        table.put("SimulatePrincipalPolicy", this::simulatePrincipalPolicy);
    }

    /**
     * Inputs the emulator's simulator does not evaluate: permissions boundaries and resource-based
     * policies (with the resource's owner, the caller's ARN and the handling option that go with
     * them). A simulation that quietly left them out would answer a different question, so they are
     * refused by name.
     */
    static final List<String> NOT_EVALUATED = List.of(
            "PermissionsBoundaryPolicyInputList",
            "ResourcePolicy",
            "ResourceOwner",
            "CallerArn",
            "ResourceHandlingOption");

    private static void refuseUnevaluated(IamParameters params) throws AwsError {
        for (String name : NOT_EVALUATED) {
            if (params.optional(name) != null || !params.list(name).isEmpty()) {
                throw AwsErrorCode.INVALID_INPUT.error("The emulator's policy simulator does not evaluate " + name
                        + " (permissions boundaries and resource-based policies); simulate without it");
            }
        }
    }

    private String simulateCustomPolicy(IamParameters params, Caller caller, Account account) throws AwsError {
        refuseUnevaluated(params);
        List<String> inputs = params.list("PolicyInputList");
        if (inputs.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at 'policyInputList' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        List<Source> sources = inputSources(inputs);
        Request request = request(params);
        if (caller.enforced()) {
            Authorization.require(caller, account, "iam:SimulateCustomPolicy", "*");
        }
        return results(sources, request, params);
    }

    private String simulatePrincipalPolicy(IamParameters params, Caller caller, Account account) throws AwsError {
        refuseUnevaluated(params);
        String sourceArn = params.required("PolicySourceArn");
        Constraints c = new Constraints();
        c.string("policySourceArn", sourceArn, 20, 2048, null);
        c.check();
        List<Source> sources = inputSources(params.list("PolicyInputList"));
        Request request = request(params);
        IamAuthorizer.requireRoot(caller, account, "SimulatePrincipalPolicy", sourceArn);
        sources.addAll(principalSources(account, sourceArn));
        return results(sources, request, params);
    }

    private static List<Source> inputSources(List<String> inputs) throws AwsError {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            sources.add(new Source("PolicyInputList." + (i + 1), "none", Policy.parse(inputs.get(i), false)));
        }
        return sources;
    }

    /** The policies of the user (with its groups'), group or role the ARN names. */
    private static List<Source> principalSources(Account account, String arn) throws AwsError {
        List<Source> sources = new ArrayList<>();
        for (User user : account.users().values()) {
            if (account.userArn(user.name()).equals(arn)) {
                add(sources, user.permissions(), "user", account);
                for (String groupName : user.groups()) {
                    Group group = account.groups().get(groupName);
                    if (group != null) {
                        add(sources, group.permissions(), "group", account);
                    }
                }
                return sources;
            }
        }
        for (Role role : account.roles().values()) {
            if (account.roleArn(role).equals(arn)) {
                add(sources, role.permissions(), "role", account);
                return sources;
            }
        }
        for (Group group : account.groups().values()) {
            if (account.groupArn(group).equals(arn)) {
                add(sources, group.permissions(), "group", account);
                return sources;
            }
        }
        throw AwsErrorCode.NO_SUCH_ENTITY.error("The entity " + arn + " cannot be found.");
    }

    private static void add(List<Source> sources, Permissions permissions, String type, Account account) {
        for (Map.Entry<String, String> inline : permissions.inline().entrySet()) {
            sources.add(new Source(inline.getKey(), type, Authorization.parsed(inline.getValue(), false)));
        }
        for (String arn : permissions.attached()) {
            ManagedPolicy managed = account.managedPolicy(arn);
            if (managed != null) {
                sources.add(new Source(
                        managed.name(),
                        managed.awsManaged() ? "aws-managed" : "user-managed",
                        Authorization.parsed(managed.defaultVersion().document(), false)));
            }
        }
    }

    /** What is asked: actions, resources ("*" when none) and the context entries, by lower-case key. */
    private record Request(List<String> actions, List<String> resources, Map<String, List<String>> context) {}

    private static Request request(IamParameters params) throws AwsError {
        List<String> actions = params.list("ActionNames");
        if (actions.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        List<String> resources = params.list("ResourceArns");
        Map<String, List<String>> context = new HashMap<>();
        for (Map<String, String> entry : params.structures("ContextEntries")) {
            String name = entry.get("ContextKeyName");
            if (name == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (int i = 1; entry.containsKey("ContextKeyValues.member." + i); i++) {
                values.add(entry.get("ContextKeyValues.member." + i));
            }
            context.put(Policy.keyOf(name), List.copyOf(values));
        }
        return new Request(actions, resources.isEmpty() ? List.of("*") : resources, context);
    }

    private record Evaluation(
            String action, String resource, PolicyEvaluator.Decision decision, Source source, Set<String> missing) {}

    private static String results(List<Source> sources, Request request, IamParameters params) throws AwsError {
        List<Policy> policies = new ArrayList<>();
        for (Source source : sources) {
            policies.add(source.policy());
        }
        List<Evaluation> evaluations = new ArrayList<>();
        for (String action : request.actions()) {
            for (String resource : request.resources()) {
                PolicyEvaluator.Request asked = new PolicyEvaluator.Request(action, resource, request.context());
                PolicyEvaluator.Result result = PolicyEvaluator.evaluate(policies, asked);
                evaluations.add(new Evaluation(
                        action,
                        resource,
                        result.decision(),
                        sourceOf(sources, result.statement()),
                        missing(sources, asked)));
            }
        }
        Page<Evaluation> page = Page.of(evaluations, params);
        XmlResponse xml = new XmlResponse().open("EvaluationResults");
        for (Evaluation evaluation : page.items()) {
            xml.open("member")
                    .element("EvalActionName", evaluation.action())
                    .element("EvalResourceName", evaluation.resource())
                    .element("EvalDecision", decision(evaluation.decision()))
                    .open("MatchedStatements");
            if (evaluation.source() != null) {
                xml.open("member")
                        .element("SourcePolicyId", evaluation.source().id())
                        .element("SourcePolicyType", evaluation.source().type())
                        .close("member");
            }
            xml.close("MatchedStatements").open("MissingContextValues");
            for (String key : evaluation.missing()) {
                xml.element("member", key);
            }
            xml.close("MissingContextValues").close("member");
        }
        return page.close(xml.close("EvaluationResults")).body();
    }

    static String decision(PolicyEvaluator.Decision decision) {
        switch (decision) {
            case ALLOWED:
                return "allowed";
            case EXPLICIT_DENY:
                return "explicitDeny";
            default:
                return "implicitDeny";
        }
    }

    private static Source sourceOf(List<Source> sources, Policy.Statement statement) {
        if (statement == null) {
            return null;
        }
        for (Source source : sources) {
            for (Policy.Statement candidate : source.policy().statements()) {
                if (candidate == statement) {
                    return source;
                }
            }
        }
        return null;
    }

    /** Condition keys of the statements that apply to the action and resource but were not supplied. */
    private static Set<String> missing(List<Source> sources, PolicyEvaluator.Request asked) {
        Set<String> missing = new LinkedHashSet<>();
        for (Source source : sources) {
            for (Policy.Statement statement : source.policy().statements()) {
                if (PolicyEvaluator.matchesAction(statement, asked.action())
                        && PolicyEvaluator.matchesResource(source.policy(), statement, asked)) {
                    for (Policy.Condition condition : statement.conditions()) {
                        if (!asked.context().containsKey(Policy.keyOf(condition.key()))) {
                            missing.add(condition.key());
                        }
                    }
                }
            }
        }
        return missing;
    }
}
