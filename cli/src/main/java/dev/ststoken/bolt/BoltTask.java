package dev.ststoken.bolt;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.Validation;
import dev.ststoken.credentials.SessionCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.internal.Timestamps;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Bolt task {@code sts_session_token::get_session_token}: parameters from stdin JSON (see
 * {@link TaskInput}), one JSON object on stdout, failures as {@code _error} with exit 1 (see
 * {@link TaskProtocol}).
 */
public final class BoltTask {
    static final Set<String> PARAMETERS = parameters(List.of("duration_seconds", "serial_number", "token_code"));

    /** How core messages name settings in this task's parameters. */
    static final Map<Setting, String> SETTING_NAMES =
            Map.of(Setting.PROFILE, "profile", Setting.MFA_SERIAL, "serial_number", Setting.MFA_TOKEN, "token_code");

    private final InputStream in;
    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public BoltTask(InputStream in, PrintStream out, Map<String, String> env, Clock clock, Path home) {
        this.in = in;
        this.out = out;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    /** A task's own parameters plus the module's connection parameters. */
    static Set<String> parameters(List<String> own) {
        Set<String> all = new LinkedHashSet<>(own);
        all.addAll(TaskInput.CONNECTION);
        return Set.copyOf(all);
    }

    public int run() {
        return TaskProtocol.run(out, new GetSessionToken());
    }

    private final class GetSessionToken implements TaskProtocol.Body {
        @Override
        public Map<String, Object> execute() throws TaskError {
            TaskInput input = TaskInput.read(in, PARAMETERS);
            SessionParameters parameters = input.connection()
                    .durationSeconds(input.duration("duration_seconds", Validation.MAX_DURATION, SETTING_NAMES))
                    .mfaSerial(input.string("serial_number"))
                    .mfaToken(input.string("token_code"))
                    .build();
            // As the original task: MFA and a duration only when the plan asks for them.
            Sessions sessions = Sessions.create(env, home, clock);
            SessionRequest request = SessionRequest.of(parameters).toBuilder()
                    .mfa(SessionRequest.MfaSource.EXPLICIT)
                    .build();
            ResolvedSettings settings;
            try {
                settings = sessions.resolve(request);
            } catch (ConfigException e) {
                throw TaskInput.invalid(e, SETTING_NAMES);
            }
            SessionResult session;
            try {
                session = sessions.session(settings, request, null);
            } catch (ConfigException e) {
                throw TaskInput.invalid(e, SETTING_NAMES);
            } catch (StsException e) {
                throw TaskProtocol.fromSts(e, settings.endpoint().uri());
            }
            return Map.of("credentials", credentials(session.session()));
        }
    }

    /** The credentials as every task of the module returns them. */
    static Map<String, Object> credentials(SessionCredentials session) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("access_key_id", session.accessKeyId());
        credentials.put("secret_access_key", session.secretAccessKey());
        credentials.put("session_token", session.sessionToken());
        credentials.put("expiration", Timestamps.utcZ(session.expiration()));
        return credentials;
    }
}
