package dev.ststoken.cli;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.emulator.sso.Directory;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sso-admin}: the emulator's Identity Center directory, changed in its state dir as {@code serve}
 * keeps it (under the dir's locks, so a running {@code serve} sees the change at its next request).
 * A password is read from stdin, never from the command line; a new user's TOTP seed is written
 * beside the demo's, 0600.
 */
final class SsoAdminCommand {
    static final List<Option> ADD_USER_OPTIONS = List.of(Option.SSO_USER, Option.STATE_DIR, Option.HELP);
    static final List<Option> PUT_SET_OPTIONS = List.of(
            Option.PERMISSION_SET, Option.POLICY_FILE, Option.MANAGED_POLICY_ARNS, Option.STATE_DIR, Option.HELP);
    static final List<Option> ASSIGN_OPTIONS =
            List.of(Option.SSO_USER, Option.PERMISSION_SET, Option.STATE_DIR, Option.HELP);
    static final List<Option> LIST_OPTIONS = List.of(Option.STATE_DIR, Option.HELP);

    static String help() {
        return table(null).help();
    }

    private static SubCommands table(SsoAdminCommand command) {
        return new SubCommands(
                "sso-admin",
                "The local emulator's IAM Identity Center: users who sign in with a password and a TOTP\n"
                        + "code, permission sets, and assignments. An assigned set becomes the role\n"
                        + "AWSReservedSSO_<set>_<16 hex> in the emulated account. The first serve makes the\n"
                        + "user sso-demo (password in STATE_DIR/sso-demo-password.txt, TOTP seed in\n"
                        + "STATE_DIR/sso-demo-mfa-seed.txt) with the permission set Demo.",
                "",
                List.of(
                        new SubCommands.Sub(
                                "add-user",
                                ADD_USER_OPTIONS,
                                false,
                                "makes a user with the password read from stdin (one line, 8 to 128 "
                                        + "characters) and a new TOTP device, whose seed goes to "
                                        + "STATE_DIR/sso-NAME-mfa-seed.txt (0600)",
                                command == null ? null : command::addUser),
                        new SubCommands.Sub(
                                "put-permission-set",
                                PUT_SET_OPTIONS,
                                false,
                                "makes or changes a permission set (its role follows when assigned)",
                                command == null ? null : command::putSet),
                        new SubCommands.Sub(
                                "assign",
                                ASSIGN_OPTIONS,
                                false,
                                "assigns the set to the user in the emulated account, making its role",
                                command == null ? null : command::assign),
                        new SubCommands.Sub(
                                "list",
                                LIST_OPTIONS,
                                false,
                                "users, permission sets with their roles, and assignments",
                                command == null ? null : command::list)));
    }

    private final CommandContext context;

    SsoAdminCommand(CommandContext context) {
        this.context = context;
    }

    int run(List<String> args) throws UsageException, ConfigException, dev.ststoken.errors.StsException, IOException {
        return table(this).run(args, context.out());
    }

    private int addUser(CommandLine line) throws UsageException, ConfigException, IOException {
        String name = required(line, Option.SSO_USER);
        Path dir = stateDir(line);
        String password = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            throw new UsageException(
                    "sso-admin add-user reads the user's password from stdin (one line); none was given");
        }
        Path seedFile = dir.resolve("sso-" + name + "-mfa-seed.txt");
        return withDirectory(dir, directory -> {
            String seed = directory.createUser(name, password);
            AtomicFiles.write(seedFile, seed + "\n");
            context.out().println("user " + name + "; TOTP seed in " + seedFile + " (oathtool --totp -b SEED)");
        });
    }

    private int putSet(CommandLine line) throws UsageException, ConfigException, IOException {
        String name = required(line, Option.PERMISSION_SET);
        String policy = null;
        String file = line.text(Option.POLICY_FILE);
        if (file != null) {
            try {
                policy = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageException("--policy-file " + file + ": no such file");
            }
        }
        String arns = line.text(Option.MANAGED_POLICY_ARNS);
        List<String> managed = arns == null ? List.of() : Arrays.asList(arns.split(","));
        if (policy == null && managed.isEmpty()) {
            throw new UsageException("sso-admin put-permission-set needs --policy-file or --managed-policy-arns");
        }
        String inline = policy;
        return withDirectory(stateDir(line), directory -> {
            directory.putPermissionSet(name, inline, managed, 3600);
            context.out().println("permission set " + name);
        });
    }

    private int assign(CommandLine line) throws UsageException, ConfigException, IOException {
        String user = required(line, Option.SSO_USER);
        String set = required(line, Option.PERMISSION_SET);
        return withDirectory(stateDir(line), directory -> {
            directory.assign(user, set);
            context.out().println("assigned " + set + " to " + user);
        });
    }

    private int list(CommandLine line) throws UsageException, ConfigException, IOException {
        return withDirectory(stateDir(line), directory -> directory.describe().forEach(context.out()::println));
    }

    private interface Work {
        void run(Directory directory) throws IOException;
    }

    /** The directory of the state dir, through an emulator that is not serving anyone (loopback, port 0). */
    private int withDirectory(Path dir, Work work) throws UsageException, ConfigException, IOException {
        try (Emulator emulator = Emulator.start(EmulatorConfig.forTests(dir).withClock(context.clock()))) {
            work.run(emulator.identityCenter().directory());
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (EmulatorStateException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private Path stateDir(CommandLine line) throws ConfigException, IOException {
        String given = line.text(Option.STATE_DIR);
        Path dir = given == null ? LocalEmulator.defaultStateDir(context.env(), context.home()) : Path.of(given);
        LocalEmulator.checkStateDir(dir);
        return dir;
    }

    private static String required(CommandLine line, Option option) throws UsageException {
        String value = line.text(option);
        if (value == null) {
            throw new UsageException("this sso-admin command needs " + option.primary());
        }
        return value;
    }
}
