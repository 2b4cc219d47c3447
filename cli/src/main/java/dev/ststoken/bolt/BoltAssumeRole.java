package dev.ststoken.bolt;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.Validation;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.Sessions;
import dev.ststoken.sts.AssumeRoleRequest;
import dev.ststoken.sts.AssumedRole;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Bolt task {@code sts_session_token::assume_role}: STS AssumeRole with the same input style,
 * connection parameters and {@code _error} kinds as get_session_token, and as the Ansible module
 * sts_assume_role: the plan's credentials call AssumeRole, with the MFA serial and code on that call
 * when the plan gives them. A role profile as {@code profile} is assumed first, with its own MFA
 * settings (mfa_process), and the role is then assumed from that session.
 */
public final class BoltAssumeRole {
    static final Set<String> PARAMETERS = BoltTask.parameters(List.of(
            "role_arn",
            "role_session_name",
            "duration_seconds",
            "external_id",
            "policy",
            "serial_number",
            "token_code"));
    /** AssumeRole's range; the role's MaxSessionDuration may lower the upper end (STS says so then). */
    static final int MAX_ROLE_DURATION = 43200;

    static final Map<Setting, String> SETTING_NAMES = BoltTask.SETTING_NAMES;
    /** While a role profile's own chain is assumed, the plan's MFA parameters are not the ones in play. */
    static final Map<Setting, String> PROFILE_CHAIN_NAMES = Map.of(
            Setting.PROFILE,
            "profile",
            Setting.MFA_SERIAL,
            "the profile's mfa_serial",
            Setting.MFA_TOKEN,
            "a code through the profile's mfa_process");

    private final InputStream in;
    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public BoltAssumeRole(InputStream in, PrintStream out, Map<String, String> env, Clock clock, Path home) {
        this.in = in;
        this.out = out;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    public int run() {
        return TaskProtocol.run(out, new AssumeRole());
    }

    private final class AssumeRole implements TaskProtocol.Body {
        @Override
        public Map<String, Object> execute() throws TaskError {
            TaskInput input = TaskInput.read(in, PARAMETERS);
            AssumeRoleRequest asked = request(input);
            Sessions sessions = Sessions.create(env, home, clock);
            ResolvedSettings settings;
            try {
                settings = sessions.resolve(SessionRequest.of(input.connection().build()));
            } catch (ConfigException e) {
                throw TaskInput.invalid(e, SETTING_NAMES);
            }
            AssumeRoleRequest request = withSerialForCode(asked, settings);
            AssumedRole role;
            try {
                role = sessions.client(settings).assumeRole(caller(sessions, settings), request);
            } catch (StsException e) {
                throw TaskProtocol.fromSts(e, settings.endpoint().uri());
            }
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("arn", role.arn());
            user.put("assumed_role_id", role.assumedRoleId());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("credentials", BoltTask.credentials(role.credentials()));
            result.put("assumed_role_user", user);
            return result;
        }
    }

    /** The AssumeRole call the plan describes, checked before anything else is done. */
    static AssumeRoleRequest request(TaskInput input) throws TaskError {
        try {
            String roleArn = Validation.checkRoleArn(input.requiredString("role_arn"));
            String sessionName = Validation.checkRoleSessionName(input.requiredString("role_session_name"));
            Integer duration = input.duration("duration_seconds", MAX_ROLE_DURATION, SETTING_NAMES);
            String token =
                    input.string("token_code") == null ? null : Validation.checkTokenCode(input.string("token_code"));
            String serial = input.string("serial_number") == null
                    ? null
                    : Validation.checkSerial(input.string("serial_number"));
            return new AssumeRoleRequest(
                    roleArn, sessionName, duration, input.string("external_id"), serial, token, input.string("policy"));
        } catch (ConfigException e) {
            throw TaskInput.invalid(e, SETTING_NAMES);
        }
    }

    /** A code without a serial goes with AWS_MFA_SERIAL's or the profile's serial, never dropped ({@link Sessions}). */
    static AssumeRoleRequest withSerialForCode(AssumeRoleRequest r, ResolvedSettings settings) throws TaskError {
        try {
            return Sessions.withDeviceForCode(r, settings);
        } catch (ConfigException e) {
            throw TaskInput.invalid(e, SETTING_NAMES);
        }
    }

    private static AwsCredentials caller(Sessions sessions, ResolvedSettings settings) throws StsException, TaskError {
        try {
            Sessions.checkUnattendedChain(settings);
        } catch (ConfigException e) {
            throw TaskInput.invalid(e, SETTING_NAMES);
        }
        try {
            return sessions.roleCaller(settings, new java.util.ArrayList<>());
        } catch (ConfigException e) {
            throw TaskInput.invalid(e, PROFILE_CHAIN_NAMES);
        }
    }
}
