package dev.ststoken.emulator.state;

import dev.ststoken.emulator.request.Caller;

/** The ARNs of the emulator's account, in the {@code aws} partition it serves. */
public final class Arns {
    private static final String IAM = "arn:aws:iam::";

    private Arns() {}

    static String root(String accountId) {
        return IAM + accountId + ":root";
    }

    public static String user(String accountId, String path, String name) {
        return IAM + accountId + ":user" + path + name;
    }

    /** What a policy would name for "all users": the resource of ListUsers. */
    public static String users(String accountId) {
        return IAM + accountId + ":user/";
    }

    public static String role(String accountId, String path, String name) {
        return IAM + accountId + ":role" + path + name;
    }

    public static String group(String accountId, String path, String name) {
        return IAM + accountId + ":group" + path + name;
    }

    public static String policy(String accountId, String path, String name) {
        return IAM + accountId + ":policy" + path + name;
    }

    public static String instanceProfile(String accountId, String path, String name) {
        return IAM + accountId + ":instance-profile" + path + name;
    }

    public static String mfa(String accountId, String path, String deviceName) {
        return IAM + accountId + ":mfa" + (path == null ? "/" : path) + deviceName;
    }

    public static String mfaDevices(String accountId) {
        return IAM + accountId + ":mfa/";
    }

    /** The ARN AWS names a caller by in its refusals and GetCallerIdentity. */
    public static String caller(Caller caller, Account account) {
        if (caller.isRoot()) {
            return account.rootArn();
        }
        if (caller.isUser()) {
            return account.userArn(caller.principal());
        }
        return assumedRole(account.accountId(), caller.principal(), caller.roleSessionName());
    }

    public static String assumedRole(String accountId, String roleName, String sessionName) {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }
}
