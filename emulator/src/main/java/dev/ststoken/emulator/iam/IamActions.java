package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.oidc.OidcProviders;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.sts.StsActions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * IAM's Query API (version 2010-05-08) for what STS users need around it: users and access keys,
 * virtual MFA devices, roles, groups, policies (the account's and AWS's), instance profiles, tags
 * and the policy simulator, each in its own class, with IAM's XML shapes so the real AWS CLI
 * can drive them. Actions are found in one table; who may call them is {@link IamAuthorizer}'s
 * business.
 */
public final class IamActions {
    public static final String VERSION = "2010-05-08";
    private final Map<String, IamAction> actions;

    public IamActions(StateStore store, Ids ids, Clock clock) {
        Map<String, IamAction> table = new HashMap<>();
        new UserActions(store, ids, clock).register(table);
        new MfaDeviceActions(store, ids, clock).register(table);
        new LoginProfileActions(store, clock).register(table);
        new RoleActions(store, ids, clock).register(table);
        new GroupActions(store, ids, clock).register(table);
        new PolicyActions(store, ids, clock).register(table);
        for (IdentityPolicyActions.Kind kind : IdentityPolicyActions.Kind.values()) {
            new IdentityPolicyActions(store, kind).register(table);
        }
        new InstanceProfileActions(store, ids, clock).register(table);
        new OtherCredentialActions().register(table);
        for (TagActions.Kind kind : TagActions.Kind.values()) {
            new TagActions(store, kind).register(table);
        }
        new SimulateActions().register(table);
        new OidcProviderActions(new OidcProviders(store.dir()), clock).register(table);
        this.actions = Map.copyOf(table);
    }

    public boolean has(String action) {
        return actions.containsKey(action);
    }

    public String handle(String action, Map<String, String> params, Caller caller, Account account, String requestId)
            throws AwsError {
        // GetSessionToken's credentials reach IAM only when MFA was presented for them, as AWS's do;
        // role sessions are not held to that (their policies decide).
        if (caller.session() && !caller.isRole() && !caller.mfa()) {
            throw AwsError.invalidClientTokenId();
        }
        String version = params.get("Version");
        IamAction handler = actions.get(action);
        if (handler == null || !VERSION.equals(version)) {
            throw StsActions.invalidAction(action, version);
        }
        String result;
        try {
            result = handler.run(new IamParameters(params), caller, account);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result == null
                ? XmlResponse.successNoResult(XmlResponse.IAM_NS, action, requestId)
                : XmlResponse.success(XmlResponse.IAM_NS, action, result, requestId);
    }
}
