package dev.ststoken.emulator;

import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's Query API (version 2010-05-08) for what STS users need around it: users, access keys, virtual
 * MFA devices and roles, with IAM's XML shapes so the real AWS CLI can drive them. No policy
 * engine: root may do everything, an IAM user may manage only its own keys and MFA devices.
 */
final class IamActions {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    private static final Pattern CODE = Pattern.compile("[\\d]+");
    private static final int KEYS_PER_USER = 2;

    private static final Pattern DESCRIPTION = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

    private final StateStore store;
    private final Ids ids;
    private final Clock clock;
    private final QrCode.Renderer qr;

    IamActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.qr = new QrCode.Renderer();
    }

    String handle(String action, Map<String, String> params, Caller caller, Account account, String requestId)
            throws AwsError {
        // Session credentials reach IAM only when MFA was presented for them, as AWS's do.
        if (caller.session() && !caller.mfa()) {
            throw AwsError.invalidClientTokenId();
        }
        String ns = XmlResponse.IAM_NS;
        try {
            switch (action) {
                case "CreateUser": return XmlResponse.success(ns, action, createUser(params, caller, account), requestId);
                case "GetUser": return XmlResponse.success(ns, action, getUser(params, caller, account), requestId);
                case "ListUsers": return XmlResponse.success(ns, action, listUsers(caller, account), requestId);
                case "DeleteUser": deleteUser(params, caller, account); break;
                case "CreateAccessKey":
                    return XmlResponse.success(ns, action, createAccessKey(params, caller, account), requestId);
                case "ListAccessKeys":
                    return XmlResponse.success(ns, action, listAccessKeys(params, caller, account), requestId);
                case "UpdateAccessKey": updateAccessKey(params, caller, account); break;
                case "DeleteAccessKey": deleteAccessKey(params, caller, account); break;
                case "CreateVirtualMFADevice":
                    return XmlResponse.success(ns, action, createVirtualMfaDevice(params, caller, account), requestId);
                case "EnableMFADevice": enableMfaDevice(params, caller, account); break;
                case "DeactivateMFADevice": deactivateMfaDevice(params, caller, account); break;
                case "ListMFADevices":
                    return XmlResponse.success(ns, action, listMfaDevices(params, caller, account), requestId);
                case "ListVirtualMFADevices":
                    return XmlResponse.success(ns, action, listVirtualMfaDevices(params, caller, account), requestId);
                case "DeleteVirtualMFADevice": deleteVirtualMfaDevice(params, caller, account); break;
                case "CreateRole": return XmlResponse.success(ns, action, createRole(params, caller, account), requestId);
                case "GetRole": return XmlResponse.success(ns, action, getRole(params, caller, account), requestId);
                case "DeleteRole": deleteRole(params, caller, account); break;
                default:
                    throw new AwsError("InvalidAction", 400, "Could not find operation " + action + " for version 2010-05-08");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return XmlResponse.successNoResult(ns, action, requestId);
    }

    // ---- authorization ----

    private static AwsError notAuthorized(Caller caller, Account account, String action, String resource) {
        return AwsError.accessDenied("User: " + StsActions.callerArn(caller, account) + " is not authorized to perform: iam:"
                + action + " on resource: " + resource + " because no identity-based policy allows the iam:" + action
                + " action");
    }

    /** Root may act on anyone; a user only on itself; role sessions not at all (there is no policy engine). */
    private static void requireSelfOrRoot(Caller caller, Account account, String action, String userName)
            throws AwsError {
        if (caller.isRoot() || (caller.isUser() && caller.principal().equals(userName))) {
            return;
        }
        throw notAuthorized(caller, account, action, account.userArn(userName));
    }

    private static void requireRoot(Caller caller, Account account, String action, String resource) throws AwsError {
        if (!caller.isRoot()) {
            throw notAuthorized(caller, account, action, resource);
        }
    }

    /**
     * Root may manage any virtual MFA device; a user only one it created itself (by unique id, so a
     * namesake created later does not inherit it) and that is not assigned to anyone.
     */
    private static void requireDeviceCreator(Caller caller, Account account, String action, Account.MfaDevice device)
            throws AwsError {
        if (caller.isRoot()) {
            return;
        }
        if (!caller.isUser() || device.user() != null || !caller.principalId().equals(device.creatorId())) {
            throw notAuthorized(caller, account, action, device.serial());
        }
    }

    /** UserName when given, else the caller (IAM's convention for self-service calls). */
    private static String targetUser(Map<String, String> params, Caller caller, Account account, String action)
            throws AwsError {
        String name = params.get("UserName");
        if (name == null) {
            if (caller.isUser()) {
                return caller.principal();
            }
            if (caller.isRoot()) {
                return null;
            }
            throw notAuthorized(caller, account, action, StsActions.callerArn(caller, account));
        }
        validateName("userName", name, 64);
        return name;
    }

    private static Account.User existingUser(Account account, String name) throws AwsError {
        Account.User user = account.users().get(name);
        if (user == null) {
            throw AwsError.noSuchEntity("The user with name " + name + " cannot be found.");
        }
        return user;
    }

    private static void validateName(String member, String value, int max) throws AwsError {
        Constraints c = new Constraints();
        c.string(member, value, 1, max, NAME);
        c.check();
    }

    private static String path(Map<String, String> params) throws AwsError {
        String path = params.getOrDefault("Path", "/");
        Constraints c = new Constraints();
        c.string("path", path, 1, 512, PATH);
        c.check();
        return path;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- users ----

    private static String userXml(String element, Account.User user, Account account) {
        return new XmlResponse().open(element).element("Path", user.path()).element("UserName", user.name())
                .element("UserId", user.userId()).element("Arn", account.userArn(user.name()))
                .element("CreateDate", user.created()).close(element).body();
    }

    private String createUser(Map<String, String> params, Caller caller, Account account) throws AwsError, IOException {
        String name = required(params, "UserName");
        validateName("userName", name, 64);
        String path = path(params);
        requireRoot(caller, account, "CreateUser", Arns.user(account.accountId(), path, name));
        Account.User user = new Account.User(name, ids.id("AIDA"), path, now(), 0, null);
        return store.mutate(current -> {
            if (current.users().containsKey(name)) {
                throw new AwsError("EntityAlreadyExists", 409, "User with name " + name + " already exists.");
            }
            Account next = current.withUser(user);
            return StateStore.Changed.to(next, userXml("User", user, next));
        });
    }

    private String getUser(Map<String, String> params, Caller caller, Account account) throws AwsError {
        String name = targetUser(params, caller, account, "GetUser");
        if (name == null) {
            // Root without UserName: IAM describes the account's root user.
            return new XmlResponse().open("User").element("UserId", account.accountId()).element("Arn", account.rootArn())
                    .element("CreateDate", account.created()).close("User").body();
        }
        requireSelfOrRoot(caller, account, "GetUser", name);
        return userXml("User", existingUser(account, name), account);
    }

    private String listUsers(Caller caller, Account account) throws AwsError {
        requireRoot(caller, account, "ListUsers", Arns.users(account.accountId()));
        XmlResponse xml = new XmlResponse().open("Users");
        for (Account.User user : account.users().values()) {
            xml.raw(userXml("member", user, account));
        }
        return xml.close("Users").element("IsTruncated", false).body();
    }

    private void deleteUser(Map<String, String> params, Caller caller, Account account) throws AwsError, IOException {
        String name = required(params, "UserName");
        requireRoot(caller, account, "DeleteUser", account.userArn(name));
        store.mutate(current -> {
            existingUser(current, name);
            if (current.keyCount(name) > 0) {
                throw new AwsError("DeleteConflict", 409, "Cannot delete entity, must delete access keys first.");
            }
            for (Account.MfaDevice device : current.mfaDevices().values()) {
                if (name.equals(device.user())) {
                    throw new AwsError("DeleteConflict", 409, "Cannot delete entity, must remove MFA device first.");
                }
            }
            return StateStore.Changed.to(current.withoutUser(name), null);
        });
    }

    // ---- access keys ----

    private String createAccessKey(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = targetUser(params, caller, account, "CreateAccessKey");
        if (name == null) {
            throw new AwsError("ValidationError", 400, "Creating root access keys through this emulator is not supported; "
                    + "pass UserName");
        }
        requireSelfOrRoot(caller, account, "CreateAccessKey", name);
        Account.AccessKey key = new Account.AccessKey(ids.id("AKIA"), ids.secret(), name, true, now());
        store.mutate(current -> {
            existingUser(current, name);
            if (current.keyCount(name) >= KEYS_PER_USER) {
                throw new AwsError("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: " + KEYS_PER_USER);
            }
            return StateStore.Changed.to(current.withKey(key), null);
        });
        return new XmlResponse().open("AccessKey").element("UserName", name).element("AccessKeyId", key.id())
                .element("Status", "Active").element("SecretAccessKey", key.secret()).element("CreateDate", key.created())
                .close("AccessKey").body();
    }

    private String listAccessKeys(Map<String, String> params, Caller caller, Account account) throws AwsError {
        String name = targetUser(params, caller, account, "ListAccessKeys");
        if (name != null) {
            requireSelfOrRoot(caller, account, "ListAccessKeys", name);
            existingUser(account, name);
        }
        XmlResponse xml = new XmlResponse();
        if (name != null) {
            xml.element("UserName", name);
        }
        xml.open("AccessKeyMetadata");
        for (Account.AccessKey key : account.accessKeys().values()) {
            if (name == null ? key.owner() == null : name.equals(key.owner())) {
                xml.open("member").element("UserName", key.owner()).element("AccessKeyId", key.id())
                        .element("Status", key.active() ? "Active" : "Inactive").element("CreateDate", key.created())
                        .close("member");
            }
        }
        return xml.close("AccessKeyMetadata").element("IsTruncated", false).body();
    }

    private static Account.AccessKey ownedKey(Account account, String keyId, String userName) throws AwsError {
        Account.AccessKey key = account.accessKeys().get(keyId);
        boolean matches = key != null && (userName == null ? key.owner() == null : userName.equals(key.owner()));
        if (!matches) {
            throw AwsError.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        return key;
    }

    private void updateAccessKey(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String keyId = required(params, "AccessKeyId");
        String status = required(params, "Status");
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw AwsError.validation("1 validation error detected: Value '" + status
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        String name = targetUser(params, caller, account, "UpdateAccessKey");
        if (name != null) {
            requireSelfOrRoot(caller, account, "UpdateAccessKey", name);
        }
        store.mutate(current -> StateStore.Changed.to(
                current.withKey(ownedKey(current, keyId, name).withActive(status.equals("Active"))), null));
    }

    private void deleteAccessKey(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String keyId = required(params, "AccessKeyId");
        String name = targetUser(params, caller, account, "DeleteAccessKey");
        if (name != null) {
            requireSelfOrRoot(caller, account, "DeleteAccessKey", name);
        }
        store.mutate(current -> {
            Account.AccessKey key = ownedKey(current, keyId, name);
            if (key.owner() == null && current.keyCount(null) == 1) {
                throw new AwsError("DeleteConflict", 409, "The emulator keeps at least one root access key.");
            }
            return StateStore.Changed.to(current.withoutKey(keyId), null);
        });
    }

    // ---- MFA devices ----

    private String createVirtualMfaDevice(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = required(params, "VirtualMFADeviceName");
        validateName("virtualMFADeviceName", name, 226);
        String path = path(params);
        String serial = Arns.mfa(account.accountId(), path, name);
        if (caller.isRole()) {
            throw notAuthorized(caller, account, "CreateVirtualMFADevice", serial);
        }
        Account.MfaDevice device = new Account.MfaDevice(serial, Base32.encode(ids.bytes(40)), null, false, now(), null,
                -1, caller.isUser() ? caller.principalId() : null);
        store.mutate(current -> {
            if (current.mfaDevices().containsKey(serial)) {
                throw new AwsError("EntityAlreadyExists", 409, "MFADevice entity at the same path and name already exists.");
            }
            return StateStore.Changed.to(current.withDevice(device), null);
        });
        // Both members are blobs in IAM's model, so they travel base64-encoded; the seed blob is the
        // base32 text itself, which is what `aws iam create-virtual-mfa-device --outfile` writes.
        String uri = "otpauth://totp/" + PercentEncoding.encode(name + "@" + account.accountId()) + "?secret="
                + device.seed();
        return new XmlResponse().open("VirtualMFADevice").element("SerialNumber", serial)
                .element("Base32StringSeed", Base64.getEncoder().encodeToString(device.seed().getBytes(StandardCharsets.US_ASCII)))
                .element("QRCodePNG", Base64.getEncoder().encodeToString(qr.png(uri)))
                .close("VirtualMFADevice").body();
    }

    private void enableMfaDevice(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = required(params, "UserName");
        String serial = required(params, "SerialNumber");
        String code1 = required(params, "AuthenticationCode1");
        String code2 = required(params, "AuthenticationCode2");
        Constraints c = new Constraints();
        c.string("userName", name, 1, 128, NAME);
        c.string("serialNumber", serial, 9, 256, StsActions.SERIAL);
        c.string("authenticationCode1", code1, 6, 6, CODE);
        c.string("authenticationCode2", code2, 6, 6, CODE);
        c.check();
        requireSelfOrRoot(caller, account, "EnableMFADevice", name);
        store.mutate(current -> {
            existingUser(current, name);
            Account.MfaDevice device = current.mfaDevices().get(serial);
            if (device == null) {
                throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
            }
            if (device.enabled() || device.user() != null) {
                throw new AwsError("EntityAlreadyExists", 409, "MFA Device is already in use.");
            }
            requireDeviceCreator(caller, current, "EnableMFADevice", device);
            if (current.deviceOf(name) != null) {
                throw new AwsError("LimitExceeded", 409, "Cannot exceed quota for MFADevicesPerUser: 1");
            }
            // Two consecutive codes prove the device's clock and seed; the later may be one step ahead.
            byte[] seed = Base32.decode(device.seed());
            long step2 = Totp.matchingStep(seed, code2, clock.instant(), 1);
            boolean consecutive = step2 >= 0 && Totp.code(seed, step2 - 1).equals(code1);
            if (!consecutive) {
                throw new AwsError("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.");
            }
            // The enabling codes cannot be replayed against STS.
            return StateStore.Changed.to(current.withDevice(device.enabledFor(name, now(), step2)), null);
        });
    }

    private void deactivateMfaDevice(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String serial = required(params, "SerialNumber");
        String name = targetUser(params, caller, account, "DeactivateMFADevice");
        if (name == null) {
            throw AwsError.missingParameter("UserName");
        }
        requireSelfOrRoot(caller, account, "DeactivateMFADevice", name);
        store.mutate(current -> {
            Account.MfaDevice device = current.mfaDevices().get(serial);
            if (device == null || !name.equals(device.user())) {
                throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
            }
            return StateStore.Changed.to(current.withDevice(device.deactivated()), null);
        });
    }

    private String listMfaDevices(Map<String, String> params, Caller caller, Account account) throws AwsError {
        String name = targetUser(params, caller, account, "ListMFADevices");
        XmlResponse xml = new XmlResponse().open("MFADevices");
        if (name != null) {
            requireSelfOrRoot(caller, account, "ListMFADevices", name);
            existingUser(account, name);
            for (Account.MfaDevice device : account.mfaDevices().values()) {
                if (name.equals(device.user()) && device.enabled()) {
                    xml.open("member").element("UserName", name).element("SerialNumber", device.serial())
                            .element("EnableDate", device.enabledAt()).close("member");
                }
            }
        }
        return xml.close("MFADevices").element("IsTruncated", false).body();
    }

    private String listVirtualMfaDevices(Map<String, String> params, Caller caller, Account account) throws AwsError {
        requireRoot(caller, account, "ListVirtualMFADevices", Arns.mfaDevices(account.accountId()));
        String status = params.getOrDefault("AssignmentStatus", "Any");
        XmlResponse xml = new XmlResponse().open("VirtualMFADevices");
        for (Account.MfaDevice device : account.mfaDevices().values()) {
            boolean assigned = device.user() != null;
            if (status.equals("Any") || (status.equals("Assigned") == assigned)) {
                xml.open("member").element("SerialNumber", device.serial());
                if (assigned) {
                    xml.element("EnableDate", device.enabledAt());
                    Account.User user = account.users().get(device.user());
                    if (user != null) {
                        xml.raw(userXml("User", user, account));
                    }
                }
                xml.close("member");
            }
        }
        return xml.close("VirtualMFADevices").element("IsTruncated", false).body();
    }

    private void deleteVirtualMfaDevice(Map<String, String> params, Caller caller, Account account)
            throws AwsError, IOException {
        String serial = required(params, "SerialNumber");
        store.mutate(current -> {
            Account.MfaDevice device = current.mfaDevices().get(serial);
            if (device == null) {
                throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
            }
            requireDeviceCreator(caller, current, "DeleteVirtualMFADevice", device);
            if (device.user() != null) {
                throw new AwsError("DeleteConflict", 409, "MFA Device is still in use.");
            }
            return StateStore.Changed.to(current.withoutDevice(serial), null);
        });
    }

    // ---- roles ----

    private static String roleXml(Account.Role role, Account account) {
        return new XmlResponse().open("Role").element("Path", role.path()).element("RoleName", role.name())
                .element("RoleId", role.roleId()).element("Arn", account.roleArn(role))
                .element("CreateDate", role.created())
                // IAM returns policy documents URL-encoded; the CLI and SDKs decode them.
                .element("AssumeRolePolicyDocument", role.assumeRolePolicyDocument() == null ? null
                        : PercentEncoding.encode(role.assumeRolePolicyDocument()))
                .element("Description", role.description())
                .element("MaxSessionDuration", role.maxSessionDuration()).close("Role").body();
    }

    private String createRole(Map<String, String> params, Caller caller, Account account) throws AwsError, IOException {
        String name = required(params, "RoleName");
        String document = required(params, "AssumeRolePolicyDocument");
        validateName("roleName", name, 64);
        String path = path(params);
        String description = params.get("Description");
        Constraints c = new Constraints();
        Integer max = c.integer("maxSessionDuration", params.get("MaxSessionDuration"), 3600, 43200);
        c.string("assumeRolePolicyDocument", document, 1, 131072, null);
        c.string("description", description, 0, 1000, DESCRIPTION);
        c.check();
        requireRoot(caller, account, "CreateRole", Arns.role(account.accountId(), path, name));
        Account.Role role = new Account.Role(name, ids.id("AROA"), path, max == null ? 3600 : max, document,
                description, now());
        return store.mutate(current -> {
            if (current.roles().containsKey(name)) {
                throw new AwsError("EntityAlreadyExists", 409, "Role with name " + name + " already exists.");
            }
            Account next = current.withRole(role);
            return StateStore.Changed.to(next, roleXml(role, next));
        });
    }

    private String getRole(Map<String, String> params, Caller caller, Account account) throws AwsError {
        String name = required(params, "RoleName");
        Account.Role role = account.roles().get(name);
        if (caller.isUser() || (caller.isRole() && !name.equals(caller.principal()))) {
            throw notAuthorized(caller, account, "GetRole", Arns.role(account.accountId(), "/", name));
        }
        if (role == null) {
            throw AwsError.noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return roleXml(role, account);
    }

    private void deleteRole(Map<String, String> params, Caller caller, Account account) throws AwsError, IOException {
        String name = required(params, "RoleName");
        requireRoot(caller, account, "DeleteRole", Arns.role(account.accountId(), "/", name));
        store.mutate(current -> {
            if (!current.roles().containsKey(name)) {
                throw AwsError.noSuchEntity("The role with name " + name + " cannot be found.");
            }
            return StateStore.Changed.to(current.withoutRole(name), null);
        });
    }

    // ---- helpers ----

    private static String required(Map<String, String> params, String name) throws AwsError {
        String value = params.get(name);
        if (value == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + Character.toLowerCase(name.charAt(0))
                    + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }
}
