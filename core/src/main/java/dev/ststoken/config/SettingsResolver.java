package dev.ststoken.config;

import dev.ststoken.cache.SessionSealer;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Parameters, then the environment variables in the original module's order, then the
 * profile in the shared config and credentials files, then the boto file. The environment and the
 * home directory are injected so that every rule is testable without touching the real ones.
 */
public final class SettingsResolver {
    static final List<String> ENDPOINT_VARS = List.of("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "AWS_URL", "EC2_URL");
    static final List<String> ACCESS_KEY_VARS = List.of("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "EC2_ACCESS_KEY");
    static final List<String> SECRET_KEY_VARS = List.of("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "EC2_SECRET_KEY");
    static final List<String> TOKEN_VARS = List.of("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "EC2_SECURITY_TOKEN");
    static final List<String> REGION_VARS = List.of("AWS_REGION", "EC2_REGION", "AWS_DEFAULT_REGION");
    public static final String DEFAULT_REGION = "us-east-1";

    private final Map<String, String> env;
    private final Path home;
    private final Path systemBotoConfig;
    private final CredentialSource credentialSource;
    private final CredentialSource webIdentity;
    private final AwsCredentials proposedKeys;

    /** Reads {@code env} instead of the process environment and {@code home} instead of the user's home. */
    public SettingsResolver(Map<String, String> env, Path home) {
        this(env, home, Path.of("/etc/boto.cfg"));
    }

    public SettingsResolver(Map<String, String> env, Path home, Path systemBotoConfig) {
        this(env, home, systemBotoConfig, CredentialSource.NONE, CredentialSource.NONE, null);
    }

    private SettingsResolver(
            Map<String, String> env,
            Path home,
            Path systemBotoConfig,
            CredentialSource credentialSource,
            CredentialSource webIdentity,
            AwsCredentials proposedKeys) {
        this.env = env;
        this.home = home;
        this.systemBotoConfig = systemBotoConfig;
        this.credentialSource = credentialSource;
        this.webIdentity = webIdentity;
        this.proposedKeys = proposedKeys;
    }

    /**
     * The same resolver, asking {@code source} for the keys of a profile that has none in the shared
     * files (key_store, credential_process: see {@code keystore.StoredCredentials}). Without one,
     * such a profile has no credentials.
     */
    public SettingsResolver withCredentialSource(CredentialSource source) {
        return new SettingsResolver(env, home, systemBotoConfig, source, webIdentity, proposedKeys);
    }

    /**
     * The same resolver, asking {@code source} (see {@code webidentity.WebIdentitySource}) before a
     * profile's own keys: botocore's chain tries web identity before the shared credentials file.
     */
    public SettingsResolver withWebIdentity(CredentialSource source) {
        return new SettingsResolver(env, home, systemBotoConfig, credentialSource, source, proposedKeys);
    }

    /**
     * The same resolver, taking {@code keys} as the named profile's own keys wherever they are kept:
     * a key about to be stored is checked with the profile's endpoint, region and TLS settings.
     */
    public SettingsResolver withKeys(AwsCredentials keys) {
        return new SettingsResolver(env, home, systemBotoConfig, credentialSource, webIdentity, keys);
    }

    /** {@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}. */
    public Path configFile() {
        return expand(
                expandVariables(envOr("AWS_CONFIG_FILE", null)),
                home.resolve(".aws").resolve("config"));
    }

    /** {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}. */
    public Path credentialsFile() {
        return expand(
                expandVariables(envOr("AWS_SHARED_CREDENTIALS_FILE", null)),
                home.resolve(".aws").resolve("credentials"));
    }

    /**
     * Weighs the parameters against the environment and files, in the order the class comment gives:
     * the profile and its role chain, the base credentials, then region, endpoint, TLS, durations and
     * MFA, each its own step below.
     *
     * @throws ConfigException for anything missing, contradictory or invalid, naming what to set
     */
    public ResolvedSettings resolve(SessionParameters params) throws ConfigException {
        NamedProfile named = namedProfile(params);
        Profile profile = named.profile();
        RoleChain chain = RoleChain.walk(params, profile, this);
        Profile keys = chain.source();
        BaseCredentials base = baseCredentials(params, named, chain);

        String region = params.region() != null ? params.region() : firstEnv(REGION_VARS);
        if (region == null) region = profile.get("region");
        boolean regionDefaulted = region == null || region.isBlank();
        region = regionDefaulted ? DEFAULT_REGION : Validation.checkRegion(region);

        Durations durations = durations(params, profile, keys, chain);
        Mfa mfa = mfa(params, profile, keys, chain, durations.roles(), base.signIn() != null);
        return ResolvedSettings.builder()
                .credentials(base.credentials())
                .credentialSource(base.description())
                .profile(named.named() ? named.name() : null)
                .region(region)
                .regionDefaulted(regionDefaulted)
                .endpoint(endpoint(params, profile, region))
                .tls(tls(params, profile))
                .durationSeconds(durations.sessionSeconds())
                .mfaSerial(mfa.serial())
                .mfaToken(mfa.tokenCode())
                .mfaProcess(mfa.process())
                .transport(transport(params, profile))
                .mfaProcessTimeoutSeconds(
                        params.mfaProcessTimeoutSeconds() == null
                                ? ResolvedSettings.DEFAULT_MFA_PROCESS_TIMEOUT
                                : params.mfaProcessTimeoutSeconds())
                .roles(durations.roles())
                .mfaOnAssumeRole(mfa.onAssumeRole())
                .sessionSealer(base.sealer())
                .keysProfile(base.keysProfile())
                .endpointHint(durations.roles().isEmpty() ? null : endpointHint(params, profile, chain, keys))
                .signIn(base.signIn())
                .mfaPrompt(mfa.prompt())
                .ykmanAccount(mfa.ykmanAccount())
                .build();
    }

    /** The profile a call is about, and whether anyone named it (else it is {@code default}). */
    private record NamedProfile(String name, boolean named, boolean explicit, Profile profile) {}

    /**
     * The parameters' profile, else AWS_PROFILE / AWS_DEFAULT_PROFILE, else {@code default}; a named
     * profile must exist, and a profile given with keys is refused.
     */
    private NamedProfile namedProfile(SessionParameters params) throws ConfigException {
        boolean explicitProfile = params.profile() != null;
        boolean explicitKeys =
                params.accessKeyId() != null || params.secretAccessKey() != null || params.sessionToken() != null;
        if (explicitProfile && explicitKeys) {
            throw new ConfigException("passing both a profile and access keys is not supported: use one or the other");
        }
        String profileName =
                explicitProfile ? params.profile() : firstEnv(List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE"));
        boolean profileNamed = profileName != null && !profileName.isEmpty();
        if (!profileNamed) {
            profileName = "default";
        }
        Profile profile = loadProfile(profileName);
        if (profileNamed && !profile.exists()) {
            throw new ConfigException(
                    "profile '" + profileName + "' not found in " + configFile() + " or " + credentialsFile());
        }
        return new NamedProfile(profileName, profileNamed, explicitProfile, profile);
    }

    /** The credentials sessions are made with, where they came from, how they are cached and whose they are. */
    private record BaseCredentials(
            AwsCredentials credentials, String description, SessionSealer sealer, String keysProfile, SignIn signIn) {
        BaseCredentials(AwsCredentials credentials, String description, SessionSealer sealer, String keysProfile) {
            this(credentials, description, sealer, keysProfile, null);
        }
    }

    /**
     * Each of key, secret and token falls back from parameter to environment independently (as the
     * Ansible collections do), unless a profile was named explicitly. A role profile's source user
     * takes its keys from its own profile (the shared files, then the credential source), or from the
     * environment with credential_source = Environment; with no profile named at all, the boto file
     * comes last. The keys' text is checked whatever their source.
     */
    private BaseCredentials baseCredentials(SessionParameters params, NamedProfile named, RoleChain chain)
            throws ConfigException {
        String keyId = params.accessKeyId();
        String secret = params.secretAccessKey();
        String token = params.sessionToken();
        String source = "parameters";
        boolean fromEnvironment = chain.fromEnvironment()
                || (!named.explicit() && chain.steps().isEmpty())
                || (!named.explicit() && params.roleArn() != null);
        if (fromEnvironment) {
            if (keyId == null) keyId = firstEnv(ACCESS_KEY_VARS);
            if (secret == null) secret = firstEnv(SECRET_KEY_VARS);
            if (token == null) token = firstEnv(TOKEN_VARS);
            if (params.accessKeyId() == null && keyId != null) source = "environment";
        }
        BaseCredentials base;
        if (keyId != null || secret != null) {
            if (keyId == null || secret == null) {
                throw new ConfigException(
                        "partial credentials: " + (keyId == null ? "an access key id" : "a secret key")
                                + " is missing (set both, e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
            }
            base = new BaseCredentials(new AwsCredentials(keyId, secret, token), source, null, null);
        } else if (chain.fromEnvironment()) {
            throw new ConfigException("profile '" + chain.lastRoleProfile() + "' has credential_source = Environment, "
                    + "but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
        } else {
            base = profileCredentials(named, chain);
        }
        if (!chain.steps().isEmpty() && chain.lastRoleProfile() != null) {
            base = new BaseCredentials(
                    base.credentials(),
                    base.description() + " (source of role profile '" + named.name() + "')",
                    base.sealer(),
                    base.keysProfile(),
                    base.signIn());
        }
        if (base.signIn() != null) {
            return base; // no keys: the sign-in's role session is checked as it arrives
        }
        Validation.checkCredentialText(
                "access key id", base.description(), base.credentials().accessKeyId());
        Validation.checkCredentialText(
                "secret access key", base.description(), base.credentials().secretAccessKey());
        Validation.checkCredentialText(
                "session token", base.description(), base.credentials().sessionToken());
        return base;
    }

    /** The keys of the chain's source profile: the key being stored, the shared files, the credential source, boto. */
    private BaseCredentials profileCredentials(NamedProfile named, RoleChain chain) throws ConfigException {
        Profile keys = chain.source();
        CredentialSource.Found web = proposedKeys == null ? webIdentity.find(keys) : null;
        if (web != null) {
            return new BaseCredentials(null, web.description(), web.sealer(), keys.name(), web.signIn());
        }
        AwsCredentials credentials = proposedKeys != null ? proposedKeys : keys.credentials();
        String source =
                proposedKeys != null ? "the key being stored for profile " + keys.name() : "profile " + keys.name();
        SessionSealer sealer = null;
        if (credentials == null) {
            CredentialSource.Found found = credentialSource.find(keys);
            if (found != null && found.signIn() != null) {
                return new BaseCredentials(null, found.description(), found.sealer(), keys.name(), found.signIn());
            }
            if (found != null) {
                credentials = found.credentials();
                source = found.description();
                sealer = found.sealer();
            }
        }
        if (credentials != null) {
            return new BaseCredentials(credentials, source, sealer, keys.name());
        }
        if (!named.named() && chain.steps().isEmpty()) {
            credentials = botoCredentials();
            if (credentials != null) {
                return new BaseCredentials(credentials, "boto config", null, null);
            }
        }
        throw new ConfigException(
                named.named() || !chain.steps().isEmpty()
                        ? "profile '" + keys.name()
                                + "' has no aws_access_key_id/aws_secret_access_key, key_store or "
                                + "credential_process"
                        : "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use {PROFILE}"
                                + "{LOCAL_HINT}");
    }

    /** Verification on unless turned off; a CA bundle from the parameters, AWS_CA_BUNDLE or the profile, read once. */
    private TlsSettings tls(SessionParameters params, Profile profile) throws ConfigException {
        String caBundle =
                params.caBundle() != null ? params.caBundle() : envOr("AWS_CA_BUNDLE", profile.get("ca_bundle"));
        boolean verify = params.verifySsl() == null || params.verifySsl();
        TlsSettings tls =
                new TlsSettings(verify, caBundle == null || caBundle.isBlank() ? null : expand(caBundle, null));
        if (tls.caBundle() != null && verify) {
            // Read once: checked here, and its digest tells cached sessions of other bundles apart.
            tls = new TlsSettings(true, tls.caBundle(), checkCaBundle(tls.caBundle()));
        }
        return tls;
    }

    /**
     * @param sessionSeconds GetSessionToken's duration (null: STS's default)
     * @param roles          the chain's roles, the outermost with the call's duration
     */
    private record Durations(Integer sessionSeconds, List<RoleStep> roles) {}

    /**
     * Without roles the duration is GetSessionToken's. With roles, --duration-seconds and the role
     * profile's duration_seconds are the role session's; the MFA session under them lasts as long as
     * the source profile says (or STS's default).
     */
    private Durations durations(SessionParameters params, Profile profile, Profile keys, RoleChain chain)
            throws ConfigException {
        List<RoleStep> steps = chain.steps();
        if (steps.isEmpty()) {
            Integer duration = params.durationSeconds();
            if (duration == null && profile.get("duration_seconds") != null) {
                duration = Validation.durationSeconds(profile.get("duration_seconds"));
            } else if (duration != null) {
                Validation.checkDuration(duration);
            }
            return new Durations(duration, steps);
        }
        Integer duration = keys == profile || keys.get("duration_seconds") == null
                ? null
                : Validation.durationSeconds(keys.get("duration_seconds"));
        return new Durations(duration, RoleChain.withOutermostDuration(steps, params.durationSeconds()));
    }

    private record Mfa(
            String serial,
            String tokenCode,
            String process,
            boolean onAssumeRole,
            String prompt,
            String ykmanAccount) {}

    /**
     * The device (parameters, AWS_MFA_SERIAL, then the first profile of the chain that names one), a
     * given code (refused without a device), mfa_process, whether MFA goes with AssumeRole itself, and
     * the prompt driver ({@code --prompt}, else mfa_prompt) with mfa_ykman_account.
     */
    private Mfa mfa(
            SessionParameters params,
            Profile profile,
            Profile keys,
            RoleChain chain,
            List<RoleStep> steps,
            boolean signIn)
            throws ConfigException {
        String serial = params.mfaSerial() != null
                ? params.mfaSerial()
                : envOr("AWS_MFA_SERIAL", chain.first(profile, keys, "mfa_serial"));
        if (serial != null && serial.isBlank()) serial = null;
        if (serial != null) Validation.checkSerial(serial);
        String tokenCode = params.mfaToken() == null ? null : Validation.checkTokenCode(params.mfaToken());
        if (tokenCode != null && serial == null) {
            throw new ConfigException("an MFA token code was given without an MFA serial number "
                    + "({MFA_SERIAL}, AWS_MFA_SERIAL or the profile's mfa_serial)");
        }
        String mfaPrompt = params.mfaPrompt() != null ? params.mfaPrompt() : chain.first(profile, keys, "mfa_prompt");
        if (mfaPrompt != null && mfaPrompt.isBlank()) mfaPrompt = null;
        // A prompt asked for on the command line wins over the profile's mfa_process.
        String mfaProcess = params.mfaProcess() != null
                ? params.mfaProcess()
                : params.mfaPrompt() != null ? null : chain.first(profile, keys, "mfa_process");
        if (signIn && steps.isEmpty()) {
            // A sign-in's role session is made without a code (the sign-in had its own second factor);
            // a code given anyway is refused rather than dropped.
            if (tokenCode != null) {
                throw new ConfigException("an MFA code was given, but profile '" + keys.name() + "' signs in with "
                        + "IAM Identity Center, a login session or a web identity token, whose sessions take no MFA "
                        + "code: leave out {MFA_TOKEN}");
            }
            return new Mfa(null, null, null, false, null, null);
        }
        // Under a sign-in there is no GetSessionToken: a device goes with the AssumeRole itself.
        boolean mfaOnAssumeRole =
                !steps.isEmpty() && (signIn || "true".equalsIgnoreCase(profile.get("mfa_on_assume_role")));
        return new Mfa(
                serial,
                tokenCode,
                mfaProcess,
                mfaOnAssumeRole,
                mfaPrompt,
                chain.first(profile, keys, "mfa_ykman_account"));
    }

    /**
     * role_session_name, else one derived from the local user ("sts-session-token-alice"), made
     * valid for STS ([\\w+=,.@-], 2 to 64 characters), so CloudTrail shows who and what assumed the role.
     */
    String sessionName(String configured) throws ConfigException {
        if (configured != null && !configured.isBlank()) {
            return Validation.checkRoleSessionName(configured);
        }
        String user = envOr("USER", envOr("LOGNAME", envOr("USERNAME", "")));
        StringBuilder name = new StringBuilder("sts-session-token");
        if (!user.isEmpty()) {
            name.append('-');
            for (int i = 0; i < user.length() && name.length() < 64; i++) {
                char c = user.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "_+=,.@-".indexOf(c) >= 0;
                name.append(ok ? c : '-');
            }
        }
        return name.toString();
    }

    /**
     * The bundle's digest, after refusing one that cannot be read or holds no certificate (which would
     * fail only at the TLS handshake, after a code was spent).
     */
    private static String checkCaBundle(Path bundle) throws ConfigException {
        byte[] bytes;
        try {
            bytes = dev.ststoken.internal.TextFiles.readBytes(bundle);
        } catch (java.io.IOException e) {
            throw new ConfigException("CA bundle " + bundle + " does not exist or is not readable");
        }
        if (!new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
            throw new ConfigException(
                    "CA bundle " + bundle + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return TlsSettings.digest(bytes);
    }

    /** Timeouts and attempts from parameters, then AWS_MAX_ATTEMPTS / the profile's max_attempts; proxies from the environment. */
    private Transport transport(SessionParameters params, Profile profile) throws ConfigException {
        Transport transport = Transport.fromEnvironment(env);
        Integer attempts = params.maxAttempts();
        if (attempts == null) {
            String configured = envOr("AWS_MAX_ATTEMPTS", profile.get("max_attempts"));
            if (configured != null) {
                try {
                    attempts = Integer.parseInt(configured.strip());
                } catch (NumberFormatException e) {
                    throw new ConfigException("invalid AWS_MAX_ATTEMPTS/max_attempts '" + configured
                            + "': expected a number from 1 to 10");
                }
            }
        }
        if (attempts != null) {
            if (attempts < 1 || attempts > 10) {
                throw new ConfigException("invalid max attempts " + attempts + ": expected a number from 1 to 10");
            }
            transport = transport.withMaxAttempts(attempts);
        }
        java.time.Duration connect = params.connectTimeoutSeconds() == null
                ? transport.connectTimeout()
                : java.time.Duration.ofSeconds(params.connectTimeoutSeconds());
        java.time.Duration read = params.readTimeoutSeconds() == null
                ? transport.readTimeout()
                : java.time.Duration.ofSeconds(params.readTimeoutSeconds());
        return transport.withTimeouts(connect, read);
    }

    /**
     * A role profile without an endpoint of its own calls the region's STS even when its source
     * profile names another endpoint (botocore does the same, so we keep it), which fails there with
     * no clue: this names the profile that has one and what to add, for the error of a failed call.
     * The URL itself is not quoted (the profile is the user's own file; one line says enough).
     */
    private String endpointHint(SessionParameters params, Profile profile, RoleChain chain, Profile keys)
            throws ConfigException {
        if (configuredEndpointUrl(params, profile) != null) {
            return null;
        }
        List<Profile> below = new java.util.ArrayList<>(chain.roleProfiles());
        java.util.Collections.reverse(below);
        below.add(keys);
        for (Profile other : below) {
            if (other.name().equals(profile.name())) {
                continue;
            }
            if (configuredEndpointUrl(SessionParameters.NONE, other) != null) {
                return "profile '" + profile.name() + "' has no endpoint_url, so its calls went to the region's STS; "
                        + "its source profile '" + other.name() + "' has one, which roles do not inherit: copy it "
                        + "into [profile " + profile.name() + "]";
            }
        }
        return null;
    }

    /** The endpoint URL the parameters, environment or profile configure, or null for the region's. */
    private String configuredEndpointUrl(SessionParameters params, Profile profile) throws ConfigException {
        String url = params.endpointUrl();
        boolean ignoreConfigured = "true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                || "true".equalsIgnoreCase(profile.get("ignore_configured_endpoint_urls"));
        if (url == null) {
            for (String var : ENDPOINT_VARS) {
                boolean configuredKind = var.startsWith("AWS_ENDPOINT_URL");
                String value = env.get(var);
                if (value != null && !value.isBlank() && !(configuredKind && ignoreConfigured)) {
                    url = value;
                    break;
                }
            }
        }
        if (url == null && !ignoreConfigured) {
            url = profile.serviceEndpoint("sts");
            if (url == null) url = profile.get("endpoint_url");
        }
        return url == null || url.isBlank() ? null : url;
    }

    private StsEndpoint endpoint(SessionParameters params, Profile profile, String region) throws ConfigException {
        String url = configuredEndpointUrl(params, profile);
        if (url != null && !url.isBlank()) {
            return new StsEndpoint(Validation.endpointUrl(url), region);
        }
        String regional = envOr("AWS_STS_REGIONAL_ENDPOINTS", profile.get("sts_regional_endpoints"));
        if (regional != null && !regional.equals("legacy") && !regional.equals("regional")) {
            throw new ConfigException("invalid sts_regional_endpoints '" + regional + "': expected legacy or regional");
        }
        boolean fips = "true".equalsIgnoreCase(envOr("AWS_USE_FIPS_ENDPOINT", profile.get("use_fips_endpoint")));
        return Endpoints.forRegion(region, "legacy".equals(regional), fips);
    }

    /** Reads the named profile from both shared files; credentials-file keys win (botocore merges that way). */
    public Profile loadProfile(String name) throws ConfigException {
        IniFile config = IniFile.read(configFile());
        IniFile credentials = IniFile.read(credentialsFile());
        Map<String, String> fromConfig = config.profile(name);
        Map<String, String> fromCredentials = credentials.section(name);
        return new Profile(name, fromConfig, fromCredentials, config);
    }

    private AwsCredentials botoCredentials() throws ConfigException {
        String botoConfig = env.get("BOTO_CONFIG");
        List<Path> candidates = botoConfig != null && !botoConfig.isEmpty()
                ? List.of(expand(botoConfig, null))
                : List.of(systemBotoConfig, home.resolve(".boto"));
        for (Path candidate : candidates) {
            Map<String, String> section = IniFile.read(candidate).section("Credentials");
            if (section != null && section.get("aws_access_key_id") != null) {
                String secret = section.get("aws_secret_access_key");
                if (secret == null || secret.isEmpty()) {
                    throw new ConfigException(
                            "boto config " + candidate + " has aws_access_key_id but no aws_secret_access_key");
                }
                return new AwsCredentials(section.get("aws_access_key_id"), secret);
            }
        }
        return null;
    }

    private String firstEnv(List<String> names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private String envOr(String name, String fallback) {
        String value = env.get(name);
        return value != null && !value.isEmpty() ? value : fallback;
    }

    /** Expands a leading ~ as botocore does; null or empty gives the fallback. */
    private Path expand(String path, Path fallback) {
        if (path == null || path.isEmpty()) {
            return fallback;
        }
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.substring(Math.min(2, path.length())));
        }
        return Path.of(path);
    }

    // ---- where the shared files are, as botocore finds them (checked against botocore in IniFileTest) ----

    /**
     * {@code $NAME} and {@code ${NAME}} replaced from the environment before {@code ~} is expanded,
     * as botocore does for AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (a value written as
     * {@code $HOME/...} in a unit file or an Ansible environment); an unknown name stays as written.
     */
    String expandVariables(String path) {
        if (path == null || path.indexOf('$') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 32);
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            int nameStart = i + 1;
            int nameEnd;
            int next;
            if (c != '$' || nameStart >= path.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (path.charAt(nameStart) == '{') {
                nameEnd = path.indexOf('}', nameStart);
                next = nameEnd + 1;
                nameStart++;
            } else {
                nameEnd = nameStart;
                while (nameEnd < path.length() && isWordChar(path.charAt(nameEnd))) {
                    nameEnd++;
                }
                next = nameEnd;
            }
            String value = nameEnd < nameStart || (nameEnd == nameStart && next == nameEnd)
                    ? null
                    : env.get(path.substring(nameStart, nameEnd));
            if (value == null) {
                out.append(c);
                i++;
            } else {
                out.append(value);
                i = next;
            }
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
