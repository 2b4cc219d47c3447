package dev.ststoken.emulator;

/** The ARNs of the emulator's account, in the {@code aws} partition it serves. */
final class Arns {
    private static final String IAM = "arn:aws:iam::";

    private Arns() {}

    static String root(String accountId) {
        return IAM + accountId + ":root";
    }

    static String user(String accountId, String path, String name) {
        return IAM + accountId + ":user" + path + name;
    }

    /** What a policy would name for "all users": the resource of ListUsers. */
    static String users(String accountId) {
        return IAM + accountId + ":user/";
    }

    static String role(String accountId, String path, String name) {
        return IAM + accountId + ":role" + path + name;
    }

    static String group(String accountId, String path, String name) {
        return IAM + accountId + ":group" + path + name;
    }

    static String policy(String accountId, String path, String name) {
        return IAM + accountId + ":policy" + path + name;
    }

    static String mfa(String accountId, String path, String deviceName) {
        return IAM + accountId + ":mfa" + (path == null ? "/" : path) + deviceName;
    }

    static String mfaDevices(String accountId) {
        return IAM + accountId + ":mfa/";
    }

    /** The ARN AWS names a caller by in its refusals and GetCallerIdentity. */
    static String caller(Caller caller, Account account) {
        if (caller.isRoot()) {
            return account.rootArn();
        }
        if (caller.isUser()) {
            return account.userArn(caller.principal());
        }
        return assumedRole(account.accountId(), caller.principal(), caller.roleSessionName());
    }

    static String assumedRole(String accountId, String roleName, String sessionName) {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }
}
