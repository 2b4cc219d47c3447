package dev.ststoken.emulator;

/**
 * Who may do what in IAM, in one place. There is no policy engine: root may do everything, a user
 * acts only on itself (its keys, its MFA devices), and role sessions get no IAM at all. Refusals use
 * AWS's wording, naming the caller's ARN, the action and the resource.
 */
final class IamAuthorizer {
    private IamAuthorizer() {}

    static AwsError notAuthorized(Caller caller, Account account, String action, String resource) {
        return AwsError.accessDenied("User: " + Arns.caller(caller, account) + " is not authorized to perform: iam:"
                + action + " on resource: " + resource + " because no identity-based policy allows the iam:" + action
                + " action");
    }

    static void requireRoot(Caller caller, Account account, String action, String resource) throws AwsError {
        if (!caller.isRoot()) {
            throw notAuthorized(caller, account, action, resource);
        }
    }

    /** Root may act on anyone; a user only on itself. */
    static void requireSelfOrRoot(Caller caller, Account account, String action, String userName) throws AwsError {
        if (caller.isRoot() || (caller.isUser() && caller.principal().equals(userName))) {
            return;
        }
        throw notAuthorized(caller, account, action, account.userArn(userName));
    }

    /**
     * Root may manage any virtual MFA device; a user only one it created itself (by unique id, so a
     * namesake created later does not inherit it) and that is not assigned to anyone.
     */
    static void requireDeviceCreator(Caller caller, Account account, String action, Account.MfaDevice device)
            throws AwsError {
        if (caller.isRoot()) {
            return;
        }
        if (!caller.isUser() || device.user() != null || !caller.principalId().equals(device.creatorId())) {
            throw notAuthorized(caller, account, action, device.serial());
        }
    }

    /** A role session may read only its own role. */
    static void requireRoleReader(Caller caller, Account account, String action, String roleName) throws AwsError {
        if (caller.isUser() || (caller.isRole() && !roleName.equals(caller.principal()))) {
            throw notAuthorized(caller, account, action, Arns.role(account.accountId(), "/", roleName));
        }
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
