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
 * IAM's Query API (version 2010-05-08) as far as PRODUCT.md 6.3 asks: users, access keys, virtual
 * MFA devices and roles, with IAM's XML shapes so the real AWS CLI can drive them. No policy
 * engine: root may do everything, an IAM user may manage only its own keys and MFA devices.
 */
final class IamActions {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    private static final Pattern CODE = Pattern.compile("[\\d]+");
    private static final int KEYS_PER_USER = 2;

    private final EmulatorState state;
    private final Ids ids;
    private final Clock clock;
    private final QrCode.Renderer qr;

    IamActions(EmulatorState state, Ids ids, Clock clock) {
        this.state = state;
        this.ids = ids;
        this.clock = clock;
        this.qr = new QrCode.Renderer();
    }

    String handle(String action, Map<String, String> params, Caller caller, String requestId) throws AwsError {
        // Session credentials reach IAM only when MFA was presented for them (sts-protocol.md 2).
        if (caller.session() && !caller.mfa()) {
            throw AwsError.invalidClientTokenId();
        }
        String ns = XmlResponse.IAM_NS;
        try {
            switch (action) {
                case "CreateUser": return XmlResponse.success(ns, action, createUser(params, caller), requestId);
                case "GetUser": return XmlResponse.success(ns, action, getUser(params, caller), requestId);
                case "ListUsers": return XmlResponse.success(ns, action, listUsers(caller), requestId);
                case "DeleteUser": deleteUser(params, caller); break;
                case "CreateAccessKey": return XmlResponse.success(ns, action, createAccessKey(params, caller), requestId);
                case "ListAccessKeys": return XmlResponse.success(ns, action, listAccessKeys(params, caller), requestId);
                case "UpdateAccessKey": updateAccessKey(params, caller); break;
                case "DeleteAccessKey": deleteAccessKey(params, caller); break;
                case "CreateVirtualMFADevice":
                    return XmlResponse.success(ns, action, createVirtualMfaDevice(params, caller), requestId);
                case "EnableMFADevice": enableMfaDevice(params, caller); break;
                case "DeactivateMFADevice": deactivateMfaDevice(params, caller); break;
                case "ListMFADevices": return XmlResponse.success(ns, action, listMfaDevices(params, caller), requestId);
                case "ListVirtualMFADevices":
                    return XmlResponse.success(ns, action, listVirtualMfaDevices(params, caller), requestId);
                case "DeleteVirtualMFADevice": deleteVirtualMfaDevice(params, caller); break;
                case "CreateRole": return XmlResponse.success(ns, action, createRole(params, caller), requestId);
                case "GetRole": return XmlResponse.success(ns, action, getRole(params, caller), requestId);
                case "DeleteRole": deleteRole(params, caller); break;
                default:
                    throw new AwsError("InvalidAction", 400, "Could not find operation " + action + " for version 2010-05-08");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return XmlResponse.successNoResult(ns, action, requestId);
    }

    // ---- authorization ----

    private String callerArn(Caller caller) {
        if (caller.isRoot()) {
            return state.rootArn();
        }
        if (caller.isUser()) {
            return state.userArn(caller.principal());
        }
        return "arn:aws:sts::" + state.accountId + ":assumed-role/" + caller.principal() + "/" + caller.roleSessionName();
    }

    private AwsError notAuthorized(Caller caller, String action, String resource) {
        return AwsError.accessDenied("User: " + callerArn(caller) + " is not authorized to perform: iam:" + action
                + " on resource: " + resource + " because no identity-based policy allows the iam:" + action + " action");
    }

    /** Root may act on anyone; a user only on itself; role sessions not at all (there is no policy engine). */
    private void requireSelfOrRoot(Caller caller, String action, String userName) throws AwsError {
        if (caller.isRoot() || (caller.isUser() && caller.principal().equals(userName))) {
            return;
        }
        throw notAuthorized(caller, action, state.userArn(userName));
    }

    private void requireRoot(Caller caller, String action, String resource) throws AwsError {
        if (!caller.isRoot()) {
            throw notAuthorized(caller, action, resource);
        }
    }

    /** UserName when given, else the caller (IAM's convention for self-service calls). */
    private String targetUser(Map<String, String> params, Caller caller, String action) throws AwsError {
        String name = params.get("UserName");
        if (name == null) {
            if (caller.isUser()) {
                return caller.principal();
            }
            if (caller.isRoot()) {
                return null;
            }
            throw notAuthorized(caller, action, callerArn(caller));
        }
        validateName("userName", name, 64);
        return name;
    }

    private EmulatorState.User existingUser(EmulatorState s, String name) throws AwsError {
        EmulatorState.User user = s.users.get(name);
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

    private String userXml(String element, EmulatorState.User user) {
        return new XmlResponse().open(element).element("Path", user.path).element("UserName", user.name)
                .element("UserId", user.userId).element("Arn", state.userArn(user.name))
                .element("CreateDate", user.created).close(element).body();
    }

    private String createUser(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String name = required(params, "UserName");
        validateName("userName", name, 64);
        String path = path(params);
        requireRoot(caller, "CreateUser", "arn:aws:iam::" + state.accountId + ":user" + path + name);
        EmulatorState.User user = state.mutate(s -> {
            if (s.users.containsKey(name)) {
                throw new AwsError("EntityAlreadyExists", 409, "User with name " + name + " already exists.");
            }
            EmulatorState.User u = new EmulatorState.User();
            u.name = name;
            u.userId = ids.id("AIDA");
            u.path = path;
            u.created = now();
            s.users.put(name, u);
            return u;
        });
        return userXml("User", user);
    }

    private String getUser(Map<String, String> params, Caller caller) throws AwsError {
        String name = targetUser(params, caller, "GetUser");
        if (name == null) {
            // Root without UserName: IAM describes the account's root user.
            return new XmlResponse().open("User").element("UserId", state.accountId).element("Arn", state.rootArn())
                    .element("CreateDate", state.created).close("User").body();
        }
        requireSelfOrRoot(caller, "GetUser", name);
        return userXml("User", existingUser(state, name));
    }

    private String listUsers(Caller caller) throws AwsError {
        requireRoot(caller, "ListUsers", "arn:aws:iam::" + state.accountId + ":user/");
        XmlResponse xml = new XmlResponse().open("Users");
        for (EmulatorState.User user : state.users.values()) {
            xml.raw(userXml("member", user));
        }
        return xml.close("Users").element("IsTruncated", false).body();
    }

    private void deleteUser(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String name = required(params, "UserName");
        requireRoot(caller, "DeleteUser", state.userArn(name));
        state.mutate(s -> {
            existingUser(s, name);
            for (EmulatorState.AccessKey key : s.accessKeys.values()) {
                if (name.equals(key.owner)) {
                    throw new AwsError("DeleteConflict", 409, "Cannot delete entity, must delete access keys first.");
                }
            }
            for (EmulatorState.MfaDevice device : s.mfaDevices.values()) {
                if (name.equals(device.user)) {
                    throw new AwsError("DeleteConflict", 409, "Cannot delete entity, must remove MFA device first.");
                }
            }
            s.users.remove(name);
            return null;
        });
    }

    // ---- access keys ----

    private String createAccessKey(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String name = targetUser(params, caller, "CreateAccessKey");
        if (name == null) {
            throw new AwsError("ValidationError", 400, "Creating root access keys through this emulator is not supported; "
                    + "pass UserName");
        }
        requireSelfOrRoot(caller, "CreateAccessKey", name);
        EmulatorState.AccessKey key = state.mutate(s -> {
            existingUser(s, name);
            long count = s.accessKeys.values().stream().filter(k -> name.equals(k.owner)).count();
            if (count >= KEYS_PER_USER) {
                throw new AwsError("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: " + KEYS_PER_USER);
            }
            EmulatorState.AccessKey k = new EmulatorState.AccessKey();
            k.id = ids.id("AKIA");
            k.secret = ids.secret();
            k.owner = name;
            k.created = now();
            s.accessKeys.put(k.id, k);
            return k;
        });
        return new XmlResponse().open("AccessKey").element("UserName", name).element("AccessKeyId", key.id)
                .element("Status", "Active").element("SecretAccessKey", key.secret).element("CreateDate", key.created)
                .close("AccessKey").body();
    }

    private String listAccessKeys(Map<String, String> params, Caller caller) throws AwsError {
        String name = targetUser(params, caller, "ListAccessKeys");
        if (name != null) {
            requireSelfOrRoot(caller, "ListAccessKeys", name);
            existingUser(state, name);
        }
        XmlResponse xml = new XmlResponse();
        if (name != null) {
            xml.element("UserName", name);
        }
        xml.open("AccessKeyMetadata");
        for (EmulatorState.AccessKey key : state.accessKeys.values()) {
            if (name == null ? key.owner == null : name.equals(key.owner)) {
                xml.open("member").element("UserName", key.owner).element("AccessKeyId", key.id)
                        .element("Status", key.active ? "Active" : "Inactive").element("CreateDate", key.created)
                        .close("member");
            }
        }
        return xml.close("AccessKeyMetadata").element("IsTruncated", false).body();
    }

    private EmulatorState.AccessKey ownedKey(EmulatorState s, String keyId, String userName) throws AwsError {
        EmulatorState.AccessKey key = s.accessKeys.get(keyId);
        boolean matches = key != null && (userName == null ? key.owner == null : userName.equals(key.owner));
        if (!matches) {
            throw AwsError.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        return key;
    }

    private void updateAccessKey(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String keyId = required(params, "AccessKeyId");
        String status = required(params, "Status");
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw AwsError.validation("1 validation error detected: Value '" + status
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        String name = targetUser(params, caller, "UpdateAccessKey");
        if (name != null) {
            requireSelfOrRoot(caller, "UpdateAccessKey", name);
        }
        state.mutate(s -> {
            ownedKey(s, keyId, name).active = status.equals("Active");
            return null;
        });
    }

    private void deleteAccessKey(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String keyId = required(params, "AccessKeyId");
        String name = targetUser(params, caller, "DeleteAccessKey");
        if (name != null) {
            requireSelfOrRoot(caller, "DeleteAccessKey", name);
        }
        state.mutate(s -> {
            EmulatorState.AccessKey key = ownedKey(s, keyId, name);
            if (key.owner == null && s.accessKeys.values().stream().filter(k -> k.owner == null).count() == 1) {
                throw new AwsError("DeleteConflict", 409, "The emulator keeps at least one root access key.");
            }
            s.accessKeys.remove(keyId);
            return null;
        });
    }

    // ---- MFA devices ----

    private String createVirtualMfaDevice(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String name = required(params, "VirtualMFADeviceName");
        validateName("virtualMFADeviceName", name, 226);
        String path = path(params);
        if (caller.isRole()) {
            throw notAuthorized(caller, "CreateVirtualMFADevice", state.mfaSerial(name, path));
        }
        String serial = state.mfaSerial(name, path);
        EmulatorState.MfaDevice device = state.mutate(s -> {
            if (s.mfaDevices.containsKey(serial)) {
                throw new AwsError("EntityAlreadyExists", 409, "MFADevice entity at the same path and name already exists.");
            }
            EmulatorState.MfaDevice d = new EmulatorState.MfaDevice();
            d.serial = serial;
            d.seed = Base32.encode(ids.bytes(40));
            d.created = now();
            s.mfaDevices.put(serial, d);
            return d;
        });
        // Both members are blobs in IAM's model, so they travel base64-encoded; the seed blob is the
        // base32 text itself, which is what `aws iam create-virtual-mfa-device --outfile` writes.
        String uri = "otpauth://totp/" + PercentEncoding.encode(name + "@" + state.accountId) + "?secret=" + device.seed;
        return new XmlResponse().open("VirtualMFADevice").element("SerialNumber", serial)
                .element("Base32StringSeed", Base64.getEncoder().encodeToString(device.seed.getBytes(StandardCharsets.US_ASCII)))
                .element("QRCodePNG", Base64.getEncoder().encodeToString(qr.png(uri)))
                .close("VirtualMFADevice").body();
    }

    private void enableMfaDevice(Map<String, String> params, Caller caller) throws AwsError, IOException {
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
        requireSelfOrRoot(caller, "EnableMFADevice", name);
        state.mutate(s -> {
            existingUser(s, name);
            EmulatorState.MfaDevice device = s.mfaDevices.get(serial);
            if (device == null) {
                throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
            }
            if (device.enabled || device.user != null) {
                throw new AwsError("EntityAlreadyExists", 409, "MFA Device is already in use.");
            }
            if (s.deviceOf(name) != null) {
                throw new AwsError("LimitExceeded", 409, "Cannot exceed quota for MFADevicesPerUser: 1");
            }
            // Two consecutive codes prove the device's clock and seed; the later may be one step ahead.
            byte[] seed = Base32.decode(device.seed);
            long step2 = Totp.matchingStep(seed, code2, clock.instant(), 1);
            boolean consecutive = step2 >= 0 && Totp.code(seed, step2 - 1).equals(code1);
            if (!consecutive) {
                throw new AwsError("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.");
            }
            device.user = name;
            device.enabled = true;
            device.enabledAt = now();
            device.lastUsedStep = step2; // the enabling codes cannot be replayed against STS
            return null;
        });
    }

    private void deactivateMfaDevice(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String serial = required(params, "SerialNumber");
        String name = targetUser(params, caller, "DeactivateMFADevice");
        if (name == null) {
            throw new AwsError("MissingParameter", 400, "The request must contain the parameter UserName");
        }
        requireSelfOrRoot(caller, "DeactivateMFADevice", name);
        state.mutate(s -> {
            EmulatorState.MfaDevice device = s.mfaDevices.get(serial);
            if (device == null || !name.equals(device.user)) {
                throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
            }
            device.user = null;
            device.enabled = false;
            device.enabledAt = null;
            return null;
        });
    }

    private String listMfaDevices(Map<String, String> params, Caller caller) throws AwsError {
        String name = targetUser(params, caller, "ListMFADevices");
        XmlResponse xml = new XmlResponse().open("MFADevices");
        if (name != null) {
            requireSelfOrRoot(caller, "ListMFADevices", name);
            existingUser(state, name);
            for (EmulatorState.MfaDevice device : state.mfaDevices.values()) {
                if (name.equals(device.user) && device.enabled) {
                    xml.open("member").element("UserName", name).element("SerialNumber", device.serial)
                            .element("EnableDate", device.enabledAt).close("member");
                }
            }
        }
        return xml.close("MFADevices").element("IsTruncated", false).body();
    }

    private String listVirtualMfaDevices(Map<String, String> params, Caller caller) throws AwsError {
        requireRoot(caller, "ListVirtualMFADevices", "arn:aws:iam::" + state.accountId + ":mfa/");
        String status = params.getOrDefault("AssignmentStatus", "Any");
        XmlResponse xml = new XmlResponse().open("VirtualMFADevices");
        for (EmulatorState.MfaDevice device : state.mfaDevices.values()) {
            boolean assigned = device.user != null;
            if (status.equals("Any") || (status.equals("Assigned") == assigned)) {
                xml.open("member").element("SerialNumber", device.serial);
                if (assigned) {
                    xml.element("EnableDate", device.enabledAt);
                    EmulatorState.User user = state.users.get(device.user);
                    if (user != null) {
                        xml.raw(userXml("User", user));
                    }
                }
                xml.close("member");
            }
        }
        return xml.close("VirtualMFADevices").element("IsTruncated", false).body();
    }

    private void deleteVirtualMfaDevice(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String serial = required(params, "SerialNumber");
        state.mutate(s -> {
            EmulatorState.MfaDevice device = s.mfaDevices.get(serial);
            if (device == null) {
                throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
            }
            if (!caller.isRoot() && !(caller.isUser() && device.user == null)) {
                throw notAuthorized(caller, "DeleteVirtualMFADevice", serial);
            }
            if (device.user != null) {
                throw new AwsError("DeleteConflict", 409, "MFA Device is still in use.");
            }
            s.mfaDevices.remove(serial);
            return null;
        });
    }

    // ---- roles ----

    private String roleXml(EmulatorState.Role role) {
        return new XmlResponse().open("Role").element("Path", role.path).element("RoleName", role.name)
                .element("RoleId", role.roleId).element("Arn", state.roleArn(role)).element("CreateDate", role.created)
                // IAM returns policy documents URL-encoded; the CLI and SDKs decode them.
                .element("AssumeRolePolicyDocument", role.assumeRolePolicyDocument == null ? null
                        : PercentEncoding.encode(role.assumeRolePolicyDocument))
                .element("Description", role.description)
                .element("MaxSessionDuration", role.maxSessionDuration).close("Role").body();
    }

    private String createRole(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String name = required(params, "RoleName");
        String document = required(params, "AssumeRolePolicyDocument");
        validateName("roleName", name, 64);
        String path = path(params);
        Constraints c = new Constraints();
        Integer max = c.integer("maxSessionDuration", params.get("MaxSessionDuration"), 3600, 43200);
        c.string("assumeRolePolicyDocument", document, 1, 131072, null);
        c.check();
        requireRoot(caller, "CreateRole", "arn:aws:iam::" + state.accountId + ":role" + path + name);
        EmulatorState.Role role = state.mutate(s -> {
            if (s.roles.containsKey(name)) {
                throw new AwsError("EntityAlreadyExists", 409, "Role with name " + name + " already exists.");
            }
            EmulatorState.Role r = new EmulatorState.Role();
            r.name = name;
            r.roleId = ids.id("AROA");
            r.path = path;
            r.maxSessionDuration = max == null ? 3600 : max;
            r.assumeRolePolicyDocument = document;
            r.description = params.get("Description");
            r.created = now();
            s.roles.put(name, r);
            return r;
        });
        return roleXml(role);
    }

    private String getRole(Map<String, String> params, Caller caller) throws AwsError {
        String name = required(params, "RoleName");
        EmulatorState.Role role = state.roles.get(name);
        if (caller.isUser() || (caller.isRole() && !name.equals(caller.principal()))) {
            throw notAuthorized(caller, "GetRole", "arn:aws:iam::" + state.accountId + ":role/" + name);
        }
        if (role == null) {
            throw AwsError.noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return roleXml(role);
    }

    private void deleteRole(Map<String, String> params, Caller caller) throws AwsError, IOException {
        String name = required(params, "RoleName");
        requireRoot(caller, "DeleteRole", "arn:aws:iam::" + state.accountId + ":role/" + name);
        state.mutate(s -> {
            if (s.roles.remove(name) == null) {
                throw AwsError.noSuchEntity("The role with name " + name + " cannot be found.");
            }
            return null;
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
