package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import java.util.List;
import java.util.Map;

/**
 * The user credentials the emulator does not hold: SSH public keys (CodeCommit), service-specific
 * credentials and signing certificates. No call creates them here, so a user has none; their List
 * calls answer so, for a user that exists, as tools that clean a user up before DeleteUser ask
 * (Ansible's {@code iam_user} lists all three).
 */
final class OtherCredentialActions {
    void register(Map<String, IamAction> table) {
        table.put(
                "ListSSHPublicKeys",
                (params, caller, account) -> none(params, caller, account, "ListSSHPublicKeys", "SSHPublicKeys", true));
        table.put(
                "ListServiceSpecificCredentials",
                (params, caller, account) -> none(
                        params,
                        caller,
                        account,
                        "ListServiceSpecificCredentials",
                        "ServiceSpecificCredentials",
                        false));
        table.put(
                "ListSigningCertificates",
                (params, caller, account) ->
                        none(params, caller, account, "ListSigningCertificates", "Certificates", true));
    }

    private static String none(
            IamParameters params, Caller caller, Account account, String action, String member, boolean paged)
            throws AwsError {
        String name = IamAuthorizer.targetUser(params, caller, account, action);
        if (name != null) {
            IamAuthorizer.requireSelfOrRoot(caller, account, action, name);
            UserActions.existingUser(account, name);
        } else {
            IamAuthorizer.requireRoot(caller, account, action, account.rootArn());
        }
        XmlResponse xml = new XmlResponse().open(member).close(member);
        return paged ? Page.of(List.of(), params).close(xml).body() : xml.body();
    }
}
