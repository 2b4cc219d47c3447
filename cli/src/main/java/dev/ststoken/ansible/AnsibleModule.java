package dev.ststoken.ansible;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.Validation;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.Setting;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.output.SeedResult;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module {@code sts_session_token} (Ansible's WANT_JSON protocol, see {@link ModuleProtocol}).
 * A drop-in for the original sts_session_token module and community.aws's: same options and aliases, same result keys,
 * but a clean {@code msg} instead of a traceback on AWS errors, and check mode.
 */
public final class AnsibleModule {
    static final String MODULE = "sts_session_token";
    static final String NO_LOG_PLACEHOLDER = ArgumentSpec.NO_LOG_PLACEHOLDER;

    /** The original module's options under its names; the connection options are the collection's, aliases included. */
    static final ArgumentSpec SPEC = spec();

    /** How core messages name settings in this module's options. */
    static final Map<Setting, String> SETTING_NAMES =
            Map.of(Setting.PROFILE, "profile", Setting.MFA_SERIAL, "mfa_serial_number", Setting.MFA_TOKEN, "mfa_token");

    private final PrintStream out;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;

    public AnsibleModule(PrintStream out, Map<String, String> env, Clock clock, Path home) {
        this.out = out;
        this.env = env;
        this.clock = clock;
        this.home = home;
    }

    private static ArgumentSpec spec() {
        List<ParameterSpec> options = new ArrayList<>(ConnectionOptions.SEED.specs());
        options.add(ParameterSpec.integer("duration_seconds"));
        options.add(ParameterSpec.str("mfa_serial_number", false));
        options.add(ParameterSpec.str("mfa_token", true));
        return new ArgumentSpec(MODULE, options);
    }

    /** Always prints exactly one JSON object; returns 0 on success, 1 on failure. */
    public int run(List<String> args) {
        return ModuleProtocol.run(out, args, SPEC, new GetSessionToken());
    }

    /** Named, not a lambda: the same shape as the collection's other modules. */
    private final class GetSessionToken implements ModuleProtocol.Body {
        @Override
        public Map<String, Object> execute(Map<String, Object> params, Set<String> secrets) throws ModuleFailure {
            boolean debug = ConnectionOptions.debug(params, env);
            SessionParameters parameters = parameters(params);
            // As the original module: SerialNumber and DurationSeconds only when the task sets them.
            Sessions sessions = Sessions.create(env, home, clock);
            SessionRequest request = SessionRequest.of(parameters).toBuilder()
                    .mfa(SessionRequest.MfaSource.EXPLICIT)
                    .build();
            ResolvedSettings settings = ConnectionOptions.resolve(sessions, request, SETTING_NAMES);
            if (settings.credentials() != null) { // null for a sign-in: its session is masked when it arrives
                secrets.add(settings.credentials().secretAccessKey());
                secrets.add(settings.credentials().sessionToken());
            }
            SessionResult session;
            try {
                session = sessions.session(settings, request, null);
            } catch (ConfigException e) {
                throw new ModuleFailure(e.message(SETTING_NAMES));
            } catch (StsServiceException e) {
                // A sign-in's session comes from the portal's GetRoleCredentials, not from STS.
                throw ModuleFailure.fromAws(e, settings.signsIn() ? "GetRoleCredentials" : "GetSessionToken", debug);
            } catch (StsTransportException e) {
                throw new ModuleFailure("Failed to connect to AWS: " + e.getMessage());
            } catch (StsException e) {
                throw new ModuleFailure(e.getMessage());
            }
            return SeedResult.of(session, debug);
        }
    }

    private static SessionParameters parameters(Map<String, Object> params) throws ModuleFailure {
        Integer duration = null;
        if (params.get("duration_seconds") != null) {
            try {
                duration = Validation.checkDuration((Long) params.get("duration_seconds"));
            } catch (ConfigException e) {
                throw new ModuleFailure(e.message(SETTING_NAMES));
            }
        }
        return ConnectionOptions.SEED
                .parameters(params)
                .durationSeconds(duration)
                .mfaSerial((String) params.get("mfa_serial_number"))
                .mfaToken((String) params.get("mfa_token"))
                .build();
    }
}
