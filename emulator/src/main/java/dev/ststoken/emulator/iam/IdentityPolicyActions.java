package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Group;
import dev.ststoken.emulator.state.ManagedPolicy;
import dev.ststoken.emulator.state.Permissions;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies of users, roles and groups, one set of actions per kind: inline policies (Put, Get,
 * List, Delete {@code ...Policy}) and attached managed policies (Attach, Detach, ListAttached). The
 * three kinds differ only in names, lookups and IAM's quotas, which {@link Kind} holds.
 */
final class IdentityPolicyActions {
    static final int MANAGED_POLICIES_PER_IDENTITY = 10;

    /** What differs between users, roles and groups. */
    enum Kind {
        USER("User", "UserName", "user", 2048),
        ROLE("Role", "RoleName", "role", 10240),
        GROUP("Group", "GroupName", "group", 5120);

        final String word;
        final String parameter;
        final String lower;
        final int inlineQuota;

        Kind(String word, String parameter, String lower, int inlineQuota) {
            this.word = word;
            this.parameter = parameter;
            this.lower = lower;
            this.inlineQuota = inlineQuota;
        }

        Permissions permissions(Account account, String name) throws AwsError {
            switch (this) {
                case USER:
                    return UserActions.existingUser(account, name).permissions();
                case ROLE:
                    return RoleActions.existingRole(account, name).permissions();
                default:
                    return GroupActions.existingGroup(account, name).permissions();
            }
        }

        Account with(Account account, String name, Permissions permissions) throws AwsError {
            switch (this) {
                case USER:
                    return account.withUser(
                            UserActions.existingUser(account, name).withPermissions(permissions));
                case ROLE:
                    return account.withRole(
                            RoleActions.existingRole(account, name).withPermissions(permissions));
                default:
                    return account.withGroup(
                            GroupActions.existingGroup(account, name).withPermissions(permissions));
            }
        }

        /** The identity's ARN, also for one that does not exist (authorization comes before lookup). */
        String arn(Account account, String name) {
            switch (this) {
                case USER:
                    return account.userArn(name);
                case ROLE:
                    return IamAuthorizer.roleArn(account, name);
                default:
                    Group group = account.groups().get(name);
                    return group == null ? Arns.group(account.accountId(), "/", name) : account.groupArn(group);
            }
        }
    }

    private final StateStore store;
    private final Kind kind;

    IdentityPolicyActions(StateStore store, Kind kind) {
        this.store = store;
        this.kind = kind;
    }

    void register(Map<String, IamAction> table) {
        table.put("Put" + kind.word + "Policy", this::put);
        table.put("Get" + kind.word + "Policy", this::get);
        table.put("List" + kind.word + "Policies", this::list);
        table.put("Delete" + kind.word + "Policy", this::delete);
        table.put("Attach" + kind.word + "Policy", this::attach);
        table.put("Detach" + kind.word + "Policy", this::detach);
        table.put("ListAttached" + kind.word + "Policies", this::listAttached);
    }

    private String identity(IamParameters params) throws AwsError {
        return params.requiredName(kind.parameter, 128);
    }

    private String policyName(IamParameters params) throws AwsError {
        return params.requiredName("PolicyName", 128);
    }

    private AwsError noSuchInline(String policyName) {
        return AwsError.noSuchEntity("The " + kind.lower + " policy with name " + policyName + " cannot be found.");
    }

    private String put(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = identity(params);
        String policyName = policyName(params);
        String document = params.policyDocument("PolicyDocument", false);
        IamAuthorizer.requireRoot(caller, account, "Put" + kind.word + "Policy", kind.arn(account, name));
        return store.mutate(current -> {
            Permissions permissions = kind.permissions(current, name).withInline(policyName, document);
            int size = 0;
            for (String text : permissions.inline().values()) {
                size += withoutWhitespace(text);
            }
            if (size > kind.inlineQuota) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error("Maximum policy size of " + kind.inlineQuota
                        + " bytes exceeded for " + kind.lower + " " + name);
            }
            return StateStore.Changed.to(kind.with(current, name, permissions), null);
        });
    }

    /** IAM counts a policy's size without its whitespace. */
    static int withoutWhitespace(String document) {
        int size = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) {
                size++;
            }
        }
        return size;
    }

    private String get(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = identity(params);
        String policyName = policyName(params);
        IamAuthorizer.requireRoot(caller, account, "Get" + kind.word + "Policy", kind.arn(account, name));
        String document = kind.permissions(account, name).inline().get(policyName);
        if (document == null) {
            throw noSuchInline(policyName);
        }
        return new XmlResponse()
                .element(kind.parameter, name)
                .element("PolicyName", policyName)
                .element("PolicyDocument", PercentEncoding.encode(document))
                .body();
    }

    private String list(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = identity(params);
        IamAuthorizer.requireRoot(caller, account, "List" + kind.word + "Policies", kind.arn(account, name));
        Page<String> page =
                Page.of(new ArrayList<>(kind.permissions(account, name).inline().keySet()), params);
        XmlResponse xml = new XmlResponse().open("PolicyNames");
        for (String policyName : page.items()) {
            xml.element("member", policyName);
        }
        return page.close(xml.close("PolicyNames")).body();
    }

    private String delete(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = identity(params);
        String policyName = policyName(params);
        IamAuthorizer.requireRoot(caller, account, "Delete" + kind.word + "Policy", kind.arn(account, name));
        return store.mutate(current -> {
            Permissions permissions = kind.permissions(current, name);
            if (!permissions.inline().containsKey(policyName)) {
                throw noSuchInline(policyName);
            }
            return StateStore.Changed.to(kind.with(current, name, permissions.withoutInline(policyName)), null);
        });
    }

    private String attach(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = identity(params);
        String policyArn = params.policyArn();
        IamAuthorizer.requireRoot(caller, account, "Attach" + kind.word + "Policy", kind.arn(account, name));
        return store.mutate(current -> {
            Permissions permissions = kind.permissions(current, name);
            if (current.managedPolicy(policyArn) == null) {
                throw AwsError.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
            }
            if (!permissions.attached().contains(policyArn)
                    && permissions.attached().size() >= MANAGED_POLICIES_PER_IDENTITY) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error(
                        "Cannot exceed quota for PoliciesPer" + kind.word + ": " + MANAGED_POLICIES_PER_IDENTITY);
            }
            return StateStore.Changed.to(kind.with(current, name, permissions.withAttached(policyArn)), null);
        });
    }

    private String detach(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = identity(params);
        String policyArn = params.policyArn();
        IamAuthorizer.requireRoot(caller, account, "Detach" + kind.word + "Policy", kind.arn(account, name));
        return store.mutate(current -> {
            Permissions permissions = kind.permissions(current, name);
            if (!permissions.attached().contains(policyArn)) {
                throw AwsError.noSuchEntity("Policy " + policyArn + " was not found.");
            }
            return StateStore.Changed.to(kind.with(current, name, permissions.withoutAttached(policyArn)), null);
        });
    }

    private String listAttached(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = identity(params);
        String prefix = params.optional("PathPrefix", "/");
        IamAuthorizer.requireRoot(caller, account, "ListAttached" + kind.word + "Policies", kind.arn(account, name));
        List<ManagedPolicy> attached = new ArrayList<>();
        for (String arn : kind.permissions(account, name).attached()) {
            ManagedPolicy policy = account.managedPolicy(arn);
            if (policy != null && policy.path().startsWith(prefix)) {
                attached.add(policy);
            }
        }
        Page<ManagedPolicy> page = Page.of(attached, params);
        XmlResponse xml = new XmlResponse().open("AttachedPolicies");
        for (ManagedPolicy policy : page.items()) {
            xml.open("member")
                    .element("PolicyName", policy.name())
                    .element("PolicyArn", account.policyArn(policy))
                    .close("member");
        }
        return page.close(xml.close("AttachedPolicies")).body();
    }
}
