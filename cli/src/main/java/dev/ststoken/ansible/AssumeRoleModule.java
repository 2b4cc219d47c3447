package dev.ststoken.ansible;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.Validation;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.Sessions;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module {@code sts_assume_role}, a drop-in for amazon.aws's (formerly community.aws's): the same
 * options and aliases, the same result ({@code changed}, {@code sts_creds}, {@code sts_user}), AssumeRole
 * called with the task's credentials and the MFA serial and code on the call itself, as that module
 * does. Differences: a clean failure instead of a traceback when the endpoint cannot be reached,
 * invalid input refused before any call, and a role profile as the connection profile is assumed
 * first (the role is then assumed from that role's session, as botocore would).
 */
public final class AssumeRoleModule {
    static final String MODULE = "sts_assume_role";
    static final String OPERATION = "AssumeRole";
    /** AssumeRole's own range; the role's MaxSessionDuration may lower the upper end (STS says so then). */
    static final int MAX_ROLE_DURATION = 43200;

    static final ArgumentSpec SPEC = spec();

    /** How core messages name settings in this module's options. */
    static final Map<Setting, String> SETTING_NAMES =
            Map.of(Setting.PROFILE, "profile", Setting.MFA_SERIAL, "mfa_serial_number", Setting.MFA_TOKEN, "mfa_token");

    /**
     * While assuming a role profile's own chain, the task's MFA options are not the ones in play: the
     * profile's mfa_serial and mfa_process are.
     */
    static final Map<Setting, String> PROFILE_CHAIN_NAMES = Map.of(
            Setting.PROFILE,
            "profile",
            Setting.MFA_SERIAL,
            "the profile's mfa_serial",
            Setting.MFA_TOKEN,
            "a code through the profile's mfa_process");

    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public AssumeRoleModule(PrintStream out, Map<String, String> env, Clock clock, Path home) {
        this.out = out;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    private static ArgumentSpec spec() {
        List<ParameterSpec> options = new ArrayList<>();
        options.add(ParameterSpec.requiredStr("role_arn"));
        options.add(ParameterSpec.requiredStr("role_session_name"));
        options.add(ParameterSpec.str("policy", false));
        options.add(ParameterSpec.integer("duration_seconds"));
        // A shared secret between the role's owner and whoever may assume it: masked in invocation and failures.
        options.add(ParameterSpec.str("external_id", true));
        options.add(ParameterSpec.str("mfa_serial_number", false));
        options.add(ParameterSpec.str("mfa_token", true));
        options.addAll(ConnectionOptions.AMAZON_AWS.specs());
        return new ArgumentSpec(MODULE, options);
    }

    /** Always prints exactly one JSON object; returns 0 on success, 1 on failure. */
    public int run(List<String> args) {
        return ModuleProtocol.run(out, args, SPEC, new AssumeRole());
    }

    private final class AssumeRole implements ModuleProtocol.Body {
        @Override
        public Map<String, Object> execute(Map<String, Object> params, Set<String> secrets) throws ModuleFailure {
            boolean debug = ConnectionOptions.debug(params, env);
            AssumeRoleRequest asked = request(params);
            Sessions sessions = Sessions.create(env, home, clock);
            ResolvedSettings settings = ConnectionOptions.resolve(
                    sessions,
                    SessionRequest.of(
                            ConnectionOptions.AMAZON_AWS.parameters(params).build()),
                    SETTING_NAMES);
            if (settings.credentials() != null) { // null for a sign-in: its session is masked when it arrives
                secrets.add(settings.credentials().secretAccessKey());
                secrets.add(settings.credentials().sessionToken());
            }
            AssumeRoleRequest request = withSerialForCode(asked, settings);
            AssumedRole role;
            List<String> actions = new ArrayList<>();
            try {
                AwsCredentials caller = caller(sessions, settings, actions);
                role = sessions.client(settings).assumeRole(caller, request);
                actions.add("sts:" + OPERATION);
            } catch (StsServiceException e) {
                throw ModuleFailure.fromAws(e, OPERATION, debug);
            } catch (StsTransportException e) {
                throw new ModuleFailure("Failed to connect to AWS: " + e.getMessage());
            } catch (StsException e) {
                throw new ModuleFailure(e.getMessage());
            }
            return result(role, debug ? actions : null);
        }
    }

    /** The AssumeRole call the task describes, checked before anything else is done. */
    static AssumeRoleRequest request(Map<String, Object> params) throws ModuleFailure {
        try {
            String roleArn = Validation.checkRoleArn((String) params.get("role_arn"));
            String sessionName = Validation.checkRoleSessionName((String) params.get("role_session_name"));
            Integer duration = duration((Long) params.get("duration_seconds"));
            String token = params.get("mfa_token") == null
                    ? null
                    : Validation.checkTokenCode((String) params.get("mfa_token"));
            String serial = params.get("mfa_serial_number") == null
                    ? null
                    : Validation.checkSerial((String) params.get("mfa_serial_number"));
            return new AssumeRoleRequest(
                    roleArn, sessionName, duration, (String) params.get("external_id"), serial, token, (String)
                            params.get("policy"));
        } catch (ConfigException e) {
            throw new ModuleFailure(e.message(SETTING_NAMES));
        }
    }

    /** MFA goes with the call only when the task asks for it; a given code is never dropped ({@link Sessions}). */
    static AssumeRoleRequest withSerialForCode(AssumeRoleRequest r, ResolvedSettings settings) throws ModuleFailure {
        try {
            return Sessions.withDeviceForCode(r, settings);
        } catch (ConfigException e) {
            throw new ModuleFailure(e.message(SETTING_NAMES));
        }
    }

    private static Integer duration(Long seconds) throws ModuleFailure {
        if (seconds == null) {
            return null;
        }
        if (seconds < Validation.MIN_DURATION || seconds > MAX_ROLE_DURATION) {
            throw new ModuleFailure(
                    "invalid duration_seconds " + seconds + ": AssumeRole takes " + Validation.MIN_DURATION + " to "
                            + MAX_ROLE_DURATION + " seconds (at most the role's maximum session duration)");
        }
        return seconds.intValue();
    }

    /**
     * Who calls AssumeRole: the task's credentials, or, for a role profile, that profile's role
     * session (made with the profile's own MFA settings, without a cache, as the module has none).
     */
    private static AwsCredentials caller(Sessions sessions, ResolvedSettings settings, List<String> actions)
            throws StsException, ModuleFailure {
        try {
            Sessions.checkUnattendedChain(settings);
        } catch (ConfigException e) {
            throw new ModuleFailure(e.message(SETTING_NAMES));
        }
        try {
            return sessions.roleCaller(settings, actions);
        } catch (ConfigException e) {
            throw new ModuleFailure(e.message(PROFILE_CHAIN_NAMES));
        }
    }

    /** amazon.aws's result: sts_creds as botocore's Credentials in snake case, sts_user as AssumedRoleUser. */
    static Map<String, Object> result(AssumedRole role, List<String> resourceActions) {
        SessionCredentials s = role.credentials();
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("access_key", s.accessKeyId());
        creds.put("secret_key", s.secretAccessKey());
        creds.put("session_token", s.sessionToken());
        creds.put("expiration", Timestamps.utcOffset(s.expiration()));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("assumed_role_id", role.assumedRoleId());
        user.put("arn", role.arn());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", true);
        result.put("sts_creds", creds);
        result.put("sts_user", user);
        if (resourceActions != null) {
            // Unique service:Action pairs, as the amazon.aws modules list them.
            result.put("resource_actions", List.copyOf(new LinkedHashSet<>(resourceActions)));
        }
        return result;
    }
}
