package dev.ststoken.emulator.policy;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.User;
import dev.ststoken.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How IAM stores the principals of a role's trust policy: an {@code "AWS"} principal naming a user
 * or role of this account is saved as that identity's unique id, so the policy keeps meaning that
 * identity and no other. Deleted and recreated under the same name, a user has a new id and is not
 * trusted; GetRole then shows the old id instead of the ARN, as AWS documents ("IAM JSON policy
 * elements: Principal", IAM users and roles). Unlike IAM, a principal of this account that does not
 * exist yet is accepted and kept as its ARN, which then matches by name.
 */
public final class TrustPrincipals {
    private TrustPrincipals() {}

    /** What to do with one AWS principal value. */
    private interface Rewrite {
        String apply(String value) throws AwsError;
    }

    /** The document as IAM saves it; the text unchanged when it names no user or role of this account. */
    public static String bind(String document, Account account) throws AwsError {
        return rewrite(document, value -> {
            if (!ownIdentityArn(value, account)) {
                return value;
            }
            for (User user : account.users().values()) {
                if (value.equals(account.userArn(user.name()))) {
                    return user.userId();
                }
            }
            for (Role role : account.roles().values()) {
                if (value.equals(account.roleArn(role))) {
                    return role.roleId();
                }
            }
            // IAM refuses a principal that does not exist; the emulator keeps it as an ARN, matched by
            // name, because its users script roles before users (and roles that trust themselves).
            return value;
        });
    }

    /** The document as GetRole shows it: the ids of existing users and roles as their ARNs again. */
    public static String show(String document, Account account) {
        try {
            return rewrite(document, value -> {
                for (User user : account.users().values()) {
                    if (value.equals(user.userId())) {
                        return account.userArn(user.name());
                    }
                }
                for (Role role : account.roles().values()) {
                    if (value.equals(role.roleId())) {
                        return account.roleArn(role);
                    }
                }
                return value;
            });
        } catch (AwsError | RuntimeException e) {
            return document; // stored by an unenforced account as given: shown as given
        }
    }

    /** An ARN of a user or role in this account (other accounts' principals are not ours to check). */
    private static boolean ownIdentityArn(String value, Account account) {
        String[] parts = value.split(":", 6);
        return parts.length == 6
                && parts[0].equals("arn")
                && parts[2].equals("iam")
                && parts[4].equals(account.accountId())
                && (parts[5].startsWith("user/") || parts[5].startsWith("role/"));
    }

    @SuppressWarnings("unchecked")
    private static String rewrite(String document, Rewrite rewrite) throws AwsError {
        Object root = Json.parse(document);
        if (!(root instanceof Map)) {
            return document;
        }
        Object statements = ((Map<String, Object>) root).get("Statement");
        boolean changed = false;
        for (Object statement : statements instanceof List ? (List<?>) statements : List.of(statements)) {
            if (!(statement instanceof Map)) {
                continue;
            }
            for (String element : List.of("Principal", "NotPrincipal")) {
                Object principal = ((Map<String, Object>) statement).get(element);
                if (!(principal instanceof Map)) {
                    continue;
                }
                Map<String, Object> byType = (Map<String, Object>) principal;
                Object aws = byType.get("AWS");
                if (aws instanceof String) {
                    String replaced = rewrite.apply((String) aws);
                    changed |= !replaced.equals(aws);
                    byType.put("AWS", replaced);
                } else if (aws instanceof List) {
                    List<Object> out = new ArrayList<>();
                    for (Object item : (List<?>) aws) {
                        Object replaced = item instanceof String ? rewrite.apply((String) item) : item;
                        changed |= !replaced.equals(item);
                        out.add(replaced);
                    }
                    byType.put("AWS", out);
                }
            }
        }
        return changed ? Json.write(root) : document;
    }
}
