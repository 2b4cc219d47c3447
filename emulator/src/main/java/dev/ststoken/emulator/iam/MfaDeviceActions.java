package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.policy.Authorization;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.Arns;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.MfaDevice;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import dev.ststoken.emulator.sts.StsActions;
import dev.ststoken.internal.PercentEncoding;
import dev.ststoken.internal.QrCode;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/** Virtual MFA devices: created with a seed and a QR code, enabled with two consecutive codes. */
final class MfaDeviceActions {
    private final StateStore store;
    private final Ids ids;
    private final Clock clock;
    private final QrCode.Renderer qr = new QrCode.Renderer();

    MfaDeviceActions(StateStore store, Ids ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateVirtualMFADevice", this::createVirtualMfaDevice);
        table.put("EnableMFADevice", this::enableMfaDevice);
        table.put("DeactivateMFADevice", this::deactivateMfaDevice);
        table.put("ListMFADevices", this::listMfaDevices);
        table.put("ListVirtualMFADevices", this::listVirtualMfaDevices);
        table.put("DeleteVirtualMFADevice", this::deleteVirtualMfaDevice);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private String createVirtualMfaDevice(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String name = params.requiredName("VirtualMFADeviceName", 226);
        String path = params.path();
        String serial = Arns.mfa(account.accountId(), path, name);
        if (caller.enforced()) {
            Authorization.require(caller, account, "iam:CreateVirtualMFADevice", serial);
        } else if (caller.isRole()) {
            throw IamAuthorizer.notAuthorized(caller, account, "CreateVirtualMFADevice", serial);
        }
        MfaDevice device = MfaDevice.created(
                serial, Base32.encode(ids.bytes(40)), now(), caller.isUser() ? caller.principalId() : null);
        store.mutate(current -> {
            if (current.mfaDevices().containsKey(serial)) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error(
                        "MFADevice entity at the same path and name already exists.");
            }
            return StateStore.Changed.to(current.withDevice(device), null);
        });
        // Both members are blobs in IAM's model, so they travel base64-encoded; the seed blob is the
        // base32 text itself, which is what `aws iam create-virtual-mfa-device --outfile` writes.
        String uri = "otpauth://totp/" + PercentEncoding.encode(name + "@" + account.accountId()) + "?secret="
                + device.seed();
        return new XmlResponse()
                .open("VirtualMFADevice")
                .element("SerialNumber", serial)
                .element(
                        "Base32StringSeed",
                        Base64.getEncoder().encodeToString(device.seed().getBytes(StandardCharsets.US_ASCII)))
                .element("QRCodePNG", Base64.getEncoder().encodeToString(qr.png(uri)))
                .close("VirtualMFADevice")
                .body();
    }

    private String enableMfaDevice(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("UserName");
        String serial = params.required("SerialNumber");
        String code1 = params.required("AuthenticationCode1");
        String code2 = params.required("AuthenticationCode2");
        Constraints c = new Constraints();
        c.string("userName", name, 1, 128, IamParameters.NAME);
        c.string("serialNumber", serial, 9, 256, StsActions.SERIAL);
        c.string("authenticationCode1", code1, 6, 6, IamParameters.CODE);
        c.string("authenticationCode2", code2, 6, 6, IamParameters.CODE);
        c.check();
        IamAuthorizer.requireSelfOrRoot(caller, account, "EnableMFADevice", name);
        return store.mutate(current -> {
            UserActions.existingUser(current, name);
            MfaDevice device = current.mfaDevices().get(serial);
            if (device == null) {
                throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
            }
            if (device.enabled() || device.user() != null) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("MFA Device is already in use.");
            }
            if (!caller.enforced()) {
                // Enforced, the policies decided on the user, which is EnableMFADevice's resource in AWS.
                IamAuthorizer.requireDeviceCreator(caller, current, "EnableMFADevice", device);
            }
            if (current.deviceOf(name) != null) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error("Cannot exceed quota for MFADevicesPerUser: 1");
            }
            // Two consecutive codes prove the device's clock and seed; the later may be one step ahead.
            byte[] seed = Base32.decode(device.seed());
            long step2 = Totp.matchingStep(seed, code2, clock.instant(), 1);
            boolean consecutive = step2 >= 0 && Totp.code(seed, step2 - 1).equals(code1);
            if (!consecutive) {
                throw AwsErrorCode.INVALID_AUTHENTICATION_CODE.error();
            }
            // The enabling codes are spent: they cannot be replayed against STS.
            return StateStore.Changed.to(current.withDevice(device.enabledFor(name, now(), step2)), null);
        });
    }

    private String deactivateMfaDevice(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String serial = params.required("SerialNumber");
        String name = IamAuthorizer.targetUser(params, caller, account, "DeactivateMFADevice");
        if (name == null) {
            // Root has no MFA device of its own here, so it must say whose device it means.
            throw AwsError.missingParameter("UserName");
        }
        IamAuthorizer.requireSelfOrRoot(caller, account, "DeactivateMFADevice", name);
        return store.mutate(current -> {
            MfaDevice device = current.mfaDevices().get(serial);
            if (device == null || !name.equals(device.user())) {
                throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
            }
            return StateStore.Changed.to(current.withDevice(device.deactivated()), null);
        });
    }

    private String listMfaDevices(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = IamAuthorizer.targetUser(params, caller, account, "ListMFADevices");
        java.util.List<MfaDevice> devices = new java.util.ArrayList<>();
        if (name != null) {
            IamAuthorizer.requireSelfOrRoot(caller, account, "ListMFADevices", name);
            UserActions.existingUser(account, name);
            for (MfaDevice device : account.mfaDevices().values()) {
                if (name.equals(device.user()) && device.enabled()) {
                    devices.add(device);
                }
            }
        }
        Page<MfaDevice> page = Page.of(devices, params);
        XmlResponse xml = new XmlResponse().open("MFADevices");
        for (MfaDevice device : page.items()) {
            xml.open("member")
                    .element("UserName", name)
                    .element("SerialNumber", device.serial())
                    .element("EnableDate", device.enabledAt())
                    .close("member");
        }
        return page.close(xml.close("MFADevices")).body();
    }

    private String listVirtualMfaDevices(IamParameters params, Caller caller, Account account) throws AwsError {
        IamAuthorizer.requireRoot(caller, account, "ListVirtualMFADevices", Arns.mfaDevices(account.accountId()));
        String status = params.optional("AssignmentStatus", "Any");
        java.util.List<MfaDevice> devices = new java.util.ArrayList<>();
        for (MfaDevice device : account.mfaDevices().values()) {
            boolean assigned = device.user() != null;
            if (status.equals("Any") || (status.equals("Assigned") == assigned)) {
                devices.add(device);
            }
        }
        Page<MfaDevice> page = Page.of(devices, params);
        XmlResponse xml = new XmlResponse().open("VirtualMFADevices");
        for (MfaDevice device : page.items()) {
            xml.open("member").element("SerialNumber", device.serial());
            if (device.user() != null) {
                xml.element("EnableDate", device.enabledAt());
                User user = account.users().get(device.user());
                if (user != null) {
                    xml.raw(UserActions.userXml("User", user, account));
                }
            }
            xml.close("member");
        }
        return page.close(xml.close("VirtualMFADevices")).body();
    }

    private String deleteVirtualMfaDevice(IamParameters params, Caller caller, Account account)
            throws AwsError, IOException {
        String serial = params.required("SerialNumber");
        return store.mutate(current -> {
            MfaDevice device = current.mfaDevices().get(serial);
            if (device == null) {
                throw AwsError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
            }
            IamAuthorizer.requireDeviceCreator(caller, current, "DeleteVirtualMFADevice", device);
            if (device.user() != null) {
                throw AwsErrorCode.DELETE_CONFLICT.error("MFA Device is still in use.");
            }
            return StateStore.Changed.to(current.withoutDevice(serial), null);
        });
    }
}
