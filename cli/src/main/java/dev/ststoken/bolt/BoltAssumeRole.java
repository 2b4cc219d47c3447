package dev.ststoken.bolt;

import dev.ststoken.config.ResolvedSettings;
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
import java.util.ArrayList;
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
            AssumedRole role;
            try {
                role = sessions.assumeRole(settings, asked, new ArrayList<>());
            } catch (ConfigException e) {
                throw TaskInput.invalid(e, SETTING_NAMES);
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
            return Sessions.checkRole(new AssumeRoleRequest(
                    input.requiredString("role_arn"),
                    input.requiredString("role_session_name"),
                    input.duration("duration_seconds", MAX_ROLE_DURATION, SETTING_NAMES),
                    input.string("external_id"),
                    input.string("serial_number"),
                    input.string("token_code"),
                    input.string("policy")));
        } catch (ConfigException e) {
            throw TaskInput.invalid(e, SETTING_NAMES);
        }
    }
}
