package dev.ststoken.cli;

import dev.ststoken.cache.SessionSealer;
import dev.ststoken.config.ConfigFileEditor;
import dev.ststoken.config.Profile;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.Sessions;
import dev.ststoken.sts.IamClient;
import dev.ststoken.sts.StsClient;
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
    private final Sessions sessions;

    ProfileAccess(CommandContext context, Terminal terminal, String name) {
        this.context = context;
        this.terminal = terminal;
        this.name = name;
        this.sessions = context.sessions().toBuilder()
                .passphrases(terminal.passphrases())
                .build();
    }

    String name() {
        return name;
    }

    SettingsResolver resolver() {
        return sessions.resolver();
    }

    Profile profile() throws ConfigException {
        return resolver().loadProfile(name);
    }

    /** Keys belong to the profile that holds them, never to a role profile over it. */
    Profile userProfile() throws ConfigException {
        Profile profile = profile();
        if (profile.get("sso_account_id") != null || profile.get("sso_role_name") != null) {
            throw new ConfigException("profile '" + name + "' signs in with IAM Identity Center: keys and MFA "
                    + "devices belong to a profile holding an IAM user's key");
        }
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
        return settings(proposed, null, line);
    }

    /**
     * As {@link #settings(AwsCredentials, CommandLine)}, caching the sessions of {@code proposed} sealed
     * with {@code sealer} (a key of a key store, during rotation).
     */
    ResolvedSettings settings(AwsCredentials proposed, SessionSealer sealer, CommandLine line) throws ConfigException {
        SessionParameters.Builder params = SessionParameters.builder();
        if (line != null) {
            params.mfaToken(line.text(Option.MFA_TOKEN)).mfaProcess(line.text(Option.MFA_PROCESS));
        }
        if (!profile().exists()) {
            if (proposed == null) {
                throw new ConfigException("profile '" + name + "' not found in "
                        + resolver().configFile() + " or " + resolver().credentialsFile());
            }
            return sessions.resolve(SessionRequest.of(params.accessKeyId(proposed.accessKeyId())
                    .secretAccessKey(proposed.secretAccessKey())
                    .build()));
        }
        Sessions withKey = proposed == null
                ? sessions
                : sessions.toBuilder().keys(proposed, sealer).build();
        return withKey.resolve(SessionRequest.of(params.profile(name).build()));
    }

    StsClient sts(ResolvedSettings settings) {
        return sessions.client(settings);
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
        if (settings.mfaSerial() == null && !settings.signsIn()) {
            return settings.credentials();
        }
        SessionRequest request =
                SessionRequest.builder().cache(sessions.cache(false, 300)).build();
        return sessions.session(settings, request, new TerminalPrompt(context.err()))
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
        return lock(sessions, kind, file);
    }

    /** The lock file every edit of {@code file} takes (sso accounts --write-profiles shares it). */
    static Path lock(Sessions sessions, String kind, Path file) throws IOException {
        return ConfigFileEditor.lockFile(sessions.sessionCache().dir(), kind, file);
    }
}
