package dev.ststoken.session;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.sts.GetSessionTokenRequest;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsException;
import java.time.Clock;
import java.util.List;

/**
 * The library's main job: given resolved settings, obtain a session. Chooses the MFA code source
 * (PRODUCT.md 3.1's order) only when a call is really needed, so a cached session never prompts.
 */
public final class SessionService {
    private final Clock clock;

    public SessionService(Clock clock) {
        this.clock = clock;
    }

    public StsClient client(ResolvedSettings settings) {
        return new StsClient(settings.endpoint(), settings.tls(), clock);
    }

    public SessionResult obtain(ResolvedSettings settings, MfaPrompt prompt) throws ConfigException, StsException {
        String code = mfaCode(settings, prompt);
        GetSessionTokenRequest request = new GetSessionTokenRequest(settings.durationSeconds(),
                settings.mfaSerial(), code);
        return new SessionResult(client(settings).getSessionToken(settings.credentials(), request), true,
                List.of("sts:GetSessionToken"));
    }

    /** Token from parameters, then mfa_process, then the prompt; none at all when no serial is known. */
    static String mfaCode(ResolvedSettings settings, MfaPrompt prompt) throws ConfigException {
        if (settings.mfaSerial() == null) {
            return null;
        }
        if (settings.mfaToken() != null) {
            return settings.mfaToken();
        }
        if (settings.mfaProcess() != null) {
            return MfaProcess.run(settings.mfaProcess());
        }
        if (prompt == null) {
            throw new ConfigException("an MFA serial number is set (" + settings.mfaSerial()
                    + ") but no code was given: pass the code, or set mfa_process");
        }
        return prompt.ask(settings.mfaSerial());
    }
}
