package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.policy.Authorization;
import dev.ststoken.emulator.policy.PolicyEvaluator;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.Role;

/**
 * Who may do what in IAM, in one place. With enforcement on (every account created since policies
 * exist), the caller's identity-based policies decide, as in AWS ({@link Authorization}); root may do
 * everything. With enforcement off ({@code serve --no-enforce-iam}, or a state file from before
 * policies) the earlier fixed rules apply: root may do everything, a user acts only on itself (its
 * keys, its MFA devices), and role sessions get no IAM at all. Refusals use AWS's wording, naming the
 * caller's ARN, the action and the resource.
 */
final class IamAuthorizer {
    private IamAuthorizer() {}

    static AwsError notAuthorized(Caller caller, Account account, String action, String resource) {
        return Authorization.denied(caller, account, "iam:" + action, resource, PolicyEvaluator.Decision.IMPLICIT_DENY);
    }

    /** Enforced: the policies decide. Unenforced: root only. */
    static void requireRoot(Caller caller, Account account, String action, String resource) throws AwsError {
        if (caller.enforced()) {
            Authorization.require(caller, account, "iam:" + action, resource);
        } else if (!caller.isRoot()) {
            throw notAuthorized(caller, account, action, resource);
        }
    }

    /** Enforced: the policies decide, on the user's ARN. Unenforced: root on anyone, a user on itself. */
    static void requireSelfOrRoot(Caller caller, Account account, String action, String userName) throws AwsError {
        if (caller.enforced()) {
            Authorization.require(caller, account, "iam:" + action, account.userArn(userName));
            return;
        }
        if (caller.isRoot() || (caller.isUser() && caller.principal().equals(userName))) {
            return;
        }
        throw notAuthorized(caller, account, action, account.userArn(userName));
    }

    /**
     * Enforced: the policies decide, on the device's ARN. Unenforced: root may manage any virtual MFA
     * device; a user only one it created itself (by unique id, so a namesake created later does not
     * inherit it) and that is not assigned to anyone.
     */
    static void requireDeviceCreator(Caller caller, Account account, String action, MfaDevice device) throws AwsError {
        if (caller.enforced()) {
            Authorization.require(caller, account, "iam:" + action, device.serial());
            return;
        }
        if (caller.isRoot()) {
            return;
        }
        if (!caller.isUser() || device.user() != null || !caller.principalId().equals(device.creatorId())) {
            throw notAuthorized(caller, account, action, device.serial());
        }
    }

    /** Enforced: the policies decide. Unenforced: a role session may read only its own role. */
    static void requireRoleReader(Caller caller, Account account, String action, String roleName) throws AwsError {
        String arn = roleArn(account, roleName);
        if (caller.enforced()) {
            Authorization.require(caller, account, "iam:" + action, arn);
            return;
        }
        if (caller.isUser() || (caller.isRole() && !roleName.equals(caller.principal()))) {
            throw notAuthorized(caller, account, action, arn);
        }
    }

    static String roleArn(Account account, String roleName) {
        Role role = account.roles().get(roleName);
        return role == null ? Arns.role(account.accountId(), "/", roleName) : account.roleArn(role);
    }

    /**
     * The user a self-service call is about: UserName when given, else the caller; null for root
     * without UserName (the account's own keys or root user). Role sessions must name a user.
     */
    static String targetUser(IamParameters params, Caller caller, Account account, String action) throws AwsError {
        String name = params.optional("UserName");
        if (name == null) {
            if (caller.isUser()) {
                return caller.principal();
            }
            if (caller.isRoot()) {
                return null;
            }
            throw notAuthorized(caller, account, action, Arns.caller(caller, account));
        }
        IamParameters.checkName("userName", name, 64);
        return name;
    }
}
