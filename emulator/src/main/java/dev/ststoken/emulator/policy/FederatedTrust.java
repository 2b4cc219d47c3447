package dev.ststoken.emulator.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A role's trust policy on AssumeRoleWithWebIdentity: a statement applies when its principal is the
 * OIDC provider ({@code "Federated": "arn:aws:iam::ACCOUNT:oidc-provider/HOST"}, or {@code "*"}),
 * its action matches {@code sts:AssumeRoleWithWebIdentity} and its conditions hold on the token's
 * claims ({@code HOST:sub}, {@code HOST:aud}...). An explicit deny refuses; otherwise an allow is
 * needed. A web identity has no identity-based policies of its own, so the trust policy alone decides.
 */
public final class FederatedTrust {
    public static final String ACTION = "sts:AssumeRoleWithWebIdentity";

    private FederatedTrust() {}

    /** Context keys, as the evaluator looks them up. */
    public static final class Context {
        private final Map<String, List<String>> keys = new HashMap<>();

        public Context put(String name, String value) {
            if (value != null) {
                keys.computeIfAbsent(Policy.keyOf(name), k -> new java.util.ArrayList<>())
                        .add(value);
            }
            return this;
        }

        public Context putAll(String name, List<String> values) {
            for (String value : values) {
                put(name, value);
            }
            return this;
        }

        Map<String, List<String>> keys() {
            return keys;
        }
    }

    public static boolean allows(String trustDocument, String providerArn, Context context) {
        if (trustDocument == null) {
            return false;
        }
        Policy trust = Authorization.parsed(trustDocument, true);
        boolean allowed = false;
        for (Policy.Statement statement : trust.statements()) {
            if (!names(statement, providerArn)
                    || !PolicyEvaluator.matchesAction(statement, ACTION)
                    || !PolicyEvaluator.conditionsHold(trust, statement.conditions(), context.keys())) {
                continue;
            }
            if (!statement.allow()) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean names(Policy.Statement statement, String providerArn) {
        if (statement.principal() != null) {
            return named(statement.principal(), providerArn);
        }
        return statement.notPrincipal() != null && !named(statement.notPrincipal(), providerArn);
    }

    private static boolean named(Policy.Principals principals, String providerArn) {
        return principals.anyone()
                || principals.byType().getOrDefault("Federated", List.of()).contains(providerArn);
    }
}
