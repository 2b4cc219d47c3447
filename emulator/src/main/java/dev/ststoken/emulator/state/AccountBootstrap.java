package dev.ststoken.emulator.state;

import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.totp.Base32;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * First start: a new account, enforcing IAM policies, with a root key and a {@code demo} user that
 * has a key, an enabled virtual MFA device and AWS's self-management-with-MFA policy (attached as
 * the customer managed policy {@value ExamplePolicies#SELF_MANAGE_WITH_MFA_NAME}), and the files
 * users point their tools at (profiles and the demo seed).
 */
final class AccountBootstrap {
    private AccountBootstrap() {}

    static Account newAccount(Ids ids, Instant now) {
        String accountId = ids.accountId();
        AccessKey root = new AccessKey(ids.id("AKIA"), ids.secret(), null, true, now);
        ManagedPolicy selfManage = new ManagedPolicy(
                ExamplePolicies.SELF_MANAGE_WITH_MFA_NAME,
                ids.uniqueId("ANPA"),
                "/",
                "AWS's example: users manage their own credentials, and must sign in with " + "MFA for anything else",
                now,
                now,
                "v1",
                java.util.List.of(new PolicyVersion("v1", ExamplePolicies.SELF_MANAGE_WITH_MFA, now)),
                2);
        User demo = new User(Account.DEMO_USER, ids.uniqueId("AIDA"), "/", now, 0, null)
                .withPermissions(Permissions.NONE.withAttached(
                        Arns.policy(accountId, "/", ExamplePolicies.SELF_MANAGE_WITH_MFA_NAME)));
        AccessKey demoKey = new AccessKey(ids.id("AKIA"), ids.secret(), Account.DEMO_USER, true, now);
        MfaDevice device = MfaDevice.created(
                        Arns.mfa(accountId, "/", Account.DEMO_USER), Base32.encode(ids.bytes(20)), now, null)
                .enabledFor(Account.DEMO_USER, now, -1);
        return Account.builder()
                .accountId(accountId)
                .tokenKey(ids.bytes(32))
                .created(now)
                .users(Map.of(demo.name(), demo))
                .accessKeys(Map.of(root.id(), root))
                .mfaDevices(Map.of(device.serial(), device))
                .enforceIam(true)
                .build()
                .withKey(demoKey)
                .withPolicy(selfManage);
    }

    /** Written once, at first start; later changes to the account do not touch them. */
    static void writeProfiles(Path dir, Account account) throws IOException {
        AccessKey root = account.rootKey();
        AccessKey demo = account.firstKeyOf(Account.DEMO_USER);
        MfaDevice device = account.deviceOf(Account.DEMO_USER);
        AtomicFiles.write(
                dir.resolve("credentials"),
                "# Written by sts-session-token serve: keys of the local emulator's account " + account.accountId()
                        + ".\n[emulator-root]\naws_access_key_id = " + root.id() + "\naws_secret_access_key = "
                        + root.secret() + "\n\n[emulator-demo]\naws_access_key_id = " + demo.id()
                        + "\naws_secret_access_key = " + demo.secret() + "\n");
        AtomicFiles.write(
                dir.resolve("config"),
                "# Written by sts-session-token serve.\n[profile emulator-demo]\nregion = us-east-1\nmfa_serial = "
                        + device.serial() + "\n\n[profile emulator-root]\nregion = us-east-1\n");
        AtomicFiles.write(dir.resolve("demo-mfa-seed.txt"), device.seed() + "\n");
    }
}
