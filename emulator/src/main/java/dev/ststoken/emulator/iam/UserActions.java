package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.AccessKey;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** IAM users and their access keys (at most two per user; the account keeps at least one root key). */
final class UserActions {
    private static final int KEYS_PER_USER = 2;

    private final StateStore store;
    private final Ids ids;
    private final Clock clock;

    UserActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateUser", this::createUser);
        table.put("GetUser", this::getUser);
        table.put("ListUsers", this::listUsers);
        table.put("DeleteUser", this::deleteUser);
        table.put("CreateAccessKey", this::createAccessKey);
        table.put("ListAccessKeys", this::listAccessKeys);
        table.put("UpdateAccessKey", this::updateAccessKey);
        table.put("DeleteAccessKey", this::deleteAccessKey);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static String userXml(String element, User user, Account account) {
        return new XmlResponse()
                .open(element)
                .element("Path", user.path())
                .element("UserName", user.name())
                .element("UserId", user.userId())
                .element("Arn", account.userArn(user.name()))
                .element("CreateDate", user.created())
                .close(element)
                .body();
    }

    /** A user as CreateUser and GetUser return it: with its tags (ListUsers leaves them out, as IAM does). */
    private static String userWithTagsXml(User user, Account account) {
        String xml = userXml("User", user, account);
        return user.tags().isEmpty()
                ? xml
                : xml.substring(0, xml.length() - "</User>".length()) + TagActions.xml(user.tags()) + "</User>";
    }

    static User existingUser(Account account, String name) throws AwsError {
        User user = account.users().get(name);
        if (user == null) {
            throw AwsError.noSuchEntity("The user with name " + name + " cannot be found.");
        }
        return user;
    }

    private String createUser(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.requiredName("UserName", 64);
        String path = params.path();
        Map<String, String> tags = TagActions.requested(params);
        IamAuthorizer.requireRoot(caller, account, "CreateUser", Arns.user(account.accountId(), path, name));
        User user = new User(name, ids.uniqueId("AIDA"), path, now(), 0, null).withTags(tags);
        return store.mutate(current -> {
            if (current.users().containsKey(name)) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("User with name " + name + " already exists.");
            }
            Account next = current.withUser(user);
            return StateStore.Changed.to(next, userWithTagsXml(user, next));
        });
    }

    private String getUser(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = IamAuthorizer.targetUser(params, caller, account, "GetUser");
        if (name == null) {
            // Root without UserName: IAM describes the account's root user.
            return new XmlResponse()
                    .open("User")
                    .element("UserId", account.accountId())
                    .element("Arn", account.rootArn())
                    .element("CreateDate", account.created())
                    .close("User")
                    .body();
        }
        IamAuthorizer.requireSelfOrRoot(caller, account, "GetUser", name);
        return userWithTagsXml(existingUser(account, name), account);
    }

    private String listUsers(IamParameters params, Caller caller, Account account) throws AwsError {
        IamAuthorizer.requireRoot(caller, account, "ListUsers", Arns.users(account.accountId()));
        String prefix = params.optional("PathPrefix", "/");
        java.util.List<User> matching = new java.util.ArrayList<>();
        for (User user : account.users().values()) {
            if (user.path().startsWith(prefix)) {
                matching.add(user);
            }
        }
        Page<User> page = Page.of(matching, params);
        XmlResponse xml = new XmlResponse().open("Users");
        for (User user : page.items()) {
            xml.raw(userXml("member", user, account));
        }
        return page.close(xml.close("Users")).body();
    }

    private String deleteUser(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("UserName");
        IamAuthorizer.requireRoot(caller, account, "DeleteUser", account.userArn(name));
        return store.mutate(current -> {
            existingUser(current, name);
            if (current.keyCount(name) > 0) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must delete access keys first.");
            }
            for (MfaDevice device : current.mfaDevices().values()) {
                if (name.equals(device.user())) {
                    throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must remove MFA device first.");
                }
            }
            User user = current.users().get(name);
            if (user.loginPassword() != null) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must delete login profile first.");
            }
            if (!user.permissions().inline().isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must delete policies first.");
            }
            if (!user.permissions().attached().isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must detach all policies first.");
            }
            if (!user.groups().isEmpty()) {
                throw AwsErrorCode.DELETE_CONFLICT.error("Cannot delete entity, must remove users from group first.");
            }
            return StateStore.Changed.to(current.withoutUser(name), null);
        });
    }

    private String createAccessKey(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = IamAuthorizer.targetUser(params, caller, account, "CreateAccessKey");
        if (name == null) {
            throw AwsError.validation(
                    "Creating root access keys through this emulator is not supported; pass UserName");
        }
        IamAuthorizer.requireSelfOrRoot(caller, account, "CreateAccessKey", name);
        AccessKey key = new AccessKey(ids.id("AKIA"), ids.secret(), name, true, now());
        store.mutate(current -> {
            existingUser(current, name);
            if (current.keyCount(name) >= KEYS_PER_USER) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error("Cannot exceed quota for AccessKeysPerUser: " + KEYS_PER_USER);
            }
            return StateStore.Changed.to(current.withKey(key), null);
        });
        return new XmlResponse()
                .open("AccessKey")
                .element("UserName", name)
                .element("AccessKeyId", key.id())
                .element("Status", "Active")
                .element("SecretAccessKey", key.secret())
                .element("CreateDate", key.created())
                .close("AccessKey")
                .body();
    }

    private String listAccessKeys(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = IamAuthorizer.targetUser(params, caller, account, "ListAccessKeys");
        if (name != null) {
            IamAuthorizer.requireSelfOrRoot(caller, account, "ListAccessKeys", name);
            existingUser(account, name);
        }
        XmlResponse xml = new XmlResponse();
        if (name != null) {
            xml.element("UserName", name);
        }
        java.util.List<AccessKey> keys = new java.util.ArrayList<>();
        for (AccessKey key : account.accessKeys().values()) {
            if (name == null ? key.owner() == null : name.equals(key.owner())) {
                keys.add(key);
            }
        }
        Page<AccessKey> page = Page.of(keys, params);
        xml.open("AccessKeyMetadata");
        for (AccessKey key : page.items()) {
            xml.open("member")
                    .element("UserName", key.owner())
                    .element("AccessKeyId", key.id())
                    .element("Status", key.active() ? "Active" : "Inactive")
                    .element("CreateDate", key.created())
                    .close("member");
        }
        return page.close(xml.close("AccessKeyMetadata")).body();
    }

    private static AccessKey ownedKey(Account account, String keyId, String userName) throws AwsError {
        AccessKey key = account.accessKeys().get(keyId);
        boolean matches = key != null && (userName == null ? key.owner() == null : userName.equals(key.owner()));
        if (!matches) {
            throw AwsError.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        return key;
    }

    private String updateAccessKey(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String keyId = params.required("AccessKeyId");
        String status = params.required("Status");
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw AwsError.validation(
                    "1 validation error detected: Value '" + status
                            + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        String name = IamAuthorizer.targetUser(params, caller, account, "UpdateAccessKey");
        if (name != null) {
            IamAuthorizer.requireSelfOrRoot(caller, account, "UpdateAccessKey", name);
        }
        return store.mutate(current -> StateStore.Changed.to(
                current.withKey(ownedKey(current, keyId, name).withActive(status.equals("Active"))), null));
    }

    private String deleteAccessKey(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String keyId = params.required("AccessKeyId");
        String name = IamAuthorizer.targetUser(params, caller, account, "DeleteAccessKey");
        if (name != null) {
            IamAuthorizer.requireSelfOrRoot(caller, account, "DeleteAccessKey", name);
        }
        return store.mutate(current -> {
            AccessKey key = ownedKey(current, keyId, name);
            if (key.owner() == null && current.keyCount(null) == 1) {
                throw AwsErrorCode.DELETE_CONFLICT.error("The emulator keeps at least one root access key.");
            }
            return StateStore.Changed.to(current.withoutKey(keyId), null);
        });
    }
}
