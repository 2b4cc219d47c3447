package dev.ststoken.cli;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ConfigFileEditor;
import dev.ststoken.config.Profile;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionParameters;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.session.CacheOptions;
import dev.ststoken.session.SessionService;
import dev.ststoken.sigv4.AwsCredentials;
import dev.ststoken.sts.IamClient;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the keys and mfa commands share about the one profile they act on: its settings (with a
 * proposed key, before it is stored), STS and IAM clients for its endpoint, an MFA session for IAM
 * calls, and byte-preserving edits of its lines in the config file.
 */
final class ProfileAccess {
    private final CommandContext context;
    private final Terminal terminal;
    private final String name;
    private final SessionService service;

    ProfileAccess(CommandContext context, Terminal terminal, String name) {
        this.context = context;
        this.terminal = terminal;
        this.name = name;
        this.service = new SessionService(context.clock());
    }

    String name() {
        return name;
    }

    SettingsResolver resolver() {
        return new SettingsResolver(context.env(), context.home()).withPassphrases(terminal.passphrases());
    }

    Profile profile() throws ConfigException {
        return resolver().loadProfile(name);
    }

    /** Keys belong to the profile that holds them, never to a role profile over it. */
    Profile userProfile() throws ConfigException {
        Profile profile = profile();
        if (profile.get("role_arn") != null) {
            throw new ConfigException(
                    "profile '" + name + "' is a role profile: keys and MFA devices belong to the profile "
                            + "holding the user's key"
                            + (profile.get("source_profile") == null
                                    ? ""
                                    : " (here source_profile = " + profile.get("source_profile") + ")"));
        }
        return profile;
    }

    /** The profile's settings with {@code proposed} as its key (null: the key where the profile keeps it). */
    ResolvedSettings settings(AwsCredentials proposed, CommandLine line) throws ConfigException {
        SessionParameters.Builder params = SessionParameters.builder();
        if (line != null) {
            params.mfaToken(line.text(Option.MFA_TOKEN)).mfaProcess(line.text(Option.MFA_PROCESS));
        }
        if (!profile().exists()) {
            if (proposed == null) {
                throw new ConfigException("profile '" + name + "' not found in "
                        + resolver().configFile() + " or " + resolver().credentialsFile());
            }
            return resolver()
                    .resolve(params.accessKeyId(proposed.accessKeyId())
                            .secretAccessKey(proposed.secretAccessKey())
                            .build());
        }
        SettingsResolver resolver = proposed == null ? resolver() : resolver().withKeys(proposed);
        return resolver.resolve(params.profile(name).build());
    }

    StsClient sts(ResolvedSettings settings) {
        return service.client(settings);
    }

    IamClient iam(ResolvedSettings settings) {
        return new IamClient(
                IamClient.endpointFor(settings.endpoint(), context.env().get("AWS_ENDPOINT_URL_IAM")),
                settings.tls(),
                context.clock(),
                settings.transport());
    }

    /**
     * What IAM calls are signed with: an MFA session from the key (cached like get's, so a rotation
     * right after a get asks for no code) when the profile has an MFA device, else the key itself.
     */
    AwsCredentials iamCaller(ResolvedSettings settings) throws ConfigException, StsException {
        if (settings.mfaSerial() == null) {
            return settings.credentials();
        }
        CacheOptions cache =
                new CacheOptions(new SessionCache(SessionCache.defaultDir(context.env(), context.home())), false, 300);
        return service.obtain(settings, new TerminalPrompt(context.err()), cache, service.sts())
                .session()
                .credentials();
    }

    void setInConfig(String key, String value) throws IOException, ConfigException {
        ConfigFileEditor.setInConfig(
                resolver().configFile(),
                name,
                key,
                value,
                lock("config", resolver().configFile()));
    }

    void removeFromConfig(String key) throws IOException, ConfigException {
        ConfigFileEditor.removeFromConfig(
                resolver().configFile(), name, key, lock("config", resolver().configFile()));
    }

    void removeCredentialsSection() throws IOException, ConfigException {
        Path file = resolver().credentialsFile();
        ConfigFileEditor.removeSection(file, name, lock("credentials", file));
    }

    /** The same lock file --write-profile uses for the credentials file, so the two never interleave. */
    private Path lock(String kind, Path file) throws IOException {
        Path cacheDir = SessionCache.defaultDir(context.env(), context.home());
        AtomicFiles.createPrivateDirectory(cacheDir);
        return cacheDir.resolve("locks")
                .resolve(kind + "-"
                        + Integer.toHexString(file.toAbsolutePath().toString().hashCode()) + ".lock");
    }
}
