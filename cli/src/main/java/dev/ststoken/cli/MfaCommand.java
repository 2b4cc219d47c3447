package dev.ststoken.cli;

import dev.ststoken.config.Profile;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.Validation;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.IamClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code mfa}: a virtual MFA device for the profile's user, enrolled without the console. The seed
 * is shown only when asked for, and only on the terminal; the QR code goes to the terminal or to a
 * private PNG file. Creating, enabling and listing a device work with the key alone (AWS's
 * self-management policy allows them without MFA, so a new user can enrol); removing one takes an
 * MFA session.
 */
final class MfaCommand {
    static final List<Option> ENROLL_OPTIONS =
            List.of(Option.PROFILE, Option.DEVICE_NAME, Option.QR_PNG, Option.SHOW_SEED, Option.HELP);
    static final List<Option> LIST_OPTIONS = List.of(Option.PROFILE, Option.HELP);
    static final List<Option> REMOVE_OPTIONS =
            List.of(Option.PROFILE, Option.MFA_SERIAL, Option.MFA_TOKEN, Option.MFA_PROCESS, Option.HELP);

    static String help() {
        return table(null).help();
    }

    /** The sub-commands; {@code command} null only for the help text. */
    private static SubCommands table(MfaCommand command) {
        return new SubCommands(
                "mfa",
                "A virtual MFA device for the profile's user, enrolled without the console.",
                "",
                List.of(
                        new SubCommands.Sub(
                                "enroll",
                                ENROLL_OPTIONS,
                                true,
                                "creates a virtual MFA device (CreateVirtualMFADevice), shows its QR code on the "
                                        + "terminal (or writes it to FILE, 0600), asks for two consecutive codes, "
                                        + "enables it (EnableMFADevice) and writes mfa_serial into the profile",
                                command == null ? null : command::enroll),
                        new SubCommands.Sub(
                                "list",
                                LIST_OPTIONS,
                                true,
                                "the user's MFA devices",
                                command == null ? null : command::list),
                        new SubCommands.Sub(
                                "remove",
                                REMOVE_OPTIONS,
                                true,
                                "deactivates and deletes the device (default: the profile's mfa_serial), with an "
                                        + "MFA session, and removes mfa_serial from the profile; exit 1 when IAM "
                                        + "refuses the deletion",
                                command == null ? null : command::remove)));
    }

    private final CommandContext context;
    private final Terminal terminal;

    MfaCommand(CommandContext context, Terminal terminal) {
        this.context = context;
        this.terminal = terminal;
    }

    int run(List<String> args) throws UsageException, ConfigException, StsException, IOException {
        return table(this).run(args, context.out());
    }

    private int enroll(CommandLine line) throws ConfigException, StsException, IOException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        access.userProfile();
        ResolvedSettings settings = access.settings(null, null);
        AwsCredentials key = settings.credentials();
        IamClient iam = access.iam(settings);
        String user = iam.userName(key);
        String deviceName = line.has(Option.DEVICE_NAME) ? line.text(Option.DEVICE_NAME) : user;
        IamClient.VirtualMfaDevice device;
        try {
            device = iam.createVirtualMfaDevice(key, deviceName);
        } catch (StsServiceException e) {
            if (e.code().equals("EntityAlreadyExists")) {
                throw new ConfigException(
                        "a virtual MFA device named '" + deviceName + "' already exists (perhaps left "
                                + "from an earlier enrolment); choose another name with --device-name");
            }
            throw e;
        }
        try {
            show(device, line);
            String first = code("First code from the app: ");
            String second = code("Next code (wait until it changes): ");
            iam.enableMfaDevice(key, user, device.serialNumber(), first, second);
        } catch (ConfigException | StsException | IOException | RuntimeException e) {
            // An unenabled device would block the name; nothing else refers to it yet.
            try {
                iam.deleteVirtualMfaDevice(key, device.serialNumber());
            } catch (StsException cleanup) {
                context.note("warning: could not delete the unused device " + device.serialNumber());
            }
            throw e;
        }
        access.setInConfig("mfa_serial", device.serialNumber());
        context.out()
                .println("enabled MFA device " + device.serialNumber() + " for user " + user + "; profile "
                        + access.name() + " has mfa_serial = " + device.serialNumber());
        return ExitCode.OK;
    }

    private void show(IamClient.VirtualMfaDevice device, CommandLine line) throws ConfigException, IOException {
        if (line.has(Option.QR_PNG)) {
            if (device.qrCodePng() == null) {
                throw new ConfigException("IAM returned no QR code; use --show-seed to type the seed into the app");
            }
            Path file = Path.of(line.text(Option.QR_PNG)).toAbsolutePath();
            writePrivate(file, device.qrCodePng());
            terminal.show("QR code written to " + file + " (it holds the device's secret: delete it once scanned)\n");
        } else {
            if (device.base32Seed() == null) {
                terminal.show("IAM returned no seed; use --qr-png FILE to get its QR code as an image.\n");
            } else {
                terminal.show("Scan this with your authenticator app:\n"
                        + QrTerminal.render(
                                QrTerminal.modules(QrTerminal.otpauthUri(device.serialNumber(), device.base32Seed()))));
            }
        }
        if (line.has(Option.SHOW_SEED)) {
            terminal.show("Secret seed (base32): " + device.base32Seed() + "\n");
        }
    }

    /** The PNG holds the seed: written like any other secret, 0600 from the start, then renamed into place. */
    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Path temp = java.nio.file.Files.createTempFile(
                file.getParent(),
                "." + file.getFileName() + ".",
                ".tmp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try {
            java.nio.file.Files.write(temp, bytes);
            java.nio.file.Files.move(
                    temp,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
    }

    private String code(String prompt) throws ConfigException {
        for (int attempt = 0; attempt < 3; attempt++) {
            String code = Validation.withoutSpaces(terminal.readLine(prompt));
            if (Validation.isTokenCode(code)) {
                return code;
            }
            terminal.show("An MFA code is six digits.\n");
        }
        throw new ConfigException("no valid MFA code after 3 attempts; the device was not enabled");
    }

    private int list(CommandLine line) throws ConfigException, StsException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        access.userProfile();
        ResolvedSettings settings = access.settings(null, null);
        String row = "%-64s %-20s %s%n";
        context.out().printf(row, "SERIAL", "USER", "ENABLED");
        for (IamClient.MfaDeviceInfo device : access.iam(settings).listMfaDevices(settings.credentials())) {
            context.out().printf(row, device.serialNumber(), device.userName(), device.enableDate());
        }
        return ExitCode.OK;
    }

    private int remove(CommandLine line) throws ConfigException, StsException, IOException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        Profile profile = access.userProfile();
        String serial = line.has(Option.MFA_SERIAL) ? line.text(Option.MFA_SERIAL) : profile.get("mfa_serial");
        if (serial == null) {
            throw new ConfigException("profile '" + access.name() + "' has no mfa_serial: name the device with "
                    + "--mfa-serial-number (see " + Cli.NAME + " mfa list --profile " + access.name() + ")");
        }
        serial = Validation.checkSerial(serial);
        ResolvedSettings settings = access.settings(null, line);
        IamClient iam = access.iam(settings);
        AwsCredentials caller = access.iamCaller(settings);
        String user = iam.userName(caller);
        iam.deactivateMfaDevice(caller, user, serial);
        StsServiceException refused = null;
        try {
            iam.deleteVirtualMfaDevice(caller, serial);
        } catch (StsServiceException e) {
            if (e.code().equals("AccessDenied")) {
                refused = e;
            } else if (!e.code().equals("NoSuchEntity")) {
                throw e;
            }
        }
        // The device is deactivated either way: the profile's mfa_serial and the sessions made with it are
        // of no use any more.
        if (serial.equals(profile.get("mfa_serial"))) {
            access.removeFromConfig("mfa_serial");
        }
        int sessions = context.sessions().sessionCache().clear(access.name());
        String cleared = sessions == 0 ? "" : "; removed " + sessions + " cached session(s)";
        if (refused != null) {
            // Not a success: the device still exists (a stale entry in mfa list, its name taken), so a
            // script must not go on as if it were gone.
            context.note("deactivated MFA device " + serial + " of user " + user + ", but IAM refused to delete it ("
                    + refused.code() + ": " + refused.awsMessage() + "); the device still exists: delete it with "
                    + "aws iam delete-virtual-mfa-device --serial-number " + serial + " as someone allowed to"
                    + cleared);
            return ExitCode.REFUSED;
        }
        context.out().println("deactivated and deleted MFA device " + serial + " of user " + user + cleared);
        return ExitCode.OK;
    }
}
