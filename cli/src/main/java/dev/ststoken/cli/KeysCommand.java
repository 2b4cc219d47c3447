package dev.ststoken.cli;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.config.IniFile;
import dev.ststoken.config.Profile;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.Validation;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.internal.Json;
import dev.ststoken.keystore.CacheSealer;
import dev.ststoken.keystore.KeyRotation;
import dev.ststoken.keystore.KeyStore;
import dev.ststoken.keystore.KeyStores;
import dev.ststoken.keystore.StoredKey;
import dev.ststoken.sts.CallerIdentity;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code keys}: a profile's long-term key in a key store instead of the plaintext credentials file.
 * Secrets are read from the terminal only; the one command that prints a long-term key is
 * {@code keys credential-process}, for the tools that read the profile through credential_process.
 */
final class KeysCommand {
    static final List<Option> ADD_OPTIONS = List.of(Option.PROFILE, Option.KEY_STORE, Option.HELP);
    static final List<Option> IMPORT_OPTIONS = List.of(Option.PROFILE, Option.KEY_STORE, Option.HELP);
    static final List<Option> LIST_OPTIONS = List.of(Option.KEY_STORE, Option.HELP);
    static final List<Option> REMOVE_OPTIONS = List.of(Option.PROFILE, Option.FORCE, Option.HELP);
    static final List<Option> ROTATE_OPTIONS =
            List.of(Option.PROFILE, Option.MFA_TOKEN, Option.MFA_PROCESS, Option.HELP);
    static final List<Option> PROCESS_OPTIONS = List.of(Option.PROFILE, Option.HELP);
    /** What keys import writes into the profile, so tools that read only the shared files keep working. */
    static final String CREDENTIAL_PROCESS = Cli.NAME + " keys credential-process --profile ";

    /**
     * The credential_process line for a profile. Consumers run it through {@code sh -c} (the Java and
     * Go SDKs, ourselves) or split it with Python's {@code shlex.split} (botocore, so the AWS CLI and
     * boto3, on POSIX): a profile name such as {@code x;touch f} or {@code $(cmd)} written bare would run
     * {@code touch f}. A name of safe characters only is written as it is; any other is single-quoted,
     * each {@code '} written as {@code '\''}, which both sh and shlex read back as the one word.
     */
    static String credentialProcessLine(String profile) {
        return CREDENTIAL_PROCESS + shellWord(profile);
    }

    static String shellWord(String word) {
        boolean safe = !word.isEmpty();
        for (int i = 0; safe && i < word.length(); i++) {
            char c = word.charAt(i);
            safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "_-.,@%+=:/".indexOf(c) >= 0;
        }
        return safe ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    static String help() {
        return table(null).help();
    }

    /** The sub-commands; {@code command} null only for the help text. */
    private static SubCommands table(KeysCommand command) {
        return new SubCommands(
                "keys",
                "A profile's long-term access key in a key store instead of ~/.aws/credentials.\n" + "STORE: "
                        + String.join(", ", KeyStores.NAMES) + " (default: the profile's key_store).",
                "The file store asks for its passphrase on the terminal, or runs the profile's passphrase_process.",
                List.of(
                        new SubCommands.Sub(
                                "add",
                                ADD_OPTIONS,
                                true,
                                "asks for the key on the terminal, checks it (GetCallerIdentity), stores it and "
                                        + "writes key_store = STORE into the profile",
                                command == null ? null : command::add),
                        new SubCommands.Sub(
                                "import",
                                IMPORT_OPTIONS,
                                true,
                                "moves the profile's key from the credentials file into the store; the profile "
                                        + "gets credential_process = " + CREDENTIAL_PROCESS + "P for other tools",
                                command == null ? null : command::importKey),
                        new SubCommands.Sub(
                                "list",
                                LIST_OPTIONS,
                                false,
                                "the profiles with a stored key, and the key's id (never a secret); a store that "
                                        + "cannot be read is named on stderr, the others are listed, and the exit "
                                        + "code is 2",
                                command == null ? null : command::list),
                        new SubCommands.Sub(
                                "remove",
                                REMOVE_OPTIONS,
                                true,
                                "deletes the stored key and the profile's key_store line; the key stays active in "
                                        + "IAM and the store may hold its only copy, so it asks on the terminal first "
                                        + "(without a terminal, --force is needed)",
                                command == null ? null : command::remove),
                        new SubCommands.Sub(
                                "rotate",
                                ROTATE_OPTIONS,
                                true,
                                "creates a new key in IAM (with an MFA session when the profile has mfa_serial), "
                                        + "stores it, proves it works, then deletes the old one; safe to interrupt",
                                command == null ? null : command::rotate),
                        new SubCommands.Sub(
                                "credential-process",
                                PROCESS_OPTIONS,
                                true,
                                "prints the stored key as credential_process JSON (for the AWS CLI and SDKs; the "
                                        + "only command that prints a long-term key)",
                                command == null ? null : command::credentialProcess)));
    }

    private final CommandContext context;
    private final Terminal terminal;
    private final KeyRotation.Pause pause;
    private final long[] waits;

    KeysCommand(CommandContext context, Terminal terminal) {
        this(
                context,
                terminal,
                new KeyRotation.Pause() {
                    @Override
                    public void sleep(long millis) throws InterruptedException {
                        Thread.sleep(millis);
                    }
                },
                KeyRotation.DEFAULT_WAITS);
    }

    /** @param pause and waits: how rotation waits for a new key to work (tests pass no-op pauses) */
    KeysCommand(CommandContext context, Terminal terminal, KeyRotation.Pause pause, long[] waits) {
        this.context = context;
        this.terminal = terminal;
        this.pause = pause;
        this.waits = waits;
    }

    int run(List<String> args) throws UsageException, ConfigException, StsException, IOException {
        return table(this).run(args, context.out());
    }

    private KeyStore store(Profile profile, CommandLine line) throws ConfigException {
        String name = line.has(Option.KEY_STORE) ? line.text(Option.KEY_STORE) : profile.get("key_store");
        if (name == null) {
            throw new ConfigException("profile '" + profile.name() + "' has no key_store: choose one with --key-store ("
                    + String.join(", ", KeyStores.NAMES) + ")");
        }
        return KeyStores.open(
                name, context.env(), context.home(), profile.get("passphrase_process"), terminal.passphrases());
    }

    private StoredKey storedKey(KeyStore store, String profile) throws ConfigException {
        StoredKey key = store.readKey(profile);
        if (key == null) {
            throw new ConfigException("key store " + store.name() + " holds no key for profile '" + profile + "'");
        }
        return key;
    }

    private int add(CommandLine line) throws ConfigException, StsException, IOException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        Profile profile = access.userProfile();
        KeyStore store = store(profile, line);
        String keyId = terminal.readLine("Access key ID for profile " + access.name() + ": ")
                .strip();
        char[] secret = terminal.readSecret("Secret access key (not shown): ");
        AwsCredentials key;
        try {
            key = new AwsCredentials(keyId, new String(secret).strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("an access key ID and a secret access key are both needed");
        } finally {
            Arrays.fill(secret, '\0');
        }
        Validation.checkCredentialText("access key id", "the terminal", key.accessKeyId());
        Validation.checkCredentialText("secret access key", "the terminal", key.secretAccessKey());
        CallerIdentity identity = check(access, key);
        store.writeKey(access.name(), StoredKey.of(key));
        access.setInConfig("key_store", store.name());
        int plaintext = clearCachedSessions(access.name());
        context.out()
                .println("stored access key " + key.accessKeyId() + " (" + identity.arn() + ") in " + store.name()
                        + "; profile " + access.name() + " has key_store = " + store.name()
                        + (plaintext == 0 ? "" : "; removed " + plaintext + " plaintext cached session(s)"));
        if (profile.credentials() != null) {
            context.note("warning: the credentials file still holds a key for profile " + access.name() + ", which is "
                    + "used first; move it with: " + Cli.NAME + " keys import --profile " + access.name());
        }
        return ExitCode.OK;
    }

    /** GetCallerIdentity with the key, at the profile's endpoint: a mistyped key is never stored. */
    private CallerIdentity check(ProfileAccess access, AwsCredentials key) throws ConfigException, StsException {
        ResolvedSettings settings = access.settings(key, null);
        return access.sts(settings).getCallerIdentity(key);
    }

    private int importKey(CommandLine line) throws ConfigException, StsException, IOException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        Profile profile = access.userProfile();
        Map<String, String> section =
                IniFile.read(access.resolver().credentialsFile()).section(access.name());
        if (section == null
                || section.get("aws_access_key_id") == null
                || section.get("aws_secret_access_key") == null) {
            throw new ConfigException(
                    "the credentials file " + access.resolver().credentialsFile() + " has no key for " + "profile '"
                            + access.name() + "' to import");
        }
        if (section.get("aws_session_token") != null || section.get("aws_security_token") != null) {
            throw new ConfigException("profile '" + access.name() + "' in the credentials file holds a session, not a "
                    + "long-term key; only long-term keys are imported");
        }
        KeyStore store = store(profile, line);
        AwsCredentials key = new AwsCredentials(section.get("aws_access_key_id"), section.get("aws_secret_access_key"));
        CallerIdentity identity = check(access, key);
        // Store, then point the profile at it, then remove the plaintext: a crash anywhere leaves a usable key.
        store.writeKey(access.name(), StoredKey.of(key));
        Map<String, String> moved = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : section.entrySet()) {
            String name = setting.getKey();
            if (!name.equals("aws_access_key_id")
                    && !name.equals("aws_secret_access_key")
                    && !name.contains(".")
                    && !setting.getValue().isEmpty()
                    && profileConfigValue(access, name) == null) {
                moved.put(name, setting.getValue());
            }
        }
        for (Map.Entry<String, String> setting : moved.entrySet()) {
            access.setInConfig(setting.getKey(), setting.getValue());
        }
        access.setInConfig("key_store", store.name());
        access.setInConfig("credential_process", credentialProcessLine(access.name()));
        access.removeCredentialsSection();
        int plaintext = clearCachedSessions(access.name());
        context.out()
                .println("moved access key " + key.accessKeyId() + " (" + identity.arn() + ") into " + store.name()
                        + "; removed [" + access.name() + "] from "
                        + access.resolver().credentialsFile()
                        + (moved.isEmpty()
                                ? ""
                                : "; moved " + String.join(", ", moved.keySet()) + " to the config file")
                        + (plaintext == 0 ? "" : "; removed " + plaintext + " plaintext cached session(s)"));
        return ExitCode.OK;
    }

    /** Sessions cached before the key moved into the store are plaintext; from now on they are sealed. */
    private int clearCachedSessions(String profile) throws IOException, ConfigException {
        return context.sessions().sessionCache().clear(profile);
    }

    private static String profileConfigValue(ProfileAccess access, String key) throws ConfigException {
        IniFile config = IniFile.read(access.resolver().configFile());
        Map<String, String> section =
                config.section(access.name().equals("default") ? "default" : "profile " + access.name());
        return section == null ? null : section.get(key);
    }

    private int list(CommandLine line) throws ConfigException {
        IniFile config = IniFile.read(
                new ProfileAccess(context, terminal, "default").resolver().configFile());
        TreeSet<String> names = new TreeSet<>();
        if (line.has(Option.KEY_STORE)) {
            names.add(line.text(Option.KEY_STORE));
        } else {
            for (String section : config.sectionNames()) {
                String store = config.section(section).get("key_store");
                if (store != null && !store.isEmpty()) {
                    names.add(store);
                }
            }
        }
        String row = "%-24s %-16s %s%n";
        context.out().printf(row, "PROFILE", "STORE", "ACCESS KEY");
        // One store that cannot be read (no D-Bus session, a locked GPG key) must not hide the others' rows,
        // nor go unnoticed: its rows are left out, stderr says which store, and the exit code is 2.
        int unreadable = 0;
        for (String name : names) {
            StringBuilder rows = new StringBuilder();
            try {
                KeyStore store = KeyStores.open(
                        name,
                        context.env(),
                        context.home(),
                        passphraseProcessFor(config, name),
                        terminal.passphrases());
                for (String profile : store.profiles()) {
                    StoredKey key = store.readKey(profile);
                    rows.append(String.format(
                            row,
                            profile,
                            store.name(),
                            key == null
                                    ? "-"
                                    : key.current().accessKeyId()
                                            + (key.pending() != null ? " (rotation unfinished)" : "")));
                }
            } catch (ConfigException e) {
                context.note("keys list: the keys in " + name + " are not listed: " + e.getMessage());
                unreadable++;
                continue;
            }
            context.out().print(rows);
        }
        return unreadable == 0 ? ExitCode.OK : ExitCode.USAGE;
    }

    /** The first passphrase_process among the profiles using this store (the file store has one passphrase). */
    private static String passphraseProcessFor(IniFile config, String store) {
        for (String section : config.sectionNames()) {
            Map<String, String> values = config.section(section);
            if (store.equals(values.get("key_store")) && values.get("passphrase_process") != null) {
                return values.get("passphrase_process");
            }
        }
        return null;
    }

    private int remove(CommandLine line) throws ConfigException, IOException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        Profile profile = access.profile();
        KeyStore store = store(profile, line);
        String entry = store.read(access.name());
        if (entry != null && !confirmRemoval(access.name(), profile, store, entry, line.has(Option.FORCE))) {
            throw new ConfigException(
                    "nothing was removed: the key of profile " + access.name() + " stays in " + store.name());
        }
        boolean removed = store.delete(access.name());
        access.removeFromConfig("key_store");
        if (isOurCredentialProcess(profile, access.name())) {
            access.removeFromConfig("credential_process");
        }
        SessionCache cache = context.sessions().sessionCache();
        int sessions = cache.clear(access.name());
        context.out()
                .println((removed
                                ? "removed the key of profile " + access.name() + " from " + store.name()
                                : store.name() + " held no key for profile " + access.name())
                        + (sessions == 0 ? "" : "; removed " + sessions + " cached session(s)"));
        return ExitCode.OK;
    }

    /**
     * Deleting a stored key does not deactivate it in IAM, and after keys import (or keys add of a secret
     * not kept elsewhere) the store holds its only copy: the person is told so and asked on the terminal;
     * without one, --force says the same.
     */
    private boolean confirmRemoval(String name, Profile profile, KeyStore store, String entry, boolean force)
            throws ConfigException {
        String keyId;
        try {
            keyId = "access key "
                    + StoredKey.fromJson(entry, "key store " + store.name())
                            .current()
                            .accessKeyId();
        } catch (ConfigException damaged) {
            keyId = "the stored key (its entry is damaged)";
        }
        String warning = "warning: " + keyId + " of profile " + name + " stays active in IAM (removing it from "
                + store.name() + " does not deactivate it), and "
                + (isOurCredentialProcess(profile, name)
                        ? "keys import removed it from the credentials file: " + store.name()
                                + " holds the only copy of its secret"
                        : store.name() + " may hold the only copy of its secret")
                + ". Deactivate or delete it in IAM first (aws iam delete-access-key), or keep a copy.";
        if (force) {
            context.note(warning);
            return true;
        }
        if (!terminal.present()) {
            throw new ConfigException(warning.substring("warning: ".length()) + " Without a terminal to confirm on, "
                    + "pass --force to remove it anyway");
        }
        terminal.show(warning + "\n");
        String answer =
                terminal.readLine("Remove it from " + store.name() + "? [y/N] ").strip();
        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }

    /** Whether the profile's credential_process is the line keys import wrote (bare, or quoted since). */
    private static boolean isOurCredentialProcess(Profile profile, String name) {
        String line = profile.get("credential_process");
        return line != null && (line.equals(credentialProcessLine(name)) || line.equals(CREDENTIAL_PROCESS + name));
    }

    private int rotate(CommandLine line) throws ConfigException, StsException, IOException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        Profile profile = access.userProfile();
        KeyStore store = store(profile, line);
        StoredKey stored = storedKey(store, access.name());
        ResolvedSettings base = access.settings(stored.current(), line);
        CacheSealer sealer = new CacheSealer(stored.cacheKey());
        KeyRotation.Caller caller = new KeyRotation.Caller() {
            @Override
            public AwsCredentials forKey(AwsCredentials key) throws ConfigException, StsException {
                return access.iamCaller(access.settings(key, sealer, line));
            }
        };
        KeyRotation rotation = new KeyRotation(
                store,
                access.name(),
                access.iam(base),
                access.sts(base),
                caller,
                pause,
                waits,
                new KeyRotation.Progress() {
                    @Override
                    public void say(String message) {
                        context.note(message);
                    }
                });
        KeyRotation.Outcome outcome;
        try {
            outcome = rotation.rotate();
        } catch (StsServiceException e) {
            if (base.mfaSerial() == null
                    && e.code().equals("AccessDenied")
                    && e.awsMessage().contains("explicit deny")) {
                // IAM's usual self-management policy denies key changes without MFA: a bare explicit deny
                // does not say that the profile lacks the setting that would have brought the MFA session.
                context.note(e.code() + ": " + e.awsMessage()
                        + (e.requestId() == null ? "" : " [request id " + e.requestId() + "]"));
                context.note("hint: profile " + access.name() + " has no mfa_serial, so the IAM calls were made "
                        + "without an MFA session, and policies that require MFA for key changes deny them; "
                        + "set mfa_serial in the profile (" + Cli.NAME + " mfa list --profile " + access.name()
                        + " shows the device) and run keys rotate again");
                return ExitCode.REFUSED;
            }
            throw e;
        }
        context.out()
                .println("profile " + access.name() + " now uses access key " + outcome.newAccessKeyId() + "; deleted "
                        + outcome.deletedAccessKeyId());
        return ExitCode.OK;
    }

    private int credentialProcess(CommandLine line) throws ConfigException {
        ProfileAccess access = new ProfileAccess(context, terminal, line.text(Option.PROFILE));
        Profile profile = access.profile();
        if (profile.get("key_store") == null) {
            throw new ConfigException("profile '" + access.name() + "' has no key_store; keys credential-process only "
                    + "prints keys kept in a key store");
        }
        StoredKey key = storedKey(store(profile, line), access.name());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Version", 1L);
        json.put("AccessKeyId", key.current().accessKeyId());
        json.put("SecretAccessKey", key.current().secretAccessKey());
        context.out().println(Json.write(json));
        return ExitCode.OK;
    }
}
